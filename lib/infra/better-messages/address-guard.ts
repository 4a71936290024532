/**
 * Refuses link-local and cloud-metadata addresses at connect time.
 *
 * The check runs inside undici's connector, on the address the socket is about to use, so a
 * hostname that resolves to a safe address for a pre-check and to 169.254.169.254 a moment
 * later (DNS rebinding) is still refused. Loopback and private ranges stay allowed: self-hosted
 * sites and our demo site live there.
 */
import dns from 'node:dns';
import net from 'node:net';
import { Agent, buildConnector } from 'undici';

export type LookupFunction = typeof dns.lookup;

/** Thrown inside the connector; the HTTP core turns it into a `blocked-address` BmError. */
export class BlockedAddressError extends Error {
  readonly code = 'BM_BLOCKED_ADDRESS';
  readonly address: string;

  constructor(address: string) {
    super(`Refusing to connect to ${address}: link-local and cloud metadata addresses are blocked`);
    this.name = 'BlockedAddressError';
    this.address = address;
  }
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inV4Range(ip: string, base: string, bits: number): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(ipv4ToInt(ip) / size) === Math.floor(ipv4ToInt(base) / size);
}

/** Expands an IPv6 text form to 8 numbers; handles `::` and a trailing dotted IPv4. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip.toLowerCase().split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const n = ipv4ToInt(dotted[1]);
    text = text.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return null;
  const groups = [...headParts, ...Array<string>(missing).fill('0'), ...tailParts].map((g) =>
    parseInt(g, 16),
  );
  return groups.some((g) => Number.isNaN(g)) ? null : groups;
}

/** True for addresses BM Desk must never connect to. */
export function isBlockedAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  if (net.isIPv4(ip)) {
    return (
      inV4Range(ip, '169.254.0.0', 16) || // link-local, incl. 169.254.169.254 metadata
      inV4Range(ip, '0.0.0.0', 8) || // "this network": 0.0.0.0 reaches local services
      ip === '100.100.100.200' // Alibaba Cloud metadata
    );
  }
  if (!net.isIPv6(ip)) return false;
  const g = ipv6Groups(ip);
  if (!g) return true; // unparseable: refuse rather than guess
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if ((g0 & 0xffc0) === 0xfe80) return true; // fe80::/10
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0)
    return g7 === 0x0254; // AWS IMDS over IPv6
  if (g.every((x) => x === 0)) return true; // ::, like 0.0.0.0
  const first5Zero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) forms of blocked v4 addresses.
  // (`::1` loopback shares the compatible form's zero prefix, hence the g6 test.)
  if (first5Zero && (g5 === 0xffff || (g5 === 0 && g6 !== 0))) {
    const v4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join('.');
    return isBlockedAddress(v4);
  }
  // NAT64 (64:ff9b::/96) wraps a v4 address too.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isBlockedAddress([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join('.'));
  }
  return false;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `dns.lookup` replacement that drops nothing but fails when any answer is blocked. */
function guardedLookup(baseLookup: LookupFunction = dns.lookup): LookupFunction {
  const lookup = (
    hostname: string,
    options: dns.LookupOptions | number | LookupCallback,
    maybeCallback?: LookupCallback,
  ): void => {
    const callback = (typeof options === 'function' ? options : maybeCallback) as LookupCallback;
    const opts: dns.LookupOptions =
      typeof options === 'object' ? options : typeof options === 'number' ? { family: options } : {};
    // Ask for every address so one blocked answer among several cannot slip through.
    baseLookup(hostname, { ...opts, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as dns.LookupAddress[];
      const blocked = list.find((a) => isBlockedAddress(a.address));
      if (blocked) return callback(new BlockedAddressError(blocked.address), []);
      if (opts.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
  return lookup as unknown as LookupFunction;
}

/** An undici Agent that checks literal IP hosts and every resolved address before connecting. */
export function createGuardedAgent(options: { lookup?: LookupFunction; connectTimeoutMs?: number } = {}) {
  const base = buildConnector({
    lookup: guardedLookup(options.lookup),
    timeout: options.connectTimeoutMs ?? 10_000,
  } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (opts, callback) => {
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    // Node skips lookup() for literal IPs, so they are checked here.
    if (net.isIP(host) && isBlockedAddress(host)) {
      callback(new BlockedAddressError(host), null);
      return;
    }
    base(opts, callback);
  };
  return new Agent({ connect });
}
