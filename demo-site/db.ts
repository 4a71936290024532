import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

// Tables mirror the plugin's own (bm_bp_messages_*), trimmed to what the REST routes read.
// Guests live in their own table with positive ids; everywhere else they appear as -id.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS options (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, login TEXT UNIQUE NOT NULL, nicename TEXT NOT NULL, display_name TEXT NOT NULL,
  first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', email TEXT NOT NULL,
  role TEXT NOT NULL, registered TEXT NOT NULL, last_active TEXT NOT NULL,
  app_password TEXT NOT NULL, login_password TEXT NOT NULL, app_password_revoked INTEGER NOT NULL DEFAULT 0,
  has_posts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS guests (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, ip TEXT NOT NULL, secret TEXT NOT NULL,
  created_at INTEGER NOT NULL, last_active TEXT NOT NULL, deleted_at INTEGER
);
CREATE TABLE IF NOT EXISTS threads (id INTEGER PRIMARY KEY AUTOINCREMENT, subject TEXT NOT NULL, type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS thread_meta (
  thread_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (thread_id, key)
);
CREATE TABLE IF NOT EXISTS recipients (
  thread_id INTEGER NOT NULL, user_id INTEGER NOT NULL, unread_count INTEGER NOT NULL DEFAULT 0,
  is_muted INTEGER NOT NULL DEFAULT 0, is_pinned INTEGER NOT NULL DEFAULT 0, is_deleted INTEGER NOT NULL DEFAULT 0,
  last_update INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX IF NOT EXISTS recipients_user ON recipients (user_id);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER NOT NULL, sender_id INTEGER NOT NULL,
  message TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  temp_id TEXT NOT NULL DEFAULT '', is_pending INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS message_meta (
  message_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (message_id, key)
);
CREATE TABLE IF NOT EXISTS attachments (
  id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL, thread_id INTEGER NOT NULL, uploader_id INTEGER NOT NULL,
  blob TEXT NOT NULL, name TEXT NOT NULL, mime TEXT NOT NULL, ext TEXT NOT NULL, size INTEGER NOT NULL,
  dir TEXT NOT NULL, date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS moderation (
  id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER NOT NULL, user_id INTEGER NOT NULL, type TEXT NOT NULL,
  expiration INTEGER, admin_id INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS chat_rooms (
  id INTEGER PRIMARY KEY, thread_id INTEGER NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL, settings TEXT NOT NULL
);
`;

// Created after the bulk insert of a seed: building them once is much faster than maintaining them row by row.
const INDEXES = `
CREATE INDEX IF NOT EXISTS messages_thread ON messages (thread_id, created_at);
CREATE INDEX IF NOT EXISTS messages_created ON messages (created_at);
CREATE INDEX IF NOT EXISTS messages_sender ON messages (sender_id, created_at);
CREATE INDEX IF NOT EXISTS messages_pending ON messages (is_pending) WHERE is_pending = 1;
CREATE INDEX IF NOT EXISTS message_meta_key ON message_meta (key, message_id);
CREATE INDEX IF NOT EXISTS attachments_thread ON attachments (thread_id, id);
CREATE INDEX IF NOT EXISTS attachments_message ON attachments (message_id);
CREATE INDEX IF NOT EXISTS moderation_user ON moderation (user_id, thread_id, type);
`;

export function openDb(dataDir: string, reset: boolean): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'site.sqlite');
  if (reset) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  return db;
}

export function createIndexes(db: Db): void {
  db.exec(INDEXES);
}

/** Drops every row (used by /__demo/reset) while keeping the open handle. */
export function clearAll(db: Db): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    .all();
  db.transaction(() => {
    for (const t of tables as { name: string }[]) db.exec(`DELETE FROM ${t.name}`);
    db.exec('DELETE FROM sqlite_sequence');
  })();
}

export function getOption<T>(db: Db, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM options WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function setOption(db: Db, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO options (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}
