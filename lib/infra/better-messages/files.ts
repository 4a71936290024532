/**
 * Downloads one of the site's files (an attachment or its thumbnail) for BM Desk to re-serve.
 *
 * The file URL comes from the site's answers, so it is treated like input from a stranger: the
 * Authorization header goes out only when the URL is on the site's own origin (scheme, host and
 * port of the stored address), a redirect is followed only while it stays there, the guarded
 * agent refuses link-local and metadata addresses at connect time, and the download has a size
 * cap and a deadline. Any other URL is refused outright: nothing is fetched from it at all.
 */
import { fetch, type Dispatcher } from 'undici';
import { createGuardedAgent, type LookupFunction } from './address-guard';
import { normaliseSiteUrl } from './base-url';
import { megabytes, readCapped } from './capped-body';
import { BmError } from './errors';
import { mapNetworkError } from './network-errors';

export interface SiteFileOptions {
  siteUrl: string;
  username: string;
  appPassword: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** DNS override (tests); the address guard still checks every answer. */
  lookup?: LookupFunction;
}

export interface SiteFile {
  /** What the site said the bytes are; advisory only; BM Desk picks the type it serves. */
  contentType: string;
  bytes: Buffer;
}

/** Why a file was not fetched, beyond the client's usual network and HTTP errors. */
export type FileRefusalReason = 'other-origin' | 'too-large' | 'not-found' | 'bad-url';

export class SiteFileError extends BmError {
  readonly reason: FileRefusalReason;

  constructor(reason: FileRefusalReason, message: string, status?: number) {
    super(reason === 'not-found' ? 'http' : 'refused', message, { route: 'file', status });
    this.name = 'SiteFileError';
    this.reason = reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

const FILE_TIMEOUT_MS = 20_000;
const FILE_MAX_BYTES = 25 * 1024 * 1024;
const MAX_REDIRECTS = 3;
let sharedAgent: Dispatcher | undefined;

/** Parses `url` and tells whether it is on the site's own origin; never throws on bad input. */
function isOnSiteOrigin(siteUrl: string, url: string): boolean {
  try {
    const target = new URL(url);
    return !target.username && !target.password && target.origin === normaliseSiteUrl(siteUrl).origin;
  } catch {
    return false;
  }
}

export async function fetchSiteFile(options: SiteFileOptions, url: string): Promise<SiteFile> {
  const { origin } = normaliseSiteUrl(options.siteUrl);
  const timeoutMs = options.timeoutMs ?? FILE_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? FILE_MAX_BYTES;
  const agent = options.lookup
    ? createGuardedAgent({ lookup: options.lookup })
    : (sharedAgent ??= createGuardedAgent());
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new SiteFileError('bad-url', 'The site gave a file address that is not a web address.');
  }
  if (!isOnSiteOrigin(options.siteUrl, target.href)) {
    throw new SiteFileError(
      'other-origin',
      `The file is hosted on ${target.protocol}//${target.host}, not on the site (${origin}). ` +
        'BM Desk fetches files only from the site’s own address.',
    );
  }
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.appPassword}`, 'utf8').toString('base64')}`;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      const res = await fetch(target, {
        headers: { authorization, accept: '*/*' },
        redirect: 'manual',
        signal,
        dispatcher: agent,
      });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        const next = new URL(location, target);
        if (next.origin !== origin || next.username || next.password) {
          throw new BmError(
            'redirect',
            `The site sends this file on to ${next.protocol}//${next.host}; BM Desk follows a file only on the site’s own address.`,
            { route: 'file', status: res.status },
          );
        }
        if (hop >= MAX_REDIRECTS) {
          throw new BmError('redirect', `The site redirected the file more than ${MAX_REDIRECTS} times.`, {
            route: 'file',
            status: res.status,
          });
        }
        target = next;
        continue;
      }
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel();
        throw new SiteFileError('not-found', 'The site no longer has this file.', res.status);
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel();
        throw new BmError('http', `The site answered HTTP ${res.status} for this file.`, {
          route: 'file',
          status: res.status,
        });
      }
      const bytes = await readCapped(res, maxBytes, (declared) => tooLarge(maxBytes, declared));
      return { contentType: res.headers.get('content-type') ?? '', bytes };
    }
  } catch (error) {
    throw mapNetworkError(error, { route: 'file', timeoutMs, origin });
  }
}

function tooLarge(maxBytes: number, size?: number) {
  return new SiteFileError(
    'too-large',
    `The file is ${size ? megabytes(size) : `over ${megabytes(maxBytes)}`}; BM Desk previews files up to ${megabytes(maxBytes)}.`,
  );
}
