import type { FaceDto, FaceJobDto, FaceSuggestionDto } from '@likeness/shared';
import { personDisplayName } from '../../kernel/person-name';
import type { FaceJobRow, FaceSuggestionRow } from './face.repository';
import type { TenantSettings } from '../../kernel/tenant-settings';
import { FACE_MODEL } from './face-engine';
import { isMatchable } from './face-scoring';

export function toFaceDto(
  b: { id: string; x: number; y: number; w: number; h: number; source: string; personId: string | null; person: { name: string | null; ref: number } | null },
  e: { score: number; sizePx: number; model: string } | undefined,
  settings: TenantSettings,
  suggestions: FaceSuggestionRow[],
): FaceDto {
  const embedded = !!e && e.model === FACE_MODEL;
  return {
    boxId: b.id,
    x: b.x,
    y: b.y,
    w: b.w,
    h: b.h,
    source: b.source as FaceDto['source'],
    personId: b.personId,
    personName: b.person ? personDisplayName(b.person) : null,
    embedded,
    detectionScore: e?.score ?? null,
    sizePx: e?.sizePx ?? null,
    matchable: embedded && isMatchable({ detScore: e.score, sizePx: e.sizePx }, settings),
    suggestions: suggestions.map(toSuggestionDto),
  };
}

export function toSuggestionDto(s: FaceSuggestionRow): FaceSuggestionDto {
  return {
    id: s.id,
    boxId: s.boxId,
    personId: s.personId,
    personName: personDisplayName(s.person),
    score: s.score,
    status: s.status as FaceSuggestionDto['status'],
  };
}

export function toJobDto(j: FaceJobRow): FaceJobDto {
  return {
    id: j.id,
    status: j.status as FaceJobDto['status'],
    force: j.force,
    total: j.total,
    done: j.done,
    failed: j.failed,
    error: j.error,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}
