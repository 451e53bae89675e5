import { Avatar } from '@mantine/core';
import { useInViewport } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { fileUrl, listAssets, type Asset, type Box } from '../lib/api';

/** The square crop (in image pixels) around a box, with some margin, kept inside the image. */
export function faceCrop(box: Pick<Box, 'x' | 'y' | 'w' | 'h'>, width: number, height: number) {
  const side = Math.min(Math.max(box.w * width, box.h * height) * 1.2, width, height);
  const cx = (box.x + box.w / 2) * width;
  const cy = (box.y + box.h / 2) * height;
  const left = Math.min(Math.max(cx - side / 2, 0), width - side);
  const top = Math.min(Math.max(cy - side / 2, 0), height - side);
  return { left, top, side };
}

/** CSS that shows `box` of the asset's thumbnail, scaled to a `size`-pixel square. */
export function faceStyle(asset: Pick<Asset, 'id' | 'width' | 'height'>, box: Pick<Box, 'x' | 'y' | 'w' | 'h'>, size: number): React.CSSProperties | null {
  if (!asset.width || !asset.height) return null;
  const { left, top, side } = faceCrop(box, asset.width, asset.height);
  const scale = size / side;
  return {
    width: size,
    height: size,
    backgroundImage: `url(${fileUrl(asset.id, 'thumbnail')})`,
    backgroundSize: `${asset.width * scale}px ${asset.height * scale}px`,
    backgroundPosition: `${-left * scale}px ${-top * scale}px`,
  };
}

/** The first file and box in which the person is tagged, preferring boxes a human confirmed. */
export function firstFace(assets: Asset[], personId: string): { asset: Asset; box: Box } | null {
  let fallback: { asset: Asset; box: Box } | null = null;
  for (const asset of assets) {
    if (!asset.hasThumbnail) continue;
    for (const box of asset.boxes) {
      if (box.personId !== personId) continue;
      if (box.source === 'manual') return { asset, box };
      fallback ??= { asset, box };
    }
  }
  return fallback;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** A person's face cropped from the first file they are tagged in (via CSS), or their initials. */
export function PersonFace({ personId, name, size = 36 }: { personId: string; name: string; size?: number }) {
  const { ref, inViewport } = useInViewport();
  const { data } = useQuery({
    queryKey: ['assets', 'list', { personId, limit: 5 }],
    queryFn: () => listAssets({ personId, limit: 5 }),
    enabled: inViewport,
    staleTime: 5 * 60_000,
  });
  const face = data ? firstFace(data.items, personId) : null;
  const style = face ? faceStyle(face.asset, face.box, size) : null;
  if (style) return <div ref={ref} className="lk-face" style={style} role="img" aria-label={name} data-testid="person-face" />;
  return (
    <div ref={ref}>
      <Avatar size={size} radius="xl" color="brand" variant="light" aria-label={name}>
        {initials(name) || '?'}
      </Avatar>
    </div>
  );
}
