import { getOption, setOption, type Db } from '../db';

export type Settings = Record<string, unknown>;

const cache = new WeakMap<Db, Settings>();

/** The stored plugin settings (all ~536 keys), cached until the next save. */
export function getSettings(db: Db): Settings {
  let s = cache.get(db);
  if (!s) {
    s = getOption<Settings>(db, 'settings') ?? {};
    cache.set(db, s);
  }
  return s;
}

export function flag(db: Db, key: string): boolean {
  return getSettings(db)[key] === '1';
}

/**
 * Merge and normalise as Better_Messages_Options::update_settings does for the keys a dashboard
 * touches: reports cannot be on unless the messages viewer is stored on.
 */
export function saveSettings(db: Db, patch: Settings): Settings {
  const merged: Settings = { ...getSettings(db), ...patch };
  if (merged.messagesViewer === undefined || merged.messagesViewer === '0') merged.allowReports = '0';
  if (merged.disableUsersSearch === '1') {
    merged.searchAllUsers = '0';
    merged.enableUsersSuggestions = '0';
  }
  const threshold = Number(merged.aiModerationThreshold);
  if (!Number.isNaN(threshold)) merged.aiModerationThreshold = String(Math.min(1, Math.max(0, threshold)));
  setOption(db, 'settings', merged);
  cache.set(db, merged);
  return merged;
}

export function forgetSettings(db: Db): void {
  cache.delete(db);
}
