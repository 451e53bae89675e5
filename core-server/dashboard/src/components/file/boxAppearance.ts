import type { TFunction } from 'i18next';
import type { Asset, AssetFaces, Box } from '../../lib/api';
import { coverage, isSatisfied } from '../../lib/coverage';
import type { PersonFacts } from './ConsentStep';

const BOX_COLORS = { ok: '#63e6be', problem: '#ff8787', unknown: '#ffd43b', neutral: '#74c0fc' };

/**
 * How a box is drawn: its colour (unknown person; consent covers the channel or not; consent not needed) and
 * its label (the person, a pending face suggestion with a question mark, or "unknown").
 */
export function boxAppearance(
  asset: Asset,
  channel: string | undefined,
  facts: Map<string, PersonFacts>,
  faces: AssetFaces | undefined,
  t: TFunction,
): { colorOf(b: Box): string; labelOf(b: Box): string } {
  const colorOf = (b: Box) => {
    if (!b.personId) return BOX_COLORS.unknown;
    if (asset.basis !== 'consent' || !channel) return BOX_COLORS.neutral;
    const f = facts.get(b.personId);
    const r = coverage(asset, channel, b.personId, f?.person, f?.agreements, f?.adultAge ?? 18);
    return r === null ? BOX_COLORS.neutral : isSatisfied(r) ? BOX_COLORS.ok : BOX_COLORS.problem;
  };
  const suggestionOf = (b: Box) => faces?.faces.find((f) => f.boxId === b.id)?.suggestions.find((sg) => sg.status === 'pending');
  const labelOf = (b: Box) => b.personName ?? (suggestionOf(b)?.personName ? `${suggestionOf(b)!.personName}?` : t('boxes.unknown'));
  return { colorOf, labelOf };
}
