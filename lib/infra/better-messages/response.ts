/**
 * Turns a finished HTTP exchange into a value or a typed error: WordPress error envelope,
 * plugin soft failures (`result:false`), HTML pages where JSON was expected, schema mismatches.
 */
import type { z } from 'zod';
import { BmApiError, BmError, BmRefusal, isPermissionFailure, type RefusalReason } from './errors';

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  retryAfter: string | null;
}

/** Replaces secrets (password, Basic token) in text a site sent back before we show it. */
export type Scrub = (text: string) => string;

function describe(route: string): string {
  return route.replace(/^\/better-messages\/v1/, '…');
}

function looksLikeHtml(raw: RawResponse): boolean {
  return /html/i.test(raw.contentType) || /^\s*</.test(raw.text);
}

function htmlProblem(raw: RawResponse, route: string): BmError {
  const isMaintenance = /maintenance|briefly unavailable|temporarily unavailable|service unavailable/i.test(
    raw.text,
  );
  const hint = isMaintenance
    ? ' The site looks like it is in maintenance mode; try again in a few minutes.'
    : raw.status >= 500
      ? ' The site or a proxy in front of it is failing.'
      : ' A security plugin, cache or firewall may be answering instead of WordPress.';
  return new BmError(
    'bad-response',
    `${describe(route)} answered HTTP ${raw.status} with an HTML page, not JSON.${hint}`,
    { route, status: raw.status },
  );
}

function parseJson(raw: RawResponse, route: string): unknown {
  if (raw.text.trim() === '') return null;
  try {
    return JSON.parse(raw.text) as unknown;
  } catch {
    if (looksLikeHtml(raw)) throw htmlProblem(raw, route);
    // Often a PHP notice printed before the JSON by a plugin with debug output on.
    throw new BmError(
      'bad-response',
      `${describe(route)} answered HTTP ${raw.status} with malformed JSON (PHP warnings printed by the site can cause this).`,
      { route, status: raw.status },
    );
  }
}

function envelopeOf(body: unknown): { code: string; message: string } | null {
  if (typeof body !== 'object' || body === null) return null;
  const { code, message } = body as Record<string, unknown>;
  if (typeof code !== 'string') return null;
  return { code, message: typeof message === 'string' ? message : '' };
}

function stripTags(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function apiError(raw: RawResponse, route: string, body: unknown, scrub: Scrub): BmError {
  const envelope = envelopeOf(body);
  if (!envelope) {
    return new BmError('http', `${describe(route)} answered HTTP ${raw.status}.`, {
      route,
      status: raw.status,
    });
  }
  const siteMessage = scrub(stripTags(envelope.message));
  const facts = { route, status: raw.status, code: envelope.code, siteMessage };
  if (raw.status === 401) {
    return new BmApiError(
      'auth',
      `WordPress did not accept the username and application password for ${describe(route)} (${envelope.code}).`,
      facts,
    );
  }
  if (isPermissionFailure(raw.status, envelope.code)) {
    return new BmApiError(
      'auth',
      `The WordPress account is not allowed to use ${describe(route)} (${envelope.code}).`,
      facts,
    );
  }
  if (envelope.code === 'rest_no_route') {
    return new BmApiError(
      'http',
      `The site has no route ${describe(route)}: the Better Messages feature behind it is switched off, or the plugin is missing or older.`,
      facts,
    );
  }
  const detail = siteMessage ? `: ${siteMessage}` : '.';
  return new BmApiError(
    'http',
    `${describe(route)} failed with HTTP ${raw.status} (${envelope.code})${detail}`,
    facts,
  );
}

function refusalReasons(errors: unknown, scrub: Scrub): RefusalReason[] {
  const text = (value: unknown) =>
    scrub(stripTags(typeof value === 'string' ? value : JSON.stringify(value)));
  if (Array.isArray(errors)) return errors.map((e, i) => ({ key: String(i), text: text(e) }));
  if (typeof errors === 'object' && errors !== null) {
    return Object.entries(errors).map(([key, value]) => ({ key, text: text(value) }));
  }
  return typeof errors === 'string' ? [{ key: '0', text: text(errors) }] : [];
}

/** `{result:false, errors}` at HTTP 200. The upload route answers `result:false` with an `id` on success (API doc §5.9). */
function softFailure(body: unknown, route: string, scrub: Scrub): BmRefusal | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  if (record.result !== false) return null;
  if (record.id !== undefined && record.id !== null && record.id !== 0) return null;
  if (!('errors' in record) && !('error' in record)) return null;
  return new BmRefusal(route, refusalReasons(record.errors ?? record.error, scrub));
}

export function interpret<S extends z.ZodType>(
  raw: RawResponse,
  route: string,
  schema: S,
  scrub: Scrub,
): z.output<S> {
  const body = parseJson(raw, route);
  if (raw.status < 200 || raw.status >= 300) throw apiError(raw, route, body, scrub);
  const refusal = softFailure(body, route, scrub);
  if (refusal) throw refusal;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new BmError(
      'bad-response',
      `${describe(route)} answered with data BM Desk does not understand (${where}).`,
      { route, status: raw.status },
    );
  }
  return parsed.data;
}

export function isHtmlNotFound(raw: RawResponse): boolean {
  return raw.status === 404 && !/json/i.test(raw.contentType) && envelopeOfText(raw.text) === null;
}

function envelopeOfText(text: string): unknown {
  try {
    return envelopeOf(JSON.parse(text));
  } catch {
    return null;
  }
}

export function isJsonResponse(raw: RawResponse): boolean {
  return /json/i.test(raw.contentType);
}
