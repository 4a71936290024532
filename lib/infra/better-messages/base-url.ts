/**
 * Site address handling: people paste the site, the REST root or the plugin's namespace URL;
 * we keep only the WordPress root and build every REST URL from it.
 */
import { BmError } from './errors';

/** `pretty` = `/wp-json/<route>`; `query` = `/?rest_route=<route>` (sites without pretty permalinks). */
export type RestMode = 'pretty' | 'query';

export interface SiteAddress {
  /** WordPress root without trailing slash, e.g. `https://example.com/blog`. */
  root: string;
  /** `scheme://host:port`, the only origin the password is ever sent to. */
  origin: string;
  /** Set when the pasted address already showed the mode (`?rest_route=`). */
  restMode: RestMode | undefined;
}

/** Plugin routes live under this REST namespace. */
export const BM = '/better-messages/v1';

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export function normaliseSiteUrl(input: string): SiteAddress {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new BmError('unreachable', `“${text}” is not a web address. Enter it like https://example.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BmError('unreachable', `The site address must start with https:// (got ${url.protocol}//).`);
  }
  if (url.username || url.password) {
    // Credentials in the URL would travel outside our one Authorization header.
    throw new BmError(
      'unreachable',
      'Remove the user name and password from the site address; enter them in their own fields.',
    );
  }
  let path = url.pathname;
  let restMode: RestMode | undefined;
  if (url.searchParams.has('rest_route')) {
    restMode = 'query';
    path = path.replace(/\/index\.php$/i, '/');
  }
  const wpJson = path.search(/\/wp-json(\/|$)/i);
  if (wpJson >= 0) {
    path = path.slice(0, wpJson);
    restMode = 'pretty';
  }
  path = path.replace(/\/+$/, '');
  return { root: `${url.origin}${path}`, origin: url.origin, restMode };
}

function appendQuery(params: URLSearchParams, query: Record<string, QueryValue> | undefined): void {
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      // PHP reads `name[]=1&name[]=2` as an array.
      for (const item of value) params.append(`${key}[]`, String(item));
    } else {
      params.append(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
    }
  }
}

/** `route` is relative to the REST root and starts with `/`, e.g. `/better-messages/v1/ping`. */
export function buildRestUrl(
  root: string,
  mode: RestMode,
  route: string,
  query?: Record<string, QueryValue>,
): string {
  const params = new URLSearchParams();
  if (mode === 'query') params.set('rest_route', route);
  appendQuery(params, query);
  const qs = params.toString();
  const base = mode === 'query' ? `${root}/` : `${root}/wp-json${route}`;
  return qs ? `${base}?${qs}` : base;
}
