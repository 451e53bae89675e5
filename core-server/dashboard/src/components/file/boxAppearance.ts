import type { TFunction } from 'i18next';
import type { Asset, AssetFaces, Box } from '../../lib/api';
import { coverage, isSatisfied } from '../../lib/coverage';
import type { PersonFacts } from './ConsentStep';

export type BoxState = 'ok' | 'problem' | 'unknown' | 'neutral';
const BOX_COLORS: Record<BoxState, string> = { ok: '#63e6be', problem: '#ff8787', unknown: '#ffd43b', neutral: '#74c0fc' };
/** A mark with each colour, so a box's meaning does not rest on its colour alone (WCAG 1.4.1). */
export const BOX_MARKS: Record<BoxState, string> = { ok: '✓', problem: '✕', unknown: '?', neutral: '–' };

/** What a box's colour and mark mean, in words, for its accessible name and the list row. */
export interface BoxMeaning {
  color: string;
  mark: string;
  text: string;
}

/**
 * How a box is drawn: its colour (unknown person; consent covers the channel or not; consent not needed) and
 * its label (the person, a pending face suggestion with a question mark, or "unknown"); `meaningOf` gives the
 * colour with its mark and words.
 */
export function boxAppearance(
  asset: Asset,
  channel: string | undefined,
  facts: Map<string, PersonFacts>,
  faces: AssetFaces | undefined,
  t: TFunction,
): { colorOf(b: Box): string; labelOf(b: Box): string; meaningOf(b: Box): BoxMeaning } {
  const stateOf = (b: Box): BoxState => {
    if (!b.personId) return 'unknown';
    if (asset.basis !== 'consent' || !channel) return 'neutral';
    const f = facts.get(b.personId);
    const r = coverage(asset, channel, b.personId, f?.person, f?.agreements, f?.adultAge ?? 18);
    return r === null ? 'neutral' : isSatisfied(r) ? 'ok' : 'problem';
  };
  const colorOf = (b: Box) => BOX_COLORS[stateOf(b)];
  const meaningOf = (b: Box): BoxMeaning => {
    const state = stateOf(b);
    return { color: BOX_COLORS[state], mark: BOX_MARKS[state], text: t(`boxes.state.${state}`) };
  };
  const suggestionOf = (b: Box) => faces?.faces.find((f) => f.boxId === b.id)?.suggestions.find((sg) => sg.status === 'pending');
  const labelOf = (b: Box) => b.personName ?? (suggestionOf(b)?.personName ? `${suggestionOf(b)!.personName}?` : t('boxes.unknown'));
  return { colorOf, labelOf, meaningOf };
}
