import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget, type Lookup } from '../../kernel/network-guard';

export type WebhookPost = (url: string, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<number>;

/**
 * POSTs to a webhook URL after resolving and checking its host, connecting to exactly the address that
 * was checked (a custom lookup pins it), so a name cannot change what it resolves to between check and
 * connect. Redirects are not followed and the response body is discarded unread: only the status counts.
 */
export function pinnedPost(allowPrivate: boolean, resolve?: Lookup): WebhookPost {
  return async (url, headers, body, timeoutMs) => {
    const target = await resolveTarget(url, allowPrivate, resolve);
    const lookup: LookupFunction = (_host, options, callback) => {
      if (options.all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target]);
      else callback(null, target.address, target.family);
    };
    const u = new URL(url);
    const client = u.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const req = client.request(u, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, agent: false, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      });
      req.once('error', reject);
      req.end(body);
    });
  };
}
