/**
 * Removed images: every image BM Desk removes (a message deleted from the attachments desk, a
 * thread or a queue) is kept by its perceptual hash as "removed image #N", and every hashed
 * attachment of the site within the distance is marked as matching it.
 *
 * The hashes are taken before the message goes (the file goes with it): the stored hash when the
 * hashing pass had it, else the file is downloaded once, in the site's lane. Recording never
 * fails the removal itself: a failure is logged and the removal stands.
 *
 * A whole thread wiped (cleared or erased, from its page or as a bulk job) records its images the
 * same way, up to IMAGES_PER_REMOVAL of them and DOWNLOADS_PER_REMOVAL downloads per call.
 *
 * One picture, one number: removing an image within the distance of a removed image of the site
 * (a re-upload already "matching removed image #N") adds no new row: it is recorded as #N again,
 * and the attachments near its own hash are marked as matching #N too.
 */
import 'server-only';
import { and, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { indexAttachments as a } from '@/lib/services/site-index/schema';
import { findOpenSite } from '@/lib/services/sites/open-site';
import {
  hashAttachment,
  hashMaxBytes,
  isImageAttachment,
  removedHashesOf,
  storedHashes,
  storeHash,
} from './hashing';
import { MATCH_DISTANCE } from './phash';
import { imageHashes as h, removedImages } from './schema';

/** Downloads one removal may make for images the hashing pass has not reached yet. */
const DOWNLOADS_PER_REMOVAL = 10;
const REMOVAL_DOWNLOAD_TIMEOUT_MS = 10_000;
const IMAGES_PER_REMOVAL = 200;
/** Past this, a removal downloads nothing more: the moderator's action is not held for long. */
const REMOVAL_DOWNLOADS_BUDGET_MS = 15_000;

export interface ImageToRemove {
  attachmentId: number;
  messageId: number | null;
  name: string | null;
  hash: string;
}

export interface ImageRemoval {
  images: ImageToRemove[];
  /** Records the images of the messages that were deleted; answers their removed-image ids. */
  record(deletedMessageIds: number[], removedBy: number | null): Promise<number[]>;
}

const nothing: ImageRemoval = { images: [], record: async () => [] };

/**
 * The hashes of the image attachments of a thread about to be cleared or erased, as the index
 * knows them (its first IMAGES_PER_REMOVAL). Call before wiping; then `record` with `messageIds`
 * once the site has wiped them.
 */
export async function prepareThreadImageRemoval(
  siteId: number,
  threadId: number,
): Promise<ImageRemoval & { messageIds: number[] }> {
  let messageIds: number[] = [];
  try {
    const db = await getDb();
    const rows = await db
      .selectDistinct({ messageId: a.messageId })
      .from(a)
      .where(and(eq(a.siteId, siteId), eq(a.threadId, threadId), isNotNull(a.messageId), isImageAttachment))
      .orderBy(a.messageId)
      .limit(IMAGES_PER_REMOVAL);
    messageIds = rows.map((r) => r.messageId!);
  } catch (error) {
    console.error(
      `[care] images of thread ${threadId} (site ${siteId}) not found: ${(error as Error).message}`,
    );
  }
  return { ...(await prepareImageRemoval(siteId, messageIds)), messageIds };
}

/**
 * The hashes of the image attachments of messages about to be deleted. Call before deleting;
 * then `record` with the ids the site really deleted.
 */
export async function prepareImageRemoval(siteId: number, messageIds: number[]): Promise<ImageRemoval> {
  if (messageIds.length === 0) return nothing;
  try {
    const images = await hashesOfMessages(siteId, messageIds);
    if (images.length === 0) return nothing;
    return {
      images,
      record: async (deleted, removedBy) => {
        const gone = new Set(deleted);
        const ids: number[] = [];
        try {
          for (const image of images) {
            if (image.messageId !== null && gone.has(image.messageId)) {
              const id = await recordRemovedImage(siteId, image, removedBy);
              if (!ids.includes(id)) ids.push(id);
            }
          }
        } catch (error) {
          console.error(`[care] removed images of site ${siteId} not recorded: ${(error as Error).message}`);
        }
        return ids;
      },
    };
  } catch (error) {
    console.error(
      `[care] images of removed messages not hashed (site ${siteId}): ${(error as Error).message}`,
    );
    return nothing;
  }
}

async function hashesOfMessages(siteId: number, messageIds: number[]): Promise<ImageToRemove[]> {
  const db = await getDb();
  const files = await db
    .select({
      id: a.id,
      messageId: a.messageId,
      name: a.name,
      url: a.url,
      mime: a.mime,
      ext: a.ext,
      size: a.size,
    })
    .from(a)
    .where(and(eq(a.siteId, siteId), inArray(a.messageId, messageIds), isImageAttachment))
    .orderBy(a.id)
    .limit(IMAGES_PER_REMOVAL);
  if (files.length === 0) return [];
  const known = await storedHashes(
    db,
    siteId,
    files.map((f) => f.id),
  );
  // Not downloaded again: files skipped for good (gone, too large, not an image …); only the unreachable.
  const settled = await db
    .select({ id: h.attachmentId })
    .from(h)
    .where(
      and(
        eq(h.siteId, siteId),
        inArray(
          h.attachmentId,
          files.map((f) => f.id),
        ),
        eq(h.status, 'skipped'),
        ne(h.reason, 'unreachable'),
      ),
    );
  const skipped = new Set(settled.map((r) => r.id));
  const missing = files.filter((f) => !known.has(f.id) && !skipped.has(f.id)).slice(0, DOWNLOADS_PER_REMOVAL);
  if (missing.length > 0) {
    const site = await findOpenSite(siteId);
    if (site) {
      const maxBytes = await hashMaxBytes(db, siteId);
      const removed = await removedHashesOf(db, siteId);
      const until = Date.now() + REMOVAL_DOWNLOADS_BUDGET_MS;
      for (const file of missing) {
        if (Date.now() > until) break;
        const outcome = await hashAttachment(site, file, {
          maxBytes,
          timeoutMs: REMOVAL_DOWNLOAD_TIMEOUT_MS,
        });
        await storeHash(db, siteId, file.id, outcome, removed);
        if (outcome.status === 'hashed') known.set(file.id, outcome.hash);
      }
    }
  }
  return files
    .filter((f) => known.has(f.id))
    .map((f) => ({ attachmentId: f.id, messageId: f.messageId, name: f.name, hash: known.get(f.id)! }));
}

/**
 * Keeps one removed image and marks the site's hashed attachments within the distance; answers #N.
 * A picture within the distance of a removed image of the site is that image again: no new row,
 * its number is answered (the nearest; the earliest of equals).
 */
export async function recordRemovedImage(
  siteId: number,
  image: { attachmentId: number | null; name: string | null; hash: string },
  removedBy: number | null,
  db?: Db,
): Promise<number> {
  const conn = db ?? (await getDb());
  const distance = sql<number>`bit_count(('x' || ${removedImages.hash})::bit(64) # ('x' || ${image.hash})::bit(64))`;
  const [known] = await conn
    .select({ id: removedImages.id })
    .from(removedImages)
    .where(and(eq(removedImages.siteId, siteId), sql`${distance} <= ${MATCH_DISTANCE}`))
    .orderBy(distance, removedImages.id)
    .limit(1);
  let id = known?.id;
  if (id === undefined) {
    const [row] = await conn
      .insert(removedImages)
      .values({ siteId, attachmentId: image.attachmentId, hash: image.hash, name: image.name, removedBy })
      .returning({ id: removedImages.id });
    id = row!.id;
  }
  await conn
    .update(h)
    .set({ matchesRemovedId: id })
    .where(
      and(
        eq(h.siteId, siteId),
        eq(h.status, 'hashed'),
        isNull(h.matchesRemovedId),
        image.attachmentId === null ? undefined : ne(h.attachmentId, image.attachmentId),
        sql`bit_count(('x' || ${h.hash})::bit(64) # ('x' || ${image.hash})::bit(64)) <= ${MATCH_DISTANCE}`,
      ),
    );
  return id;
}

/** The removed images some attachments of a site match, by attachment id (one query, for a page). */
export async function removedMatchesOf(
  siteId: number,
  attachmentIds: number[],
): Promise<Map<number, number>> {
  const ids = [...new Set(attachmentIds)];
  if (ids.length === 0) return new Map();
  const db = await getDb();
  const rows = await db
    .select({ attachmentId: h.attachmentId, id: h.matchesRemovedId })
    .from(h)
    .where(and(eq(h.siteId, siteId), inArray(h.attachmentId, ids), isNotNull(h.matchesRemovedId)));
  return new Map(rows.map((r) => [r.attachmentId, r.id!]));
}
