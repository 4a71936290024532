/**
 * Maps what undici throws (TypeError "fetch failed" with a cause chain, abort reasons) to a
 * BmError. Only a short code is kept: raw causes are dropped so nothing from the request
 * (headers included) can ride along in logs.
 */
import { BlockedAddressError } from './address-guard';
import { BmError } from './errors';

interface Context {
  route: string;
  timeoutMs: number;
  origin: string;
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 6) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function codeOf(value: unknown): string | undefined {
  const code = (value as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const CERT_CODES = /CERT|SSL|TLS|SELF_SIGNED|ALTNAME/;

export function mapNetworkError(error: unknown, ctx: Context): BmError {
  if (error instanceof BmError) return error;
  const chain = causes(error);
  const blocked = chain.find((c): c is BlockedAddressError => c instanceof BlockedAddressError);
  if (blocked) {
    return new BmError(
      'blocked-address',
      `${ctx.origin} leads to ${blocked.address}, a link-local or cloud metadata address. BM Desk never connects there.`,
      { route: ctx.route, causeCode: blocked.code },
    );
  }
  const timedOut = chain.some(
    (c) =>
      (c instanceof Error || c instanceof DOMException) &&
      (c.name === 'TimeoutError' || c.name === 'AbortError' || codeOf(c) === 'UND_ERR_CONNECT_TIMEOUT'),
  );
  if (timedOut) {
    return new BmError(
      'timeout',
      `${ctx.origin} did not answer within ${Math.round(ctx.timeoutMs / 1000)} s.`,
      { route: ctx.route, causeCode: 'TIMEOUT' },
    );
  }
  // fetch refuses ports reserved for other protocols (25, 6000…) before connecting.
  const badPort = chain.some((c) => c instanceof Error && c.message === 'bad port');
  const code = badPort ? 'BAD_PORT' : (chain.map(codeOf).find((c) => c !== undefined) ?? 'NETWORK');
  let message = `Could not connect to ${ctx.origin} (${code}).`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    message = `The name in ${ctx.origin} does not resolve to any server. Check the site address.`;
  } else if (code === 'ECONNREFUSED') {
    message = `${ctx.origin} refused the connection: nothing is listening there. The site's web server may be stopped; check the address and port.`;
  } else if (badPort) {
    message = `The port in ${ctx.origin} is reserved for other protocols; web requests to it are refused.`;
  } else if (CERT_CODES.test(code)) {
    message = `${ctx.origin} presented an HTTPS certificate that cannot be trusted (${code}).`;
  }
  return new BmError('unreachable', message, { route: ctx.route, causeCode: code });
}
