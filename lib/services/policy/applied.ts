/** What a standing decision applied on the site, so its end lifts exactly that (thread 0: the blacklist). */
import 'server-only';
import { getDb } from '@/lib/infra/db/client';
import { standingApplied } from './schema';

/** Records what a decision applied (once per thread and kind; applied again, it is unlifted again). */
export async function recordApplied(
  decisionId: number,
  threadId: number,
  what: 'ban' | 'mute' | 'blacklist',
  auditId: number | null,
): Promise<void> {
  const db = await getDb();
  await db
    .insert(standingApplied)
    .values({ decisionId, threadId, what, auditId })
    .onConflictDoUpdate({
      target: [standingApplied.decisionId, standingApplied.threadId, standingApplied.what],
      set: { liftedAt: null, liftError: null, auditId },
    });
}
