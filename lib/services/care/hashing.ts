/**
 * The hashing pass: indexed image attachments not hashed yet are downloaded from their site (one
 * download at a time per site, under the site's size limit and a deadline) and hashed; each new
 * hash is compared with the site's removed images at once, so a re-upload is marked on sight.
 *
 * Runs beside the sync in the process that holds the site's lock, never in a page's request.
 * When nothing new has arrived, a pass reads the index and makes no call to the site at all.
 */
import 'server-only';
import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { isBmError } from '@/lib/infra/better-messages';
import { SiteFileError } from '@/lib/infra/better-messages/files';
import { getDb, type Db } from '@/lib/infra/db/client';
import { indexAttachments as a, syncState } from '@/lib/services/site-index/schema';
import { findOpenSite, type OpenedSite } from '@/lib/services/sites/open-site';
import {
  DEFAULT_HASH_MAX_BYTES,
  hammingDistance,
  hashImage,
  isVectorImage,
  MATCH_DISTANCE,
  type HashOutcome,
} from './phash';
import { imageHashes as h, removedImages } from './schema';

/** Images hashed per pass; a full batch is followed by the next one soon after. */
export const HASHES_PER_PASS = 20;
const DOWNLOAD_TIMEOUT_MS = 20_000;
/** An image the site could not send is tried again after this long. */
const UNREACHABLE_RETRY_MS = 60 * 60 * 1000;

const IMAGE_EXTS = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'avif', 'bmp', 'tif', 'tiff', 'heic', 'heif', 'svg'];

/** An attachment the index says is an image (by type, or by name when the type is missing). */
export const isImageAttachment: SQL = sql`(${a.mime} LIKE 'image/%' OR (${a.mime} IS NULL AND lower(${a.ext}) IN (${sql.join(
  IMAGE_EXTS.map((e) => sql`${e}`),
  sql`, `,
)})))`;

export interface ImageFile {
  id: number;
  url: string;
  mime: string | null;
  ext: string | null;
  size: number | null;
}

/** The tail of each site's downloads: a new one starts when the one before has settled. */
const lanes = new Map<number, Promise<unknown>>();

/** Runs `fn` after every earlier download of the site: at most one image download at a time per site. */
export function inSiteLane<T>(siteId: number, fn: () => Promise<T>): Promise<T> {
  const before = lanes.get(siteId) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const tail = run.catch(() => undefined);
  lanes.set(siteId, tail);
  void tail.then(() => {
    if (lanes.get(siteId) === tail) lanes.delete(siteId);
  });
  return run;
}

/** The site's size limit for hashing. */
export async function hashMaxBytes(db: Db, siteId: number): Promise<number> {
  const [row] = await db
    .select({ max: syncState.hashMaxBytes })
    .from(syncState)
    .where(eq(syncState.siteId, siteId));
  return row?.max ?? DEFAULT_HASH_MAX_BYTES;
}

/** Downloads (in the site's lane) and hashes one image, or says why not. Never throws for the file's sake. */
export async function hashAttachment(
  site: OpenedSite,
  file: ImageFile,
  limits: { maxBytes: number; timeoutMs?: number },
): Promise<HashOutcome> {
  if (isVectorImage(file.mime, file.ext)) return { status: 'skipped', reason: 'vector image' };
  if (file.size !== null && file.size > limits.maxBytes) return { status: 'skipped', reason: 'too large' };
  let bytes: Buffer;
  try {
    const fetched = await inSiteLane(site.id, () =>
      site.fetchFile(file.url, {
        maxBytes: limits.maxBytes,
        timeoutMs: limits.timeoutMs ?? DOWNLOAD_TIMEOUT_MS,
      }),
    );
    bytes = fetched.bytes;
  } catch (error) {
    if (error instanceof SiteFileError) {
      if (error.reason === 'too-large') return { status: 'skipped', reason: 'too large' };
      if (error.reason === 'not-found') return { status: 'skipped', reason: 'file gone' };
      return { status: 'skipped', reason: 'not on the site' };
    }
    if (isBmError(error)) return { status: 'skipped', reason: 'unreachable' };
    throw error;
  }
  return hashImage(bytes, { maxBytes: limits.maxBytes });
}

/** The site's removed images, for comparing new hashes with. */
export async function removedHashesOf(db: Db, siteId: number): Promise<{ id: number; hash: string }[]> {
  return db
    .select({ id: removedImages.id, hash: removedImages.hash })
    .from(removedImages)
    .where(eq(removedImages.siteId, siteId))
    .orderBy(removedImages.id);
}

/** The nearest removed image within the distance (the earliest of equals), if any. */
export function nearestRemoved(hash: string, removed: { id: number; hash: string }[]): number | null {
  let best: { id: number; d: number } | null = null;
  for (const r of removed) {
    const d = hammingDistance(hash, r.hash);
    if (d <= MATCH_DISTANCE && (!best || d < best.d)) best = { id: r.id, d };
  }
  return best?.id ?? null;
}

/** Stores a hash (or the reason it is missing), marked when it matches a removed image. */
export async function storeHash(
  db: Db,
  siteId: number,
  attachmentId: number,
  outcome: HashOutcome,
  removed: { id: number; hash: string }[],
): Promise<number | null> {
  const matches = outcome.status === 'hashed' ? nearestRemoved(outcome.hash, removed) : null;
  const row = {
    siteId,
    attachmentId,
    status: outcome.status,
    hash: outcome.status === 'hashed' ? outcome.hash : null,
    reason: outcome.status === 'skipped' ? outcome.reason : null,
    matchesRemovedId: matches,
    at: new Date(),
  };
  await db
    .insert(h)
    .values(row)
    .onConflictDoUpdate({
      target: [h.siteId, h.attachmentId],
      set: {
        status: row.status,
        hash: row.hash,
        reason: row.reason,
        matchesRemovedId: row.matchesRemovedId,
        at: row.at,
      },
    });
  return matches;
}

export interface HashPassResult {
  hashed: number;
  skipped: number;
  matched: number;
  /** Images looked at; equal to the batch size means more may be waiting. */
  seen: number;
}

/** Image attachments of the site not hashed yet (and unreachable ones due for another try), newest first. */
export async function imagesToHash(db: Db, siteId: number, limit: number): Promise<ImageFile[]> {
  return db
    .select({ id: a.id, url: a.url, mime: a.mime, ext: a.ext, size: a.size })
    .from(a)
    .leftJoin(h, and(eq(h.siteId, a.siteId), eq(h.attachmentId, a.id)))
    .where(
      and(
        eq(a.siteId, siteId),
        isImageAttachment,
        or(
          isNull(h.attachmentId),
          and(eq(h.reason, 'unreachable'), lt(h.at, new Date(Date.now() - UNREACHABLE_RETRY_MS))),
        ),
      ),
    )
    .orderBy(desc(a.id))
    .limit(limit);
}

/** One pass over a site: up to `limit` images hashed, one download at a time. */
export async function hashPendingImages(
  siteId: number,
  options: { limit?: number; timeoutMs?: number; site?: OpenedSite; running?: () => boolean } = {},
): Promise<HashPassResult> {
  const db = await getDb();
  const result: HashPassResult = { hashed: 0, skipped: 0, matched: 0, seen: 0 };
  const files = await imagesToHash(db, siteId, options.limit ?? HASHES_PER_PASS);
  if (files.length === 0) return result;
  const site = options.site ?? (await findOpenSite(siteId));
  if (!site) return result;
  const maxBytes = await hashMaxBytes(db, siteId);
  const removed = await removedHashesOf(db, siteId);
  for (const file of files) {
    if (options.running && !options.running()) break;
    const outcome = await hashAttachment(site, file, { maxBytes, timeoutMs: options.timeoutMs });
    const matches = await storeHash(db, siteId, file.id, outcome, removed);
    result.seen++;
    if (outcome.status === 'hashed') result.hashed++;
    else result.skipped++;
    if (matches !== null) result.matched++;
  }
  return result;
}

/** How far hashing has got on a site, for its settings page. */
export async function hashingStatus(
  siteId: number,
): Promise<{ hashed: number; skipped: number; matching: number }> {
  const db = await getDb();
  const [row] = await db
    .select({
      hashed: sql<number>`count(*) FILTER (WHERE ${h.status} = 'hashed')::int`,
      skipped: sql<number>`count(*) FILTER (WHERE ${h.status} = 'skipped')::int`,
      matching: sql<number>`count(*) FILTER (WHERE ${h.matchesRemovedId} IS NOT NULL)::int`,
    })
    .from(h)
    .where(eq(h.siteId, siteId));
  return row ?? { hashed: 0, skipped: 0, matching: 0 };
}

/** Stored hashes of some attachments of a site. */
export async function storedHashes(
  db: Db,
  siteId: number,
  attachmentIds: number[],
): Promise<Map<number, string>> {
  if (attachmentIds.length === 0) return new Map();
  const rows = await db
    .select({ id: h.attachmentId, hash: h.hash })
    .from(h)
    .where(and(eq(h.siteId, siteId), inArray(h.attachmentId, attachmentIds), eq(h.status, 'hashed')));
  return new Map(rows.filter((r) => r.hash).map((r) => [r.id, r.hash!]));
}

/**
 * The hashing loop of one site, beside its syncer: a pass every `everyMs`, the next at once while
 * batches come full. Stops with the syncer (the site's lock).
 */
export class ImageHashLoop {
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly siteId: number,
    private readonly options: { everyMs?: number; limit?: number } = {},
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    const everyMs = this.options.everyMs ?? 15_000;
    const limit = this.options.limit ?? HASHES_PER_PASS;
    while (!this.stopped) {
      let full = false;
      try {
        const done = await hashPendingImages(this.siteId, { limit, running: () => !this.stopped });
        full = done.seen >= limit;
      } catch (error) {
        console.error(`[care] image hashing of site ${this.siteId}: ${(error as Error).message}`);
      }
      if (!this.stopped) await this.sleep(full ? Math.min(everyMs, 500) : everyMs);
    }
  }
}
