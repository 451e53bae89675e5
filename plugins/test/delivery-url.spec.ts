import { describe, expect, it } from 'vitest';
import { DELIVERY_WIDTHS, deliverySrcset, deliveryUrl } from '../src/index';

describe('deliveryUrl', () => {
  const id = '0123456789abcdef0123456789abcdef';

  it('builds the public URL of an image in one channel, with or without a trailing slash on the base', () => {
    expect(deliveryUrl('https://likeness.example.se', id, 'web')).toBe(`https://likeness.example.se/d/${id}/web/1280.webp`);
    expect(deliveryUrl('https://likeness.example.se/', id, 'social', 640)).toBe(`https://likeness.example.se/d/${id}/social/640.webp`);
  });

  it('refuses a width the server would not serve', () => {
    expect(() => deliveryUrl('https://x', id, 'web', 1000 as never)).toThrow(RangeError);
  });

  it('makes a srcset of the widths up to the original', () => {
    const set = deliverySrcset('https://x', id, 'web', 960);
    expect(set.split(', ').map((s) => s.split(' ')[1])).toEqual(DELIVERY_WIDTHS.filter((w) => w <= 960).map((w) => `${w}w`));
  });
});
