/**
 * Public delivery URLs (/d/<publicId>/<channel>/<width>.webp): the server answers them, the SDK and the
 * dashboard build them. No zod here, so browser bundles can import it on its own (`@likeness/shared/delivery`).
 */

/** Widths a delivery URL may ask for: a fixed set, so the disk cache stays bounded (never wider than the original). */
export const DELIVERY_WIDTHS = [160, 320, 640, 960, 1280, 1600, 1920, 2560] as const;
export type DeliveryWidth = (typeof DELIVERY_WIDTHS)[number];

/** The path of an image's public, consent-enforced URL in one channel: it answers only while approved there. */
export function deliveryPath(publicId: string, channel: string, width: DeliveryWidth = 1280): string {
  return `/d/${encodeURIComponent(publicId)}/${encodeURIComponent(channel)}/${width}.webp`;
}
