import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { createLikenessClient, unwrap, type LikenessClient } from '@likeness/sdk';
import type { StatusChangedEvent } from '@likeness/shared';
import { readPhoto, upload } from './media';
import type { TestOrg } from './test-server';

const DAY = 86_400_000;
export const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
export const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

/** A real socket.io client that records every status event. */
export class LiveClient {
  readonly events: StatusChangedEvent[] = [];
  readonly resyncs: unknown[] = [];
  hello: { seq: number; resumed: boolean } | null = null;
  readonly socket: Socket;
  private waiters: Array<() => void> = [];

  constructor(baseUrl: string, auth: { apiKey?: string; since?: number }, extra: { cookie?: string; origin?: string } = {}) {
    this.socket = io(`${baseUrl}/live`, {
      path: '/socket.io',
      transports: ['websocket'],
      auth,
      reconnection: false,
      forceNew: true,
      extraHeaders: { ...(extra.cookie ? { cookie: extra.cookie } : {}), ...(extra.origin ? { origin: extra.origin } : {}) },
    });
    this.socket.on('statuses', (events: StatusChangedEvent[]) => {
      this.events.push(...events);
      this.notify();
    });
    this.socket.on('hello', (h: { seq: number; resumed: boolean }) => {
      this.hello = h;
      this.notify();
    });
    this.socket.on('resync', (r: unknown) => {
      this.resyncs.push(r);
      this.notify();
    });
  }

  private notify() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `predicate` holds, or rejects after `ms`. */
  async until(predicate: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.events.map((e) => [e.seq, e.channel, e.newStatus]))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  connected(): Promise<void> {
    return this.until(() => this.hello !== null, 5000, 'hello');
  }

  connectError(): Promise<string> {
    return new Promise((resolve) => this.socket.on('connect_error', (err) => resolve(err.message)));
  }

  close() {
    this.socket.close();
  }
}

/** A person with a valid agreement, in an approved photo: the usual starting point. */
export async function approvedAsset(baseUrl: string, org: TestOrg, photo = 'cage.jpg', validUntil: string | null = inDays(100)) {
  const admin = org.as['gdpr-admin'];
  const up = await upload(baseUrl, '/api/v1/assets', org.cookies.editor, readPhoto(photo));
  const assetId: string = up.body.id;
  await unwrap(admin.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: assetId } }, body: { basis: 'consent' } }));
  const person = await unwrap(admin.POST('/api/v1/persons', { body: { name: `Person ${assetId.slice(0, 4)}` } }));
  await unwrap(admin.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: { x: 0.1, y: 0.1, w: 0.5, h: 0.5, personId: person.id } }));
  const agreement = await unwrap(
    admin.POST('/api/v1/persons/{id}/agreements', {
      params: { path: { id: person.id } },
      body: { kind: 'written', channels: ['web', 'print', 'social'], validFrom: inDays(-1), validUntil },
    }),
  );
  return { assetId, personId: person.id, agreementId: agreement.id };
}

export async function apiKey(org: TestOrg, scopes: Array<'status:read' | 'usages:write' | 'assets:read'>, extra: { public?: boolean; origins?: string[] } = {}) {
  const created = await unwrap(org.as.owner.POST('/api/v1/api-keys', { body: { name: `key ${scopes.join(',')}`, scopes, public: extra.public ?? false, origins: extra.origins } }));
  return created.key;
}

export function keyClient(baseUrl: string, key: string): LikenessClient {
  return createLikenessClient({ baseUrl, apiKey: key });
}

/** A real HTTP server on 127.0.0.1 that records webhook deliveries. */
export async function webhookReceiver(respond: (n: number) => number = () => 200) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = respond(received.length);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
