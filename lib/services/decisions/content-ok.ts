/**
 * "Content is OK": a moderator who dismisses the reports on a message with this mark says the
 * message itself is fine. Later reports of the same message are then dismissed by BM Desk at once,
 * in the sync's stride (the pass that reads the reported list): on the site, through the same
 * call the queue's dismiss makes, audited (by BM Desk, "content is OK #<message>"), counted on the
 * mark, and told to the reporters when the site gives reporter feedback. The reports queue never
 * shows such a message; the reports page lists the marks with "N later reports dismissed".
 */
import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { dismissReport } from '@/lib/infra/better-messages';
import { recordIntent, recordOutcome } from '@/lib/infra/actions/audit';
import { classifyError } from '@/lib/infra/actions/classify-error';
import { getDb } from '@/lib/infra/db/client';
import { readLiveItem } from '@/lib/services/queues/claims';
import { indexMessages as m, indexUsers as u } from '@/lib/services/site-index/schema';
import type { SyncContext } from '@/lib/services/site-index/sync/context';
import { registerSyncHooks } from '@/lib/services/site-index/sync/hooks';
import { rereadIds } from '@/lib/services/site-index/sync/incremental';
import { tellReporters } from './reporter-feedback';
import { contentOkMarks as ok } from './schema';

export type ContentOkMark = typeof ok.$inferSelect;

/** How the audit log and the reports page name an automatic dismissal. */
export const contentOkWords = (messageId: number) => `content is OK #${messageId}`;

/** Marks a message OK (again: the newest marker is named; the count of dismissals is kept). */
export async function markContentOk(input: {
  siteId: number;
  messageId: number;
  member: { id: number; name: string } | null;
  note?: string | null;
}): Promise<void> {
  const db = await getDb();
  const values = {
    markedBy: input.member?.id ?? null,
    markedByName: input.member?.name ?? 'someone',
    note: input.note?.trim() ? input.note.trim().slice(0, 2000) : null,
  };
  await db
    .insert(ok)
    .values({ siteId: input.siteId, messageId: input.messageId, ...values })
    .onConflictDoUpdate({ target: [ok.siteId, ok.messageId], set: values });
}

export async function getContentOkMark(siteId: number, messageId: number): Promise<ContentOkMark | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(ok)
    .where(and(eq(ok.siteId, siteId), eq(ok.messageId, messageId)));
  return row ?? null;
}

export type ContentOkRow = {
  messageId: number;
  threadId: number | null;
  senderId: number | null;
  senderName: string | null;
  text: string | null;
  markedByName: string;
  note: string | null;
  autoDismissed: number;
  lastAutoDismissedAt: Date | null;
  createdAt: Date;
  /** Reports open on it right now (being dismissed by the next sync pass). */
  openReports: number;
};

/** The site's marks, those with dismissals first (latest first): the reports page's "Marked OK". */
export async function listContentOkMarks(siteId: number, limit = 20): Promise<ContentOkRow[]> {
  const db = await getDb();
  return db
    .select({
      messageId: ok.messageId,
      threadId: m.threadId,
      senderId: m.senderId,
      senderName: u.name,
      text: m.text,
      markedByName: ok.markedByName,
      note: ok.note,
      autoDismissed: ok.autoDismissed,
      lastAutoDismissedAt: ok.lastAutoDismissedAt,
      createdAt: ok.createdAt,
      openReports: sql<number>`coalesce(${m.reportCount}, 0)`,
    })
    .from(ok)
    .leftJoin(m, and(eq(m.siteId, ok.siteId), eq(m.id, ok.messageId)))
    .leftJoin(u, and(eq(u.siteId, ok.siteId), eq(u.id, m.senderId)))
    .where(eq(ok.siteId, siteId))
    .orderBy(sql`${ok.lastAutoDismissedAt} DESC NULLS LAST`, desc(ok.createdAt))
    .limit(limit);
}

/** At most this many marked messages per pass: the sync's own work comes first. */
const MAX_MESSAGES_PER_RUN = 20;

/**
 * Dismisses the reports on marked messages the index shows reported (just read from the site's
 * reported list). Each report: read live from the site, dismissed, audited. Answers how many
 * reports were dismissed.
 */
export async function autoDismissMarked(
  ctx: Pick<SyncContext, 'db' | 'siteId' | 'client' | 'running'> & Partial<SyncContext>,
): Promise<number> {
  const rows = await ctx.db
    .select({ messageId: ok.messageId, markedByName: ok.markedByName })
    .from(ok)
    .innerJoin(m, and(eq(m.siteId, ok.siteId), eq(m.id, ok.messageId)))
    .where(and(eq(ok.siteId, ctx.siteId), sql`${m.reportCount} > 0`))
    .limit(MAX_MESSAGES_PER_RUN);
  let total = 0;
  const touched: number[] = [];
  for (const row of rows) {
    if (!ctx.running()) break;
    const item = await readLiveItem(ctx.client, row.messageId).catch(() => null);
    touched.push(row.messageId);
    if (!item || item.reports.length === 0) continue;
    const dismissed: number[] = [];
    for (const report of item.reports) {
      const auditId = await recordIntent('dismissReports', null, {
        siteId: ctx.siteId,
        target: {
          messageId: row.messageId,
          bmUserId: item.senderId,
          reporterBmUserId: report.reporterBmUserId,
        },
        params: {
          reason: contentOkWords(row.messageId),
          actor: 'BM Desk',
          contentOk: true,
          markedBy: row.markedByName,
        },
      });
      const started = performance.now();
      try {
        await dismissReport(ctx.client, {
          messageId: row.messageId,
          reporterBmUserId: report.reporterBmUserId,
        });
        await recordOutcome(auditId, 'ok', performance.now() - started);
        dismissed.push(report.reporterBmUserId);
      } catch (err) {
        const c = classifyError(err);
        await recordOutcome(auditId, c.outcome, performance.now() - started, c);
        console.error(
          `[content-ok] site ${ctx.siteId}: dismissing a report on message ${row.messageId} failed: ${c.message}`,
        );
      }
    }
    if (dismissed.length === 0) continue;
    total += dismissed.length;
    await ctx.db
      .update(ok)
      .set({
        autoDismissed: sql`${ok.autoDismissed} + ${dismissed.length}`,
        lastAutoDismissedAt: new Date(),
      })
      .where(and(eq(ok.siteId, ctx.siteId), eq(ok.messageId, row.messageId)));
    await tellReporters({ siteId: ctx.siteId, outcome: 'kept', reporterBmUserIds: dismissed }).catch(
      (e: Error) => console.error(`[content-ok] reporter feedback failed: ${e.message}`),
    );
  }
  if (touched.length > 0) await forgetReports(ctx, touched);
  return total;
}

/** The index follows the site: re-read through the sync when it is the caller, else cleared here. */
async function forgetReports(
  ctx: Pick<SyncContext, 'db' | 'siteId'> & Partial<SyncContext>,
  messageIds: number[],
): Promise<void> {
  if (ctx.serial && ctx.pacer && ctx.meter && ctx.rate && ctx.options) {
    try {
      await rereadIds(ctx as SyncContext, messageIds);
      return;
    } catch (e) {
      console.error(`[content-ok] site ${ctx.siteId}: re-reading messages failed: ${(e as Error).message}`);
    }
  }
  await ctx.db
    .update(m)
    .set({ reports: [], reportCount: 0 })
    .where(and(eq(m.siteId, ctx.siteId), inArray(m.id, messageIds), sql`NOT ${m.aiFlagged}`));
}

/** Registered under "content-ok": after each incremental pass (the reported list was just read). */
export function registerContentOkSyncHooks(): void {
  registerSyncHooks('content-ok', {
    afterIncremental: async (ctx) => {
      await autoDismissMarked(ctx);
    },
  });
}
