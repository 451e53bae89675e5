import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { plugin } from './util';

export type Verdict = 'ok' | 'missing' | 'malformed' | 'expired' | 'mismatch' | 'no_secret';

/** `X-Likeness-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function verifySignature(header: string | undefined, rawBody: string, secret: string | null, nowSeconds: number, tolerance: number): Verdict {
  if (!secret) return 'no_secret';
  if (!header || !header.trim()) return 'missing';
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || !signatures.length) return 'malformed';
  if (Math.abs(nowSeconds - timestamp) > tolerance) return 'expired';
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody), 'hex');
  return signatures.some((s) => timingSafeEqual(expected, Buffer.from(s, 'hex'))) ? 'ok' : 'mismatch';
}

export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

const SEEN_MAX = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Receives Likeness's signed status-change webhooks (the path that works while the socket is down). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Event ids already applied: a delivery replayed inside the time window is acknowledged, not applied twice. */
  const seen = new Set<string>();

  return {
    async receive(header: string | undefined, rawBody: string | undefined): Promise<{ status: number; code: string; message: string }> {
      if (rawBody === undefined) return { status: 400, code: 'no_body', message: 'The raw request body is missing.' };
      const { webhookSecret } = await plugin(strapi, 'settings').get();
      const tolerance = strapi.config.get<number>('plugin::likeness.webhookToleranceSeconds');
      const verdict = verifySignature(header, rawBody, webhookSecret, Math.floor(Date.now() / 1000), tolerance);
      if (verdict !== 'ok') {
        strapi.log.warn(`[likeness] webhook refused: signature ${verdict}`);
        return verdict === 'no_secret'
          ? { status: 503, code: 'not_configured', message: 'No webhook secret is set in Settings → Likeness.' }
          : { status: 401, code: `signature_${verdict}`, message: 'The X-Likeness-Signature header is missing, malformed, too old or wrong.' };
      }
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        strapi.log.warn('[likeness] webhook refused: the body is not JSON');
        return { status: 400, code: 'malformed', message: 'The body is not JSON.' };
      }
      if (event.type !== 'asset.status.changed') return { status: 202, code: 'ignored', message: `Event type ${String(event.type)} is not handled.` };
      if (typeof event.id !== 'string' || typeof event.assetId !== 'string' || !UUID.test(event.assetId) || typeof event.channel !== 'string' || typeof event.visible !== 'boolean') {
        strapi.log.warn('[likeness] webhook refused: not a status-change event');
        return { status: 400, code: 'malformed', message: 'Not an asset.status.changed event.' };
      }
      if (seen.has(event.id)) return { status: 200, code: 'duplicate', message: 'Already applied.' };
      seen.add(event.id);
      if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value as string);
      await plugin(strapi, 'connection').applyEvent({
        assetId: event.assetId.toLowerCase(),
        channel: event.channel,
        visible: event.visible,
        approved: event.approved === true,
        newStatus: String(event.newStatus ?? 'unknown'),
      });
      return { status: 200, code: 'applied', message: 'Applied.' };
    },
  };
};
