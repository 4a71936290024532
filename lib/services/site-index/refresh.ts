/**
 * Targeted refreshes after a moderation action, run in the process that served the action
 * (it need not hold the site's sync lock: these are idempotent re-reads), and on-demand sync.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getThread, type BmUpdateBundle } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { siteOf, type SiteRef } from '@/lib/services/sites/open-site';
import { limitedClient } from '@/lib/services/sites/site-limiter';
import { indexMessages, indexThreads, syncState } from './schema';
import { recountUsers, touchState } from './store';
import { DEFAULT_SYNC_OPTIONS, serialLane, type SyncContext } from './sync/context';
import { rereadIds } from './sync/incremental';
import { BatchPacer, LoadMeter, meteredClient, RateMeter } from './sync/load';
import { detailsOf, syncThreadDetails } from './sync/threads';
import { localSyncer } from './worker';

async function contextFor(ref: SiteRef): Promise<SyncContext> {
  const site = await siteOf(ref);
  const meter = new LoadMeter();
  const client = site.clientWith({ timeoutMs: 30_000, maxRetries: 1, limited: false });
  return {
    db: await getDb(),
    siteId: site.id,
    // Metered inside the limiter, as the sync is: answer times are the site's, not our queue's.
    client: limitedClient(meteredClient(client, meter), site.limiter),
    meter,
    pacer: new BatchPacer({ start: 500 }),
    rate: new RateMeter(),
    options: DEFAULT_SYNC_OPTIONS,
    serial: serialLane(),
    running: () => true,
  };
}

/**
 * Re-reads messages by id: updated where they changed, removed where the site deleted them.
 * Give the site the caller opened (a decision, a reply), so it is not opened again.
 */
export async function refreshMessages(site: SiteRef, messageIds: readonly number[]): Promise<void> {
  if (messageIds.length === 0) return;
  const ctx = await contextFor(site);
  const senders = await rereadIds(ctx, [...new Set(messageIds)]);
  await recountUsers(ctx.db, ctx.siteId, senders);
}

/** A thread's details and files, and every message of it the index holds or the site shows last. */
export async function refreshThread(site: SiteRef, threadId: number): Promise<void> {
  const ctx = await contextFor(site);
  const siteId = ctx.siteId;
  const m = indexMessages;
  const known = await ctx.db
    .select({ id: m.id })
    .from(m)
    .where(and(eq(m.siteId, siteId), eq(m.threadId, threadId)));
  const latest = await getThread(ctx.client, threadId)
    .then((bundle) => bundle.messages.map((x) => x.message_id))
    .catch(() => [] as number[]);
  const senders = await rereadIds(ctx, [...new Set([...known.map((k) => k.id), ...latest])]);
  await recountUsers(ctx.db, siteId, senders);
  await syncThreadDetails(ctx, threadId);
}

/** Asks for an incremental pass now, whichever process holds the site's lock (it polls sync_state). */
export async function requestSync(siteId: number): Promise<void> {
  const db = await getDb();
  await db.insert(syncState).values({ siteId }).onConflictDoNothing();
  await touchState(db, siteId, { syncRequestedAt: new Date() });
  localSyncer(siteId)?.poke();
}

/**
 * What moderation calls answered about threads (ban, mute… return the thread item): stored as
 * is, in one transaction, so a job over hundreds of threads needs no second call per thread.
 * Restrictions are kept unless the answer carries them (the plugin sends them for chat rooms).
 */
export async function storeThreadAnswers(
  siteId: number,
  answers: { threadId: number; answer: BmUpdateBundle | false }[],
): Promise<void> {
  const threads = answers.flatMap(({ threadId, answer }) => {
    const thread = answer ? answer.threads.find((x) => x.thread_id === threadId) : undefined;
    return thread ? [thread] : [];
  });
  // In id order, as every writer of the index locks thread rows.
  threads.sort((a, b) => a.thread_id - b.thread_id);
  if (threads.length === 0) return;
  const db = await getDb();
  // One statement for all of them (a job's batch): the rows as one JSON array, read back as a
  // table. A thread seen twice keeps its last answer.
  const rows = [...new Map(threads.map((thread) => [thread.thread_id, thread])).values()].map((thread) => {
    const { type, subject, participants, moderators, participantCount, bans, mutes, banCount, muteCount } =
      detailsOf(thread);
    return {
      id: thread.thread_id,
      type,
      subject,
      participants,
      moderators,
      participant_count: participantCount,
      restricted: thread.restricted !== undefined,
      bans,
      mutes,
      ban_count: banCount,
      mute_count: muteCount,
    };
  });
  await db.execute(sql`
    update ${indexThreads} t set
      type = v.type, subject = v.subject, participants = v.participants, moderators = v.moderators,
      participant_count = v.participant_count,
      bans = case when v.restricted then v.bans else t.bans end,
      mutes = case when v.restricted then v.mutes else t.mutes end,
      ban_count = case when v.restricted then v.ban_count else t.ban_count end,
      mute_count = case when v.restricted then v.mute_count else t.mute_count end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
      id bigint, type text, subject text, participants integer[], moderators integer[],
      participant_count integer, restricted boolean, bans jsonb, mutes jsonb, ban_count integer,
      mute_count integer)
    where t.site_id = ${siteId} and t.id = v.id`);
}
