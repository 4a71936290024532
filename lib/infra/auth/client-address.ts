import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { BlockList } from 'node:net';
import { env, type TrustedProxies } from '@/lib/infra/env';

/**
 * The TCP peer's address, written onto every request as it arrives, over any copy the client
 * sent. Next hands pages, actions and proxy.ts only headers, never the socket, and fills an
 * absent `X-Forwarded-For` with the peer, so that header cannot tell a client's claim from
 * the connection.
 */
export const PEER_ADDRESS_HEADER = 'x-bmdesk-peer-address';

const STAMP = Symbol.for('bmdesk.peer-address-stamp');
type StampHolder = { [STAMP]?: diagnosticsChannel.Channel };

/**
 * Stamps every request of every HTTP server in this process, from Node's own "request
 * arrived" channel, which fires before the server's handlers (and so before Next) see it.
 * Called once at start (instrumentation.ts).
 */
export function stampPeerAddresses(): void {
  const holder = globalThis as StampHolder;
  if (holder[STAMP]) return;
  const channel = diagnosticsChannel.channel('http.server.request.start');
  channel.subscribe((message) => {
    const { request } = message as { request: IncomingMessage };
    request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? '';
  });
  // Held for the life of the process: an unreferenced channel may be collected with its subscriber.
  holder[STAMP] = channel;
}

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is `10.0.0.1`. */
function plain(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

let trustedList: { for: TrustedProxies; list: BlockList } | undefined;

function isTrustedProxy(trusted: Extract<TrustedProxies, { ranges: unknown }>, address: string): boolean {
  if (trustedList?.for !== trusted) {
    const list = new BlockList();
    for (const r of trusted.ranges) list.addSubnet(r.address, r.prefix, r.family);
    trustedList = { for: trusted, list };
  }
  const family = address.includes(':') ? 'ipv6' : 'ipv4';
  try {
    return trustedList.list.check(address, family);
  } catch {
    // Not an address at all (a proxy's "unknown", garbage): not one of ours.
    return false;
  }
}

/**
 * The client's address for throttling: the connection's own, unless it comes from a trusted
 * proxy (BMDESK_TRUSTED_PROXIES); then X-Forwarded-For is read from the right, each trusted
 * proxy vouching for the hop before it. Entries left of the first untrusted one are whatever
 * the client claimed and are never used. X-Real-IP is never read.
 */
export function clientAddress(
  headers: Headers,
  trusted: TrustedProxies = env().BMDESK_TRUSTED_PROXIES,
): string {
  if (!(globalThis as StampHolder)[STAMP]) {
    // Without the stamp a client could send the header itself: refuse rather than trust it.
    throw new Error('The connection address is not stamped on requests (stampPeerAddresses never ran).');
  }
  const peer = plain(headers.get(PEER_ADDRESS_HEADER) ?? '');
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map(plain)
    .filter((entry) => entry !== '');
  // Nearest first: the peer, then the hops the proxies appended, right to left.
  const chain = [peer, ...forwarded.reverse()];
  let index = 0;
  if ('hops' in trusted) {
    index = Math.min(trusted.hops, chain.length - 1);
  } else {
    while (index < chain.length - 1 && isTrustedProxy(trusted, chain[index]!)) index++;
  }
  return chain[index] || 'unknown';
}
