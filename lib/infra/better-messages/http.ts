/**
 * The one HTTP core every Better Messages call goes through.
 *
 * It alone builds the Basic auth header, sends it only to the site's own origin, refuses
 * link-local/metadata addresses at connect time, times out every call, retries only reads,
 * and turns every failure into a BmError that never holds the password.
 */
import { fetch, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { createGuardedAgent, type LookupFunction } from './address-guard';
import { env } from '../env';
import { buildRestUrl, normaliseSiteUrl, type QueryValue, type RestMode } from './base-url';
import { MEGABYTE, megabytes, readCappedText } from './capped-body';
import { BmError } from './errors';
import { mapNetworkError } from './network-errors';
import { interpret, isHtmlNotFound, isJsonResponse, type RawResponse, type Scrub } from './response';
import { backoffMs, isRetryable, noteRetryAfter, retryAfterMs, sleep } from './retry';

export interface BmClientOptions {
  siteUrl: string;
  username: string;
  appPassword: string;
  timeoutMs?: number;
  maxRetries?: number;
  /**
   * Mode stored after a probe; otherwise detected on the first call. A call that meets an HTML
   * 404 in one mode is asked once the other way (the site changed its permalinks).
   */
  restMode?: RestMode;
  /** Told when the client learns the mode or finds the given one wrong, to store it for next time. */
  onRestMode?: (mode: RestMode) => void | Promise<void>;
  /** Site's UTC offset in minutes (WordPress `gmt_offset` × 60), for site-local times. */
  siteUtcOffsetMinutes?: number;
  /** First backoff step; tests shorten it. */
  retryBaseMs?: number;
  /** Longest Retry-After we honour; longer asks are cut to this. */
  maxRetryAfterMs?: number;
  /** DNS override (tests); the address guard still checks every answer. */
  lookup?: LookupFunction;
  /** Largest answer read, counted after decompression; default BMDESK_SITE_MAX_RESPONSE_MB. */
  maxResponseBytes?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface BmRequest<S extends z.ZodType> {
  method: HttpMethod;
  /** Relative to the REST root: `/better-messages/v1/admin/getMessages`, `/wp/v2/users/me`. */
  route: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  schema: S;
  /** Safe to repeat. GETs default to true; POSTs that only read must say so. */
  read?: boolean;
  /** Default true. The probe reads the public REST index without credentials first. */
  auth?: boolean;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /**
   * Send as POST with `X-HTTP-Method-Override: GET` so a GET route reads its params from a JSON
   * body (WordPress core honours the header): no URL length or `max_input_vars` limits.
   */
  getWithBody?: boolean;
}

export interface BmClient {
  /** WordPress root without trailing slash. */
  readonly siteRoot: string;
  readonly origin: string;
  readonly siteUtcOffsetMinutes: number | undefined;
  /** `undefined` until the first JSON answer shows which mode works. */
  readonly restMode: RestMode | undefined;
  request<S extends z.ZodType>(req: BmRequest<S>): Promise<z.output<S>>;
  /** GET a page of the site (not the REST API) without credentials, for the probe's WordPress checks. */
  fetchSitePage(path: string): Promise<SitePage>;
}

export interface SitePage {
  status: number;
  contentType: string;
  /** `Link` header: WordPress advertises its REST root there (`rel="https://api.w.org/"`). */
  link: string;
  text: string;
}

type InternalRequest = Omit<BmRequest<z.ZodType>, 'schema'> & { accept?: string };

const MAX_REDIRECTS = 3;
let sharedAgent: Dispatcher | undefined;

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * The same client with every call (REST request or site page) passed through `around`: how the
 * sync meters answer times and how a site's calls share its slots.
 */
export function aroundCalls(
  client: BmClient,
  around: <T>(call: () => Promise<T>, req: BmRequest<z.ZodType> | null) => Promise<T>,
): BmClient {
  return {
    get siteRoot() {
      return client.siteRoot;
    },
    get origin() {
      return client.origin;
    },
    get siteUtcOffsetMinutes() {
      return client.siteUtcOffsetMinutes;
    },
    get restMode() {
      return client.restMode;
    },
    request: (req) => around(() => client.request(req), req),
    fetchSitePage: (path) => around(() => client.fetchSitePage(path), null),
  };
}

export function createBmClient(options: BmClientOptions): BmClient {
  const address = normaliseSiteUrl(options.siteUrl);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRetries = options.maxRetries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 400;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const maxResponseBytes = options.maxResponseBytes ?? env().BMDESK_SITE_MAX_RESPONSE_MB * MEGABYTE;
  const agent = options.lookup
    ? createGuardedAgent({ lookup: options.lookup })
    : (sharedAgent ??= createGuardedAgent());
  let restMode: RestMode | undefined = options.restMode ?? address.restMode;

  // Credentials live only in this closure: nothing reachable from the client object or an error.
  const authorization = `Basic ${base64(`${options.username}:${options.appPassword}`)}`;
  const secrets = [
    options.appPassword,
    options.appPassword.replace(/\s+/g, ''),
    base64(`${options.username}:${options.appPassword}`),
    encodeURIComponent(options.appPassword),
  ].filter((s) => s.length >= 4);
  const scrub: Scrub = (text) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);

  async function exchange(
    url: string,
    req: InternalRequest,
    signal: AbortSignal,
  ): Promise<RawResponse & { link: string }> {
    let target = new URL(url);
    let method: string = req.getWithBody ? 'POST' : req.method;
    let body = req.body === undefined ? undefined : JSON.stringify(req.body);
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { accept: req.accept ?? 'application/json' };
      if (req.auth !== false) headers.authorization = authorization;
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (req.getWithBody) headers['x-http-method-override'] = 'GET';
      const res = await fetch(target, {
        method,
        headers,
        body,
        redirect: 'manual',
        signal,
        dispatcher: agent,
      });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        const next = new URL(location, target);
        if (next.origin !== address.origin) {
          throw new BmError(
            'redirect',
            `The site redirects to ${next.origin}; connect that address instead.`,
            { route: req.route, status: res.status },
          );
        }
        if (hop >= MAX_REDIRECTS) {
          throw new BmError('redirect', `The site redirected more than ${MAX_REDIRECTS} times.`, {
            route: req.route,
            status: res.status,
          });
        }
        if (res.status === 303) {
          method = 'GET';
          body = undefined;
        }
        target = next;
        continue;
      }
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        text: await readCappedText(res, maxResponseBytes, () => tooLarge(req.route, res.status)),
        retryAfter: res.headers.get('retry-after'),
        link: res.headers.get('link') ?? '',
      };
    }
  }

  function tooLarge(route: string, status: number): BmError {
    return new BmError(
      'too-large',
      `The site sent more than ${megabytes(maxResponseBytes)}. BM Desk stopped reading its answer (BMDESK_SITE_MAX_RESPONSE_MB sets the limit).`,
      { route, status },
    );
  }

  async function attempt(
    req: InternalRequest,
    mode: RestMode | 'page',
  ): Promise<RawResponse & { link: string }> {
    const signal = AbortSignal.timeout(timeoutMs);
    const url =
      mode === 'page'
        ? `${address.root}${req.route}`
        : buildRestUrl(address.root, mode, req.route, req.query);
    try {
      return await exchange(url, req, signal);
    } catch (error) {
      throw mapNetworkError(error, { route: req.route, timeoutMs, origin: address.origin });
    }
  }

  async function learn(mode: RestMode): Promise<void> {
    restMode = mode;
    // The stored mode, confirmed, is nothing new to store.
    if (mode !== options.restMode) await options.onRestMode?.(mode);
  }

  async function once<S extends z.ZodType>(req: BmRequest<S>): Promise<z.output<S>> {
    const mode = restMode ?? 'pretty';
    let raw = await attempt(req, mode);
    if (isHtmlNotFound(raw)) {
      // This way to the REST API is not routed (/wp-json/ without pretty permalinks, or the site
      // changed them since the mode was stored); nothing ran, so asking the other way is safe.
      const other = mode === 'pretty' ? 'query' : 'pretty';
      const answer = await attempt(req, other);
      if (isJsonResponse(answer)) await learn(other);
      raw = answer;
    } else if (restMode === undefined && isJsonResponse(raw)) {
      await learn(mode);
    }
    try {
      return interpret(raw, req.route, req.schema, scrub);
    } catch (error) {
      if (error instanceof BmError && raw.retryAfter) noteRetryAfter(error, raw.retryAfter);
      throw error;
    }
  }

  async function request<S extends z.ZodType>(req: BmRequest<S>): Promise<z.output<S>> {
    const read = req.read ?? req.method === 'GET';
    for (let tries = 0; ; tries++) {
      try {
        return await once(req);
      } catch (error) {
        if (
          !(error instanceof BmError) ||
          !read ||
          tries >= (req.maxRetries ?? maxRetries) ||
          !isRetryable(error)
        ) {
          throw error;
        }
        const asked = retryAfterMs(error);
        await sleep(asked !== undefined ? Math.min(asked, maxRetryAfterMs) : backoffMs(tries, retryBaseMs));
      }
    }
  }

  return {
    siteRoot: address.root,
    origin: address.origin,
    siteUtcOffsetMinutes: options.siteUtcOffsetMinutes,
    get restMode() {
      return restMode;
    },
    request,
    async fetchSitePage(path) {
      const raw = await attempt({ method: 'GET', route: path, auth: false, accept: 'text/html' }, 'page');
      return { status: raw.status, contentType: raw.contentType, link: raw.link, text: raw.text };
    },
  };
}
