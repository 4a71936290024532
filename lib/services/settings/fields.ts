/**
 * The Better Messages settings BM Desk edits, described once: which keys, how a site admin sees
 * them, how the plugin stores them. Pure (no server imports): the form previews and validates
 * with it in the browser, the save action validates again with it on the server.
 */

export type RoleOption = { key: string; name: string };
export type RateLimit = Record<string, { value: number; type: 'hour' | 'day' }>;
/** A setting in its canonical form: what we compare, show and (through toPlugin) send. */
export type SettingValue = string | number | string[] | RateLimit;

type Base = { key: string; label: string; hint?: string };
export type FieldDef = Base &
  (
    | { kind: 'flag' }
    | { kind: 'roles' }
    | { kind: 'int'; min: number; max: number; unit: string }
    | { kind: 'emails' }
    | { kind: 'lines' }
    | { kind: 'select'; options: { value: string; label: string }[] }
    | { kind: 'extensions' }
    | { kind: 'rateLimit' }
  );

export type Section = { id: string; title: string; fields: FieldDef[] };

const flag = (key: string, label: string, hint?: string): FieldDef => ({ key, label, hint, kind: 'flag' });
const roles = (key: string, label: string, hint?: string): FieldDef => ({ key, label, hint, kind: 'roles' });
const int = (key: string, label: string, unit: string, max: number, hint?: string): FieldDef => ({
  key,
  label,
  hint,
  kind: 'int',
  min: 0,
  max,
  unit,
});

export const SECTIONS: Section[] = [
  {
    id: 'moderation',
    title: 'Moderation',
    fields: [
      flag('messagesViewer', 'Messages viewer', 'The admin view of all messages; reports need it.'),
      flag('allowReports', 'Users can report messages'),
      flag('allowUsersBlock', 'Users can block other users'),
      roles('restrictBlockUsers', 'Roles that cannot block others'),
      roles('restrictBlockUsersImmun', 'Roles that cannot be blocked'),
      roles('administrationRoles', 'Roles that administrate messages', 'They can moderate every thread.'),
    ],
  },
  {
    id: 'premoderation',
    title: 'Pre-moderation',
    fields: [
      flag('messagesPremoderation', 'Hold messages for approval'),
      roles('messagesPremoderationRolesNewConv', 'Roles whose new conversations are held'),
      roles('messagesPremoderationRolesReplies', 'Roles whose replies are held'),
      flag('messagesModerateFirstTimeSenders', "Hold a sender's first message"),
      {
        key: 'messagesModerationNotificationEmails',
        label: 'Notify these e-mail addresses',
        hint: 'One address per line.',
        kind: 'emails',
      },
    ],
  },
  {
    id: 'rate-limits',
    title: 'Rate limits',
    fields: [
      { key: 'rateLimitReply', label: 'Replies per role', hint: '0 = no limit.', kind: 'rateLimit' },
      int('rateLimitNewThread', 'Seconds between new conversations', 'seconds', 86_400, '0 = no wait.'),
      int('maximumMessageLength', 'Maximum message length', 'characters', 1_000_000, '0 = unlimited.'),
      int('editMessageTimeLimit', 'Editing allowed for', 'minutes', 525_600, '0 = unlimited.'),
    ],
  },
  {
    id: 'content',
    title: 'Content',
    fields: [
      { key: 'badWordsList', label: 'Bad words', hint: 'One word or phrase per line.', kind: 'lines' },
      flag('badWordsSkipAdmins', 'Administrators skip the bad-words check'),
      roles('restrictNewThreads', 'Roles that cannot start conversations'),
      roles('restrictNewReplies', 'Roles that cannot reply'),
    ],
  },
  {
    id: 'deleting',
    title: 'Deleting and editing',
    fields: [
      flag('allowDeleteMessages', 'Users can delete their messages'),
      {
        key: 'deleteMethod',
        label: 'A deleted message is',
        kind: 'select',
        options: [
          { value: 'delete', label: 'removed' },
          { value: 'replace', label: 'replaced by "message deleted"' },
        ],
      },
      flag('allowEditMessages', 'Users can edit their messages'),
      flag('restrictThreadsDeleting', 'Only administrators can delete conversations'),
      flag('allowGroupLeave', 'Users can leave group conversations'),
    ],
  },
  {
    id: 'attachments',
    title: 'Attachments',
    fields: [
      flag('attachmentsEnable', 'Attachments are allowed'),
      {
        key: 'attachmentsFormats',
        label: 'Allowed formats',
        hint: 'File extensions, separated by commas.',
        kind: 'extensions',
      },
      int('attachmentsMaxSize', 'Largest file', 'MB', 10_000),
      int('attachmentsMaxNumber', 'Files per message', 'files', 1000, '0 = unlimited.'),
      int('attachmentsRetention', 'Keep files for', 'days', 36_500, '0 = forever.'),
    ],
  },
  { id: 'guests', title: 'Guests', fields: [flag('guestChat', 'Guests can chat without an account')] },
];

export const FIELDS: FieldDef[] = SECTIONS.flatMap((s) => s.fields);
export const FIELD_KEYS = FIELDS.map((f) => f.key) as [string, ...string[]];
export const FIELD_BY_KEY: Record<string, FieldDef> = Object.fromEntries(FIELDS.map((f) => [f.key, f]));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EXTENSION = /^[a-z0-9]{1,10}$/;

function asList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (v && typeof v === 'object') return Object.values(v).map(String);
  return [];
}

function splitLines(v: unknown): string[] {
  return String(v ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function rateLimitOf(v: unknown): RateLimit {
  const out: RateLimit = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [role, entry] of Object.entries(v as Record<string, unknown>)) {
    const e = (entry ?? {}) as { value?: unknown; type?: unknown };
    const value = Number.parseInt(String(e.value ?? 0), 10);
    if (Number.isFinite(value) && value > 0) out[role] = { value, type: e.type === 'day' ? 'day' : 'hour' };
  }
  return out;
}

/** A stored plugin value in canonical form (what the form starts from and compares against). */
export function canonical(field: FieldDef, stored: unknown): SettingValue {
  switch (field.kind) {
    case 'flag':
      return stored === '1' || stored === 1 || stored === true ? '1' : '0';
    case 'roles':
      return asList(stored);
    case 'int': {
      const n = Number.parseInt(String(stored ?? 0), 10);
      return Number.isFinite(n) ? n : 0;
    }
    case 'emails':
    case 'lines':
      return splitLines(stored).join('\n');
    case 'select':
      return typeof stored === 'string' ? stored : String(stored ?? '');
    case 'extensions':
      return asList(stored).map((e) => e.toLowerCase());
    case 'rateLimit':
      return rateLimitOf(stored);
  }
}

type Parsed = { ok: true; value: SettingValue } | { ok: false; error: string };

/**
 * Validates what the form holds for one field. `roleKeys`: the site's own roles; a role not in
 * it is refused (a form posted by a script could name any).
 */
function parseInput(field: FieldDef, raw: unknown, roleKeys: readonly string[]): Parsed {
  const unknownRole = (list: string[]) => list.find((r) => !roleKeys.includes(r));
  switch (field.kind) {
    case 'flag':
      if (raw === '1' || raw === true || raw === 1) return { ok: true, value: '1' };
      if (raw === '0' || raw === false || raw === 0 || raw === '' || raw === undefined) {
        return { ok: true, value: '0' };
      }
      return { ok: false, error: 'Choose on or off.' };
    case 'roles': {
      if (!Array.isArray(raw) || raw.some((r) => typeof r !== 'string')) {
        return { ok: false, error: 'Choose roles from the list.' };
      }
      const bad = unknownRole(raw as string[]);
      if (bad !== undefined) return { ok: false, error: `"${bad}" is not a role on this site.` };
      return { ok: true, value: [...new Set(raw as string[])] };
    }
    case 'int': {
      const text = String(raw ?? '').trim();
      if (!/^\d+$/.test(text)) return { ok: false, error: 'Enter a whole number, 0 or more.' };
      const n = Number(text);
      if (n < field.min || n > field.max) {
        return { ok: false, error: `Enter a number from ${field.min} to ${field.max.toLocaleString('en')}.` };
      }
      return { ok: true, value: n };
    }
    case 'emails': {
      const list = splitLines(raw);
      const bad = list.filter((e) => !EMAIL.test(e));
      if (bad.length) return { ok: false, error: `Not an e-mail address: ${bad.join(', ')}` };
      return { ok: true, value: list.join('\n') };
    }
    case 'lines': {
      const text = splitLines(raw).join('\n');
      if (text.length > 100_000) return { ok: false, error: 'The list is too long (100,000 characters).' };
      return { ok: true, value: text };
    }
    case 'select': {
      const v = String(raw ?? '');
      if (!field.options.some((o) => o.value === v))
        return { ok: false, error: 'Choose one of the options.' };
      return { ok: true, value: v };
    }
    case 'extensions': {
      const list = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\s,]+/))
        .map((e) => e.trim().toLowerCase().replace(/^\./, ''))
        .filter(Boolean);
      const bad = list.filter((e) => !EXTENSION.test(e));
      if (bad.length) return { ok: false, error: `Not a file extension: ${bad.join(', ')}` };
      return { ok: true, value: [...new Set(list)] };
    }
    case 'rateLimit': {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        return { ok: false, error: 'Enter a limit per role.' };
      }
      const out: RateLimit = {};
      for (const [role, entry] of Object.entries(raw as Record<string, unknown>)) {
        if (!roleKeys.includes(role)) return { ok: false, error: `"${role}" is not a role on this site.` };
        const e = (entry ?? {}) as { value?: unknown; type?: unknown };
        const text = String(e.value ?? '0').trim() || '0';
        if (!/^\d+$/.test(text) || Number(text) > 1_000_000) {
          return { ok: false, error: `Enter a whole number of messages for ${role}.` };
        }
        if (e.type !== 'hour' && e.type !== 'day') return { ok: false, error: 'Choose per hour or per day.' };
        if (Number(text) > 0) out[role] = { value: Number(text), type: e.type };
      }
      return { ok: true, value: out };
    }
  }
}

function sortedJson(v: SettingValue): string {
  if (Array.isArray(v)) return JSON.stringify([...v].sort());
  if (typeof v === 'object') {
    return JSON.stringify(
      Object.keys(v)
        .sort()
        .map((k) => [k, v[k]!.value, v[k]!.type]),
    );
  }
  return JSON.stringify(v);
}

/** Order of roles or extensions does not make a change. */
export function sameValue(a: SettingValue, b: SettingValue): boolean {
  return sortedJson(a) === sortedJson(b);
}

/** For people: the diff, the audit log. */
export function display(
  field: FieldDef,
  value: SettingValue,
  roleNames: Record<string, string> = {},
): string {
  const role = (k: string) => roleNames[k] ?? k;
  switch (field.kind) {
    case 'flag':
      return value === '1' ? 'on' : 'off';
    case 'roles':
      return (value as string[]).length ? (value as string[]).map(role).join(', ') : 'no role';
    case 'int':
      return `${value} ${field.unit}`;
    case 'emails':
    case 'lines': {
      const lines = String(value).split('\n').filter(Boolean);
      return lines.length ? lines.join(', ') : '(empty)';
    }
    case 'select':
      return field.options.find((o) => o.value === value)?.label ?? String(value);
    case 'extensions':
      return (value as string[]).length ? (value as string[]).join(', ') : '(none)';
    case 'rateLimit': {
      const entries = Object.entries(value as RateLimit);
      return entries.length
        ? entries.map(([r, l]) => `${role(r)}: ${l.value} per ${l.type}`).join(', ')
        : 'no limit';
    }
  }
}

export type SettingChange = { key: string; label: string; from: SettingValue; to: SettingValue };

/** The fields whose proposed value differs from what the site stores. Untouched keys never appear. */
export function diffSettings(
  stored: Record<string, unknown>,
  proposed: Record<string, SettingValue>,
): SettingChange[] {
  const out: SettingChange[] = [];
  for (const [key, to] of Object.entries(proposed)) {
    const field = FIELD_BY_KEY[key];
    if (!field) continue;
    const from = canonical(field, stored[key]);
    if (!sameValue(from, to)) out.push({ key, label: field.label, from, to });
  }
  return out;
}

/** Every form value validated; errors keyed by setting key, for the message beside each field. */
export function validateForm(
  raw: Record<string, unknown>,
  roleKeys: readonly string[],
): { values: Record<string, SettingValue>; errors: Record<string, string[]> } {
  const values: Record<string, SettingValue> = {};
  const errors: Record<string, string[]> = {};
  for (const [key, input] of Object.entries(raw)) {
    const field = FIELD_BY_KEY[key];
    if (!field) continue;
    const parsed = parseInput(field, input, roleKeys);
    if (parsed.ok) values[key] = parsed.value;
    else errors[key] = [parsed.error];
  }
  return { values, errors };
}

/**
 * The real plugin's loader forces allowReports off unless messagesViewer is *stored* as '1'. A site
 * whose settings were never saved by the plugin reads messagesViewer as on (the default) and
 * allowReports as off (forced), whatever was stored for it, and has no reports route. What is stored
 * cannot be read over REST, but whether the plugin ever saved can: only its save writes `updateTime`.
 * (allowReports reading on without the route is the same trouble seen from another plugin version.)
 */
export function reportsNeedFix(
  settings: Record<string, unknown>,
  reportsRoute: boolean | undefined,
): boolean {
  return (
    reportsRoute === false &&
    canonical(FIELD_BY_KEY.messagesViewer!, settings.messagesViewer) === '1' &&
    (canonical(FIELD_BY_KEY.allowReports!, settings.allowReports) === '1' ||
      settings.updateTime === undefined)
  );
}
