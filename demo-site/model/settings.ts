import { getOption, setOption, type Db } from '../db';

export type Settings = Record<string, unknown>;

const cache = new WeakMap<Db, Settings>();

/** Better_Messages_Options::update_settings stores these as integers, raised to at least the value given. */
const INT_ONLY: Record<string, number> = {
  thread_interval: 1,
  site_interval: 1,
  attachmentsRetention: 0,
  callRequestTimeLimit: 10,
  fixedHeaderHeight: 0,
  messagesHeight: 200,
  messagesMinHeight: 100,
  sideThreadsWidth: 320,
  sidebarCompactBreakpoint: 0,
  sidebarHideBreakpoint: 0,
  mobilePopupLocationBottom: 0,
  rateLimitNewThread: 0,
  notificationsInterval: 0,
  notificationsOfflineDelay: 0,
  notificationSoundId: 0,
  sentSoundId: 0,
  callSoundId: 0,
  dialingSoundId: 0,
  modernBorderRadius: 0,
  attachmentsMaxSize: 1,
  attachmentsMaxNumber: 0,
  voiceMessagesMaxDuration: 0,
  voiceMessagesAutoDelete: 0,
  deleteOldMessages: 0,
  emailLogoId: 0,
  editMessageTimeLimit: 0,
  maximumMessageLength: 0,
};

/**
 * What the plugin's settings loader forces on every request, whatever is stored: reports cannot be
 * on unless the messages viewer is. A save answers the stored values, so only the next read shows it.
 */
function asLoaded(stored: Settings): Settings {
  const s = { ...stored };
  if (s.disableUsersSearch === '1') {
    s.searchAllUsers = '0';
    s.enableUsersSuggestions = '0';
  }
  if (s.messagesViewer === undefined || s.messagesViewer === '0') s.allowReports = '0';
  return s;
}

/** The plugin settings as a request sees them (all ~536 keys), cached until the next save. */
export function getSettings(db: Db): Settings {
  let s = cache.get(db);
  if (!s) {
    s = asLoaded(getOption<Settings>(db, 'settings') ?? {});
    cache.set(db, s);
  }
  return s;
}

export function flag(db: Db, key: string): boolean {
  return getSettings(db)[key] === '1';
}

/** sanitize_text_field on scalars (numbers and booleans become strings), intval on INT_ONLY keys. */
function sanitise(key: string, value: unknown): unknown {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) return value;
  if (key in INT_ONLY) return Math.max(parseInt(String(value), 10) || 0, INT_ONLY[key] as number);
  if (typeof value === 'boolean') return value ? '1' : '';
  return value === null || value === undefined ? '' : String(value);
}

/**
 * `/admin/settings/save`: the patch merged into the settings as loaded (so a forced value is
 * stored from then on), sanitised, stored, and answered without the loader's forcing.
 */
export function saveSettings(db: Db, patch: Settings): Settings {
  const merged: Settings = { ...getSettings(db) };
  for (const [key, value] of Object.entries(patch)) merged[key] = sanitise(key, value);
  if (merged.aiModerationThreshold !== undefined) {
    const threshold = Number(merged.aiModerationThreshold);
    merged.aiModerationThreshold = String(Math.min(1, Math.max(0, Number.isNaN(threshold) ? 0 : threshold)));
  }
  merged.updateTime = Math.floor(Date.now() / 1000);
  setOption(db, 'settings', merged);
  cache.delete(db);
  return merged;
}

export function forgetSettings(db: Db): void {
  cache.delete(db);
}
