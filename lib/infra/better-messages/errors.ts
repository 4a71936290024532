/**
 * Typed errors of the Better Messages client.
 *
 * Every error carries a `kind` and a plain-words `message` a site admin can act on. None of
 * them ever holds the application password, the Authorization header or a raw network error
 * (undici's causes can hold request internals), only short, safe facts: route, status, code.
 */

export type BmErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'blocked-address'
  | 'redirect'
  | 'http'
  | 'bad-response'
  | 'too-large'
  | 'refused'
  | 'auth';

export interface BmErrorFacts {
  /** REST route relative to /wp-json, e.g. `/better-messages/v1/admin/getMessages`. */
  route?: string;
  status?: number;
  /** A short network code such as `ECONNREFUSED`; never an object. */
  causeCode?: string;
}

export class BmError extends Error {
  readonly kind: BmErrorKind;
  readonly route: string | undefined;
  readonly status: number | undefined;
  readonly causeCode: string | undefined;

  constructor(kind: BmErrorKind, message: string, facts: BmErrorFacts = {}) {
    super(message);
    this.name = 'BmError';
    this.kind = kind;
    this.route = facts.route;
    this.status = facts.status;
    this.causeCode = facts.causeCode;
  }

  /** Plain data, so `JSON.stringify(error)` shows what went wrong and nothing more. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      route: this.route,
      status: this.status,
      causeCode: this.causeCode,
    };
  }
}

/** WordPress error envelope `{code, message, data:{status}}` (kind `http`, or `auth` for 401/403 permission codes). */
export class BmApiError extends BmError {
  readonly code: string;
  /** The site's own text, kept apart from our plain-words `message`. */
  readonly siteMessage: string;

  constructor(
    kind: 'http' | 'auth',
    message: string,
    facts: { route: string; status: number; code: string; siteMessage: string },
  ) {
    super(kind, message, facts);
    this.name = 'BmApiError';
    this.code = facts.code;
    this.siteMessage = facts.siteMessage;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, siteMessage: this.siteMessage };
  }
}

export interface RefusalReason {
  /** The plugin's error key (e.g. `restrictBadWord`), or the list index when it sent a plain list. */
  key: string;
  text: string;
}

/** HTTP 200 with `result:false` and `errors`: the plugin said no, politely. */
export class BmRefusal extends BmError {
  readonly reasons: RefusalReason[];

  constructor(route: string, reasons: RefusalReason[]) {
    const texts = reasons.map((r) => r.text).filter(Boolean);
    super(
      'refused',
      texts.length > 0
        ? `The site refused: ${texts.join(' ')}`
        : 'The site refused the request without saying why.',
      { route, status: 200 },
    );
    this.name = 'BmRefusal';
    this.reasons = reasons;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reasons: this.reasons };
  }
}

export function isBmError(value: unknown): value is BmError {
  return value instanceof BmError;
}

/** WordPress codes meaning "you may not do this" rather than "this went wrong". */
const PERMISSION_CODES = new Set([
  'rest_forbidden',
  'rest_cookie_invalid_nonce',
  'rest_not_logged_in',
  'incorrect_password',
  'invalid_username',
  'invalid_email',
  'application_passwords_disabled',
  'application_passwords_disabled_for_user',
]);

export function isPermissionFailure(status: number, code: string): boolean {
  if (status === 401) return true;
  return status === 403 && (PERMISSION_CODES.has(code) || code.startsWith('rest_cannot'));
}
