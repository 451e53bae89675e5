import { promises as dns } from 'node:dns';
import net from 'node:net';
import { AppError } from '@likeness/shared';

/**
 * Outbound requests to addresses an admin names (webhooks) must not reach the server's own network:
 * loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, unique-local IPv6 and the like.
 */
// Two lists: a BlockList checks an IPv4 address against its IPv6 rules too (as ::ffff:a.b.c.d), and ::ffff:0:0/96 would then block every IPv4 address.
const blocked4 = new net.BlockList();
const blocked6 = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked4.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64],
  // IPv4-mapped, IPv4-compatible and NAT64 forms could smuggle any IPv4 address past the list above.
  ['::ffff:0:0', 96], ['::', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2002::', 16],
] as const) blocked6.addSubnet(net6, bits, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  return family === 4 ? !blocked4.check(address, 'ipv4') : !blocked6.check(address, 'ipv6');
}

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

export type Lookup = (host: string) => Promise<ResolvedTarget[]>;
const systemLookup: Lookup = async (host) => (await dns.lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));

const refused = (message: string) => new AppError('webhook_target_refused', message);

/**
 * Resolves the URL's host and returns the one address to connect to. Unless private targets are allowed,
 * every address the name resolves to must be public: one private answer refuses the whole name.
 */
export async function resolveTarget(rawUrl: string, allowPrivate: boolean, lookup: Lookup = systemLookup): Promise<ResolvedTarget> {
  const url = new URL(rawUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused('Only http and https targets are allowed.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = net.isIP(host);
  let addresses: ResolvedTarget[];
  if (literal) addresses = [{ address: host, family: literal as 4 | 6 }];
  else {
    try {
      addresses = await lookup(host);
    } catch {
      throw refused(`The host ${host} does not resolve.`);
    }
    if (addresses.length === 0) throw refused(`The host ${host} does not resolve.`);
  }
  if (!allowPrivate) {
    const inner = addresses.find((a) => !isPublicAddress(a.address));
    if (inner) {
      throw refused(
        `The target ${literal ? inner.address : `${host} (${inner.address})`} is a loopback, private, link-local or otherwise internal address. ` +
          'Webhooks may only call public addresses (WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows internal ones for development).',
      );
    }
  }
  return addresses[0]!;
}
