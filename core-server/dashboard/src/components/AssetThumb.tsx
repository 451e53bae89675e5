import { Center, ThemeIcon } from '@mantine/core';
import { IconMovie, IconPhotoOff } from '@tabler/icons-react';
import { useState } from 'react';
import { fileUrl, type Asset } from '../lib/api';

/** A 4:3 thumbnail of a file; videos without a thumbnail show an icon. */
export function AssetThumb({ asset, alt, ratio }: { asset: Pick<Asset, 'id' | 'hasThumbnail' | 'kind'>; alt: string; ratio?: string }) {
  const [failed, setFailed] = useState(false);
  return (
    <div className="lk-thumb" style={ratio ? { aspectRatio: ratio } : undefined}>
      {asset.hasThumbnail && !failed ? (
        <img src={fileUrl(asset.id, 'thumbnail')} alt={alt} loading="lazy" decoding="async" onError={() => setFailed(true)} />
      ) : (
        <Center h="100%">
          <ThemeIcon size={48} radius="xl" variant="light" color="gray">
            {asset.kind === 'video' ? <IconMovie size={26} /> : <IconPhotoOff size={26} />}
          </ThemeIcon>
        </Center>
      )}
    </div>
  );
}
