import type { IncomingMessage, ServerResponse } from 'node:http';

/** A WP_Error as the REST server serialises it. */
export class WpError extends Error {
  constructor(
    public code: string,
    message: string,
    public status: number,
    public data: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body() {
    return { code: this.code, message: this.message, data: { status: this.status, ...this.data } };
  }
}

export const noRoute = () =>
  new WpError('rest_no_route', 'No route was found matching the URL and request method.', 404);

/** A handler result that is not JSON (files, HTML pages, empty bodies). */
export class RawResponse {
  constructor(
    public status: number,
    public headers: Record<string, string>,
    public body: Buffer | string,
  ) {}
}

/**
 * PHP's json_encode as WordPress calls it: slashes escaped and every non-ASCII character written as a
 * \uXXXX escape. Clients must decode JSON, not grep it; this keeps the demo as awkward as the real thing.
 */
export function wpJson(value: unknown): string {
  const text = JSON.stringify(value === undefined ? null : value);
  return text
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function baseHeaders(siteUrl: string): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=UTF-8',
    'X-Robots-Tag': 'noindex',
    Link: `<${siteUrl}/wp-json/>; rel="https://api.w.org/"`,
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Expose-Headers': 'X-WP-Total, X-WP-TotalPages, Link',
    'Access-Control-Allow-Headers':
      'Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type',
  };
}

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer | string,
): void {
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export async function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new WpError('rest_invalid_body', 'Request body too large.', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

type ParamValue = string | ParamValue[] | { [k: string]: ParamValue };
export type Params = Record<string, unknown>;

/**
 * PHP's parse_str: `a[]=1&a[]=2` is an array, `a[k]=v` an object. Like PHP, only the first
 * `maxVars` variables are kept (max_input_vars, 1000 by default) and the rest silently dropped.
 */
export function parsePhpQuery(query: string, maxVars = 1000): Params {
  const out: Record<string, ParamValue> = {};
  let count = 0;
  for (const [rawKey, value] of new URLSearchParams(query)) {
    if (++count > maxVars) break;
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!m || !m[2]) {
      out[rawKey] = value;
      continue;
    }
    const base = m[1] as string;
    const keys = [...m[2].matchAll(/\[([^\]]*)\]/g)].map((k) => k[1] as string);
    let target: Record<string, ParamValue> = out;
    let key = base;
    for (const k of keys) {
      let next = target[key];
      if (typeof next !== 'object' || next === null) {
        next = k === '' || /^\d+$/.test(k) ? [] : {};
        target[key] = next;
      }
      target = next as unknown as Record<string, ParamValue>;
      key = k === '' ? String((next as ParamValue[]).length) : k;
    }
    target[key] = value;
  }
  return out;
}

/** Request parameters merged the way WP_REST_Request::get_param looks them up: JSON, then POST, then GET. */
export function mergeParams(query: Params, form: Params, json: Params): Params {
  return { ...query, ...form, ...json };
}

export function intParam(params: Params, name: string): number {
  const v = params[name];
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseInt(v, 10) || 0;
  return 0;
}

export function strParam(params: Params, name: string): string {
  const v = params[name];
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? '' : String(v);
}

/** An int[] parameter: JSON array, `name[]=` fields or a single scalar (PHP `(array)` cast). */
export function intArrayParam(params: Params, name: string): number[] {
  const v = params[name];
  if (v === undefined || v === null || v === '') return [];
  const list = Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v as object) : [v];
  return list.map((x) => (typeof x === 'number' ? Math.trunc(x) : parseInt(String(x), 10) || 0));
}

export function has(params: Params, name: string): boolean {
  return params[name] !== undefined && params[name] !== null;
}
