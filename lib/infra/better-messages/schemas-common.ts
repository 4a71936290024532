/**
 * Building blocks shared by every schema. Conversions happen here, once, at the edge:
 * ids become numbers, plugin timestamps become Dates, site-local strings keep their text.
 * Objects are loose (unknown keys pass through: integrations add their own) but strict
 * about the fields BM Desk uses.
 */
import { z } from 'zod';

/** An id the plugin sends as a number or a digit string ("12", "-5"). Negative = guest, 0 = system. */
export const idSchema = z
  .union([z.number().int(), z.string().regex(/^-?\d+$/, 'expected an id')])
  .transform((v) => Number(v));

/** Counts that come straight from SQL arrive as strings. */
export const countSchema = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a number')])
  .transform((v) => Number(v));

/** 0/1, true/false or "0"/"1" → boolean. */
export const flagSchema = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true');

/** The plugin's 14-digit clock: Unix time in 1/10 000 s (ms × 10). */
export const bmTimeSchema = z
  .union([z.number(), z.string().regex(/^\d+$/, 'expected a timestamp')])
  .transform((v) => new Date(Number(v) / 10));

const MYSQL_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function utcFromMysql(text: string): number | null {
  const m = MYSQL_DATETIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, ...number[]];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

/** GMT "YYYY-MM-DD HH:MM:SS" (user `lastActive`); the plugin's "never" (1970-01-01) becomes null. */
export const gmtDateTimeSchema = z.string().transform((text) => {
  const ms = utcFromMysql(text);
  return ms === null || ms <= 0 ? null : new Date(ms);
});

export interface SiteLocalTime {
  /** Exactly what the site sent, in the site's own timezone. */
  local: string;
  /** The instant, computed with `utcOffsetMinutes`; null when the text is not a datetime. */
  date: Date | null;
  /** False when no offset was known and the text was read as UTC. */
  offsetKnown: boolean;
}

/**
 * Site-local "YYYY-MM-DD HH:MM:SS" (admin row `time`, report `time`, guest `createdAt`).
 * Without an offset the text is read as UTC, which is off by the site's offset: callers that
 * know it (the REST index's `gmt_offset`) pass it. A fixed offset ignores DST changes between
 * the message's date and today; the `local` text stays exact.
 */
export function siteLocalTimeSchema(utcOffsetMinutes?: number) {
  return z.string().transform((local): SiteLocalTime => {
    const ms = utcFromMysql(local);
    return {
      local,
      date: ms === null ? null : new Date(ms - (utcOffsetMinutes ?? 0) * 60_000),
      offsetKnown: utcOffsetMinutes !== undefined,
    };
  });
}

/** PHP sends an empty associative array as `[]`; read it as `{}`. */
export function phpObject<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (Array.isArray(v) && v.length === 0 ? {} : v), schema);
}

/**
 * User item (`rest_user_item`). `bmUserId` is added from `user_id`: positive = WordPress user,
 * negative = guest, 0 = system.
 */
export const userBaseSchema = z.looseObject({
  id: idSchema,
  user_id: idSchema.optional(),
  name: z.string(),
  avatar: z.string().optional(),
  url: z.union([z.string(), z.literal(false)]).optional(),
  verified: flagSchema.optional(),
  lastActive: gmtDateTimeSchema.optional(),
  is_bot: flagSchema.optional(),
});

/** Adds `bmUserId`; use with `userBaseSchema.extend({...})` for the admin variants. */
export function withBmUserId<T extends { id: number; user_id?: number | undefined }>(u: T) {
  return { ...u, bmUserId: u.user_id ?? u.id };
}

export const userSchema = userBaseSchema.transform(withBmUserId);
export type BmUser = z.output<typeof userSchema>;

/**
 * A file's thumbnail URL. WordPress answers `false` for anything that is not an image (checked on
 * the real plugin 2.15.28 with a .txt file); we hand out `undefined` then.
 */
export const thumbSchema = z
  .union([z.string(), z.literal(false)])
  .optional()
  .transform((v) => (v === false ? undefined : v));

/** Attachment inside a message's `meta.files`. */
export const messageFileSchema = z.looseObject({
  id: idSchema,
  url: z.string(),
  thumb: thumbSchema,
  mimeType: z.string().optional(),
  name: z.string().optional(),
  size: countSchema.optional(),
  ext: z.string().optional(),
});
