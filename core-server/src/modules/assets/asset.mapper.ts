import type { AssetDto, BoxDto, ChannelStatusDto, UsageDto } from '@likeness/shared';
import type { AssetWithBoxes } from './asset.repository';
import { personDisplayName } from '../../kernel/person-name';

type BoxRow = AssetWithBoxes['boxes'][number];

export function toBoxDto(b: BoxRow): BoxDto {
  return {
    id: b.id,
    assetId: b.assetId,
    personId: b.personId,
    personName: b.person ? personDisplayName(b.person) : null,
    x: b.x,
    y: b.y,
    w: b.w,
    h: b.h,
    source: b.source as BoxDto['source'],
    startMs: b.startMs,
    endMs: b.endMs,
    frameMs: b.frameMs,
  };
}

export function toAssetDto(a: AssetWithBoxes, statuses: ChannelStatusDto[]): AssetDto {
  return {
    id: a.id,
    kind: a.kind as AssetDto['kind'],
    title: a.title,
    originalName: a.originalName,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    publicId: a.publicId,
    width: a.width,
    height: a.height,
    durationMs: a.durationMs,
    codec: a.codec,
    takenAt: a.takenAt?.toISOString() ?? null,
    basis: a.basis as AssetDto['basis'],
    basisNote: a.basisNote,
    basisValidUntil: a.basisValidUntil?.toISOString() ?? null,
    // A video has its poster's thumbnail once it was read (its duration is then known).
    hasThumbnail: a.kind === 'image' || a.durationMs !== null,
    boxes: a.boxes.map(toBoxDto),
    statuses,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function toUsageDto(u: {
  id: string;
  assetId: string;
  integration: string;
  channel: string;
  location: string;
  title: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  removedAt: Date | null;
}): UsageDto {
  return {
    id: u.id,
    assetId: u.assetId,
    integration: u.integration,
    channel: u.channel,
    location: u.location,
    title: u.title,
    firstSeenAt: u.firstSeenAt.toISOString(),
    lastSeenAt: u.lastSeenAt.toISOString(),
    removedAt: u.removedAt?.toISOString() ?? null,
  };
}
