import { describe, expect, it } from 'vitest';
import { classify, collectAttachmentIds, formatDate, summarize } from '../../js/lib.js';

const image = (id, extra = {}) => ({ name: 'core/image', attributes: { id, ...extra }, innerBlocks: [] });

describe('collectAttachmentIds', () => {
  it('finds images, gallery children, covers, media & text and video, once each', () => {
    const blocks = [
      image(1),
      { name: 'core/gallery', attributes: {}, innerBlocks: [image(2), image(3)] },
      { name: 'core/gallery', attributes: { ids: [4, '5'] }, innerBlocks: [] },
      { name: 'core/group', attributes: {}, innerBlocks: [{ name: 'core/cover', attributes: { id: 6 }, innerBlocks: [{ name: 'core/paragraph', attributes: {}, innerBlocks: [] }] }] },
      { name: 'core/media-text', attributes: { mediaId: 7 }, innerBlocks: [] },
      { name: 'core/video', attributes: { id: 8 }, innerBlocks: [] },
      image(1),
      image(undefined, { url: 'https://elsewhere.example/x.jpg' }),
      { name: 'core/paragraph', attributes: { id: 99 }, innerBlocks: [] },
    ];
    expect(collectAttachmentIds(blocks)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('copes with empty and missing lists', () => {
    expect(collectAttachmentIds([])).toEqual([]);
    expect(collectAttachmentIds(undefined)).toEqual([]);
  });
});

describe('classify', () => {
  it('says what the editor should show', () => {
    expect(classify(undefined)).toBe('loading');
    expect(classify({ error: true })).toBe('hidden');
    expect(classify({ status: 'approved', visible: true, approved: true })).toBe('ok');
    expect(classify({ status: 'expiring', visible: true, approved: true })).toBe('expiring');
    expect(classify({ status: 'consent_missing', visible: true, approved: false })).toBe('warn');
    expect(classify({ status: 'withdrawn', visible: false, approved: false })).toBe('hidden');
    expect(classify({ status: 'unknown', visible: false, approved: false })).toBe('hidden');
    expect(classify({ status: 'unlinked', visible: false })).toBe('unlinked-hidden');
    expect(classify({ status: 'unlinked', visible: true })).toBe('unlinked');
  });
});

describe('summarize', () => {
  it('groups what will not be shown and what is expiring', () => {
    const statuses = {
      1: { status: 'approved', visible: true, approved: true },
      2: { status: 'withdrawn', visible: false, approved: false, label: 'Consent withdrawn' },
      3: { status: 'expiring', visible: true, approved: true, approvedUntil: '2027-01-01T00:00:00Z' },
      4: { status: 'unlinked', visible: false },
    };
    const result = summarize([1, 2, 3, 4], (id) => statuses[id]);
    expect(result.blocking.map((b) => b.id)).toEqual([2, 4]);
    expect(result.expiring.map((b) => b.id)).toEqual([3]);
    expect(result.loading).toBe(false);
    expect(summarize([1, 5], (id) => statuses[id]).loading).toBe(true);
  });
});

describe('formatDate', () => {
  it('formats instants and tolerates nonsense', () => {
    expect(formatDate('2027-06-30T12:00:00Z', 'sv-SE')).toBe('30 juni 2027');
    expect(formatDate(null, 'sv-SE')).toBe('');
    expect(formatDate('not a date', 'sv-SE')).toBe('');
  });
});
