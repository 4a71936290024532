import 'server-only';
import { and, count, eq } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { members } from '@/lib/infra/db/schema';
import {
  DEFAULT_MEDIA_CARE,
  EXPOSURE_KINDS,
  EXPOSURE_LIMIT_MAX,
  EXPOSURE_LIMIT_MIN,
  type ExposureKind,
  type MediaCareSettings,
} from './kinds';
import { mediaExposures } from './schema';

/**
 * The exposure counter: how much reported or flagged media a member revealed today (UTC).
 * "Flagged" is decided where the media is shown, from the index: an item in the reports or
 * pending queue; a message with reports, pending approval or flagged by the plugin's AI
 * moderation; a file sent in such a message. One row per member, day and item, so revealing
 * the same file again the same day does not count twice.
 */

/** The member's day, as the counter keeps it: the UTC date, YYYY-MM-DD. */
export function exposureDay(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new Error('The time of the exposure is not a valid date.');
  return at.toISOString().slice(0, 10);
}

/** The item key, e.g. "3:attachment:812". */
export function exposureItem(siteId: number, kind: ExposureKind, id: number): string {
  if (!Number.isInteger(siteId) || siteId < 1)
    throw new Error('The site id must be a positive whole number.');
  if (!EXPOSURE_KINDS.includes(kind)) throw new Error(`Unknown kind of media "${String(kind)}".`);
  if (!Number.isSafeInteger(id) || id < 1) throw new Error('The item id must be a positive whole number.');
  return `${siteId}:${kind}:${id}`;
}

/** Records one reveal and answers the member's count for that day (the reveal included). */
export async function recordExposure(
  memberId: number,
  item: { siteId: number; kind: ExposureKind; id: number },
  at: Date = new Date(),
): Promise<number> {
  const key = exposureItem(item.siteId, item.kind, item.id);
  const day = exposureDay(at);
  const db = await getDb();
  await db.insert(mediaExposures).values({ memberId, day, item: key, at }).onConflictDoNothing();
  return countExposures(memberId, at);
}

/** How many reported or flagged items the member revealed on the (UTC) day of `at`. */
export async function countExposures(memberId: number, at: Date = new Date()): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(mediaExposures)
    .where(and(eq(mediaExposures.memberId, memberId), eq(mediaExposures.day, exposureDay(at))));
  return row?.n ?? 0;
}

export async function getMediaCare(memberId: number): Promise<MediaCareSettings> {
  const db = await getDb();
  const [row] = await db
    .select({
      blurImages: members.blurImages,
      greyscaleMedia: members.greyscaleMedia,
      exposureLimit: members.exposureLimit,
    })
    .from(members)
    .where(eq(members.id, memberId));
  return row ?? DEFAULT_MEDIA_CARE;
}

export async function setMediaCare(memberId: number, settings: MediaCareSettings): Promise<void> {
  const limit = settings.exposureLimit;
  if (!Number.isInteger(limit) || limit < EXPOSURE_LIMIT_MIN || limit > EXPOSURE_LIMIT_MAX) {
    throw new Error(
      `The daily limit must be a whole number from ${EXPOSURE_LIMIT_MIN} to ${EXPOSURE_LIMIT_MAX}.`,
    );
  }
  const db = await getDb();
  await db
    .update(members)
    .set({
      blurImages: settings.blurImages,
      greyscaleMedia: settings.greyscaleMedia,
      exposureLimit: limit,
    })
    .where(eq(members.id, memberId));
}
