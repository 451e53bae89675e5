import { DELIVERY_WIDTHS, deliveryPath, type DeliveryWidth } from '@likeness/shared/delivery';

export { DELIVERY_WIDTHS, type DeliveryWidth };

/**
 * The public, consent-enforced URL of an image in one channel, for places no plugin runs (newsletters,
 * static sites): it answers only while the file is approved there (404, 410 once withdrawn), and its
 * cache lifetime never reaches past the approval. `publicId` is the asset's `publicId`.
 */
export function deliveryUrl(baseUrl: string, publicId: string, channel: string, width: DeliveryWidth = 1280): string {
  if (!(DELIVERY_WIDTHS as readonly number[]).includes(width)) throw new RangeError(`width must be one of ${DELIVERY_WIDTHS.join(', ')}`);
  return `${baseUrl.replace(/\/+$/, '')}${deliveryPath(publicId, channel, width)}`;
}

/** A srcset of every delivery width up to `maxWidth` (the server never serves wider than the original). */
export function deliverySrcset(baseUrl: string, publicId: string, channel: string, maxWidth: number = 2560): string {
  return DELIVERY_WIDTHS.filter((w) => w <= maxWidth)
    .map((w) => `${deliveryUrl(baseUrl, publicId, channel, w)} ${w}w`)
    .join(', ');
}
