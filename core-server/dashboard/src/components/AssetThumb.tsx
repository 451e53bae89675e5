import { Center, ThemeIcon } from '@mantine/core';
import { IconMovie, IconPhotoOff } from '@tabler/icons-react';
import { useState } from 'react';
import { fileUrl, type Asset } from '../lib/api';
import { formatDuration } from '../lib/format';

type ThumbAsset = Pick<Asset, 'id' | 'hasThumbnail' | 'kind'> & Partial<Pick<Asset, 'durationMs'>>;

/**
 * A 4:3 thumbnail of a file. A video shows its poster with its length, and plays its short silent clip while
 * pointed at or focused; a file with no thumbnail shows an icon.
 */
export function AssetThumb({ asset, alt, ratio }: { asset: ThumbAsset; alt: string; ratio?: string }) {
  const [failed, setFailed] = useState(false);
  const [playing, setPlaying] = useState(false);
  const video = asset.kind === 'video' && asset.hasThumbnail && !failed;
  return (
    <div
      className="lk-thumb"
      style={ratio ? { aspectRatio: ratio } : undefined}
      onMouseEnter={video ? () => setPlaying(true) : undefined}
      onMouseLeave={video ? () => setPlaying(false) : undefined}
      onFocus={video ? () => setPlaying(true) : undefined}
      onBlur={video ? () => setPlaying(false) : undefined}
    >
      {asset.hasThumbnail && !failed ? (
        playing ? (
          <video src={fileUrl(asset.id, 'clip')} poster={fileUrl(asset.id, 'thumbnail')} autoPlay muted loop playsInline aria-hidden="true" />
        ) : (
          <img src={fileUrl(asset.id, 'thumbnail')} alt={alt} loading="lazy" decoding="async" onError={() => setFailed(true)} />
        )
      ) : (
        <Center h="100%">
          <ThemeIcon size={48} radius="xl" variant="light" color="gray">
            {asset.kind === 'video' ? <IconMovie size={26} /> : <IconPhotoOff size={26} />}
          </ThemeIcon>
        </Center>
      )}
      {asset.kind === 'video' && asset.durationMs != null && <span className="lk-thumb__duration">{formatDuration(asset.durationMs)}</span>}
    </div>
  );
}
