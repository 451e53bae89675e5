import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'manifest.template.xml');

/** The add-in's identity: one id for every deployment, so Office sees the same add-in after a server move. */
export const ADDIN_ID = '6f1f3d2e-8a4b-4c55-9d1e-3b7c5a2e9f10';
export const ADDIN_VERSION = '1.0.0.0';

export interface ManifestOptions {
  /** Where users reach the Likeness server, e.g. `https://likeness.example.se` (no trailing slash needed). */
  serverUrl: string;
  /** The channel whose approvals count in the task pane; omitted means the pane's default (`office`). */
  channel?: string;
}

/** The server URL the manifest may use: absolute http(s), no query, fragment or credentials. */
export function normaliseServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`The server URL "${raw}" is not an absolute URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The server URL must use https (or http for local testing).');
  if (url.username || url.password || url.search || url.hash) throw new Error('The server URL must not carry credentials, a query or a fragment.');
  return url.href.replace(/\/+$/, '');
}

const CHANNEL = /^[a-z0-9][a-z0-9_-]{0,39}$/;

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The XML add-in-only manifest for Word and PowerPoint, with every URL under the server's URL. */
export function renderManifest(options: ManifestOptions): string {
  const serverUrl = normaliseServerUrl(options.serverUrl);
  if (options.channel !== undefined && !CHANNEL.test(options.channel)) throw new Error(`"${options.channel}" is not a channel key.`);
  const query = options.channel ? `?channel=${encodeURIComponent(options.channel)}` : '';
  const values: Record<string, string> = { SERVER_URL: serverUrl, QUERY: query, ADDIN_ID, VERSION: ADDIN_VERSION };
  return fs.readFileSync(TEMPLATE, 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Unknown placeholder {{${key}}} in the manifest template.`);
    return escapeXml(value);
  });
}
