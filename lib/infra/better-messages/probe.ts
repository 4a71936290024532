/**
 * "Test connection": walks from "is anything there" to "may this account moderate", and says
 * in plain words which step failed. Never throws for a site's fault.
 */
import { z } from 'zod';
import type { RestMode } from './base-url';
import { BmApiError, BmError } from './errors';
import { createBmClient, type BmClient } from './http';
import { getSettings } from './settings';
import type { BmSettings } from './schemas-admin';

export type ProbeFailureReason =
  | 'unreachable'
  | 'timeout'
  | 'blocked-address'
  | 'redirect'
  | 'too-large'
  | 'not-wordpress'
  | 'rest-disabled'
  | 'plugin-missing'
  | 'bad-credentials'
  | 'not-admin'
  | 'bad-response';

export interface ProbeModules {
  messagesViewer: boolean;
  reports: boolean;
  premoderation: boolean;
  attachments: boolean;
  guests: boolean;
  muteThreads: boolean;
}

export type ProbeResult =
  | {
      ok: true;
      wpUser: { id: number; name: string; roles: string[] };
      restMode: RestMode;
      modules: ProbeModules;
      pluginVersion?: string;
      /** From the REST index's `gmt_offset`; pass to createBmClient for site-local times. */
      utcOffsetMinutes?: number;
    }
  | { ok: false; reason: ProbeFailureReason; message: string };

export interface ProbeInput {
  siteUrl: string;
  username: string;
  appPassword: string;
  timeoutMs?: number;
}

export const PROBE_MESSAGES = {
  'not-wordpress':
    'The address answers, but not as a WordPress site (no REST API at /wp-json/). Enter the address of the WordPress site itself.',
  'rest-disabled':
    'This is a WordPress site, but its REST API is switched off or blocked (often by a security plugin). Allow the REST API for logged-in users: BM Desk works through /wp-json/better-messages/v1.',
  'plugin-missing':
    'WordPress answers, but Better Messages is not active on it (no better-messages/v1 routes). Install and activate the Better Messages plugin, then test again.',
  'bad-credentials':
    'WordPress refused the username or application password. Use an application password (Users → Profile → Application Passwords), not the login password.',
  'not-admin':
    "This WordPress account is not an administrator: Better Messages' moderation routes need the manage_options capability.",
} as const;

const PLAIN_HTTP_HINT =
  ' WordPress also turns application passwords off on sites served over plain http://; use the https:// address.';

/** Codes of plugins and filters that close the REST API to some or all callers. */
const REST_CLOSED_CODES = new Set([
  'rest_disabled',
  'rest_login_required',
  'rest_cannot_access',
  'rest_not_logged_in',
  'rest_forbidden',
  'rest_authentication_required',
  'rest_api_disabled',
]);

/** What WordPress core answers when it does not accept Basic credentials. */
const WP_LOGIN_CODES = new Set([
  'rest_not_logged_in',
  'rest_forbidden',
  'incorrect_password',
  'invalid_username',
  'invalid_email',
  'application_passwords_disabled',
]);

const indexSchema = z.looseObject({
  namespaces: z.array(z.string()),
  routes: z.record(z.string(), z.unknown()).optional(),
  gmt_offset: z.union([z.number(), z.string()]).optional(),
});
type RestIndex = z.output<typeof indexSchema>;

const meSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  roles: z.array(z.string()).default([]),
});

const pluginsSchema = z.array(
  z.looseObject({ plugin: z.string(), version: z.string().optional(), status: z.string().optional() }),
);

type Fail = Extract<ProbeResult, { ok: false }>;

function isFail(value: object): value is Fail {
  return (value as { ok?: unknown }).ok === false;
}

function fail(reason: ProbeFailureReason, message: string): Fail {
  return { ok: false, reason, message };
}

function fromError(error: unknown): Fail {
  if (!(error instanceof BmError)) throw error;
  switch (error.kind) {
    case 'unreachable':
    case 'timeout':
    case 'blocked-address':
    case 'redirect':
    case 'too-large':
      return fail(error.kind, error.message);
    default:
      return fail('bad-response', error.message);
  }
}

function looksLikeWordPress(page: { link: string; text: string }): boolean {
  return (
    /api\.w\.org/i.test(page.link) ||
    /wp-content\/|wp-includes\/|api\.w\.org|<meta[^>]+generator[^>]+WordPress/i.test(page.text)
  );
}

async function readIndex(client: BmClient): Promise<RestIndex | Fail> {
  const index = () => client.request({ method: 'GET', route: '/', schema: indexSchema, auth: false });
  try {
    return await index();
  } catch (error) {
    if (error instanceof BmApiError && REST_CLOSED_CODES.has(error.code)) {
      // Closed to anonymous callers only is fine: we always call with credentials.
      try {
        return await client.request({ method: 'GET', route: '/', schema: indexSchema });
      } catch (authed) {
        // WordPress itself answers a refused login with these; anything else comes from a
        // plugin or filter that closes the REST API even to logged-in callers.
        if (authed instanceof BmApiError && authed.status === 401 && WP_LOGIN_CODES.has(authed.code)) {
          return credentialsFailure(client);
        }
        if (authed instanceof BmApiError) {
          return fail(
            'rest-disabled',
            `${PROBE_MESSAGES['rest-disabled']} (It answered "${authed.code}" even with these credentials; if it already allows logged-in users, check the application password.)`,
          );
        }
        return fromError(authed);
      }
    }
    if (error instanceof BmError && (error.kind === 'bad-response' || error.kind === 'http')) {
      const page = await client.fetchSitePage('/').catch(() => null);
      if (page && looksLikeWordPress(page)) return fail('rest-disabled', PROBE_MESSAGES['rest-disabled']);
      return fail('not-wordpress', PROBE_MESSAGES['not-wordpress']);
    }
    return fromError(error);
  }
}

function credentialsFailure(client: BmClient): Fail {
  const plainHttp = client.origin.startsWith('http:') && !/\/\/(localhost|127\.|\[::1\])/.test(client.origin);
  return fail('bad-credentials', PROBE_MESSAGES['bad-credentials'] + (plainHttp ? PLAIN_HTTP_HINT : ''));
}

function hasRoute(index: RestIndex, pattern: RegExp): boolean | undefined {
  if (!index.routes) return undefined;
  return Object.keys(index.routes).some((route) => pattern.test(route));
}

function modulesOf(settings: BmSettings, index: RestIndex): ProbeModules {
  const on = (key: string) => settings[key] === '1';
  // A route's presence is the truth (e.g. allowReports stays off unless messagesViewer is stored).
  const route = (pattern: RegExp, fallback: boolean) => hasRoute(index, pattern) ?? fallback;
  return {
    messagesViewer: on('messagesViewer'),
    reports: route(/^\/better-messages\/v1\/reports\/deleteReport$/, on('allowReports')),
    premoderation: on('messagesPremoderation'),
    attachments: route(/^\/better-messages\/v1\/thread\/.*\/upload$/, on('attachmentsEnable')),
    guests: on('guestChat'),
    muteThreads: route(/^\/better-messages\/v1\/thread\/.*\/mute$/, settings.allowMuteThreads !== '0'),
  };
}

async function pluginVersion(client: BmClient): Promise<string | undefined> {
  // Needs `activate_plugins`; a missing version is not a failure.
  const plugins = await client
    .request({ method: 'GET', route: '/wp/v2/plugins', schema: pluginsSchema, maxRetries: 0 })
    .catch(() => []);
  return plugins.find((p) => /^bp-better-messages\//.test(p.plugin))?.version;
}

export async function probeSite(input: ProbeInput): Promise<ProbeResult> {
  let client: BmClient;
  try {
    client = createBmClient({ ...input, maxRetries: 1 });
  } catch (error) {
    return fromError(error);
  }
  return probeClient(client);
}

/**
 * The same walk with a client already made: a stored site's, opened once with its credentials
 * and rest mode (give it few retries: a probe should answer soon).
 */
export async function probeClient(client: BmClient): Promise<ProbeResult> {
  const index = await readIndex(client);
  if (isFail(index)) return index;
  if (!index.namespaces.includes('better-messages/v1')) {
    return fail('plugin-missing', PROBE_MESSAGES['plugin-missing']);
  }

  let me: z.output<typeof meSchema>;
  try {
    me = await client.request({
      method: 'GET',
      route: '/wp/v2/users/me',
      query: { context: 'edit' },
      schema: meSchema,
    });
  } catch (error) {
    if (error instanceof BmApiError && error.status === 401) return credentialsFailure(client);
    return fromError(error);
  }

  let settings: BmSettings;
  try {
    settings = (await getSettings(client)).settings;
  } catch (error) {
    if (error instanceof BmApiError && error.status === 403)
      return fail('not-admin', PROBE_MESSAGES['not-admin']);
    if (error instanceof BmApiError && error.status === 401) return credentialsFailure(client);
    return fromError(error);
  }

  const offsetHours = Number(index.gmt_offset);
  return {
    ok: true,
    wpUser: { id: me.id, name: me.name, roles: me.roles },
    restMode: client.restMode ?? 'pretty',
    modules: modulesOf(settings, index),
    pluginVersion: await pluginVersion(client),
    utcOffsetMinutes:
      Number.isFinite(offsetHours) && index.gmt_offset !== undefined
        ? Math.round(offsetHours * 60)
        : undefined,
  };
}
