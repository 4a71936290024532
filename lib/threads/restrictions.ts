import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditLog, auditOutcomes } from '@/lib/db/schema';

export type RecordedRestriction = {
  kind: 'ban' | 'mute';
  bmUserId: number;
  until: string;
  by: string | null;
  reason: string | null;
};

/**
 * Bans and mutes in force in a thread as BM Desk recorded them: the plugin lists restrictions
 * only for chat rooms, and a banned member leaves the participant list, so without this a
 * moderator could not see (or lift) a ban in a private or group thread.
 */
export async function getRecordedRestrictions(
  siteId: number,
  threadId: number,
): Promise<RecordedRestriction[]> {
  const db = await getDb();
  const rows = await db
    .select({
      action: auditLog.action,
      at: auditLog.at,
      target: auditLog.target,
      params: auditLog.params,
      by: auditLog.memberEmail,
    })
    .from(auditLog)
    .innerJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
    .where(
      and(
        eq(auditLog.siteId, siteId),
        eq(auditOutcomes.outcome, 'ok'),
        inArray(auditLog.action, [
          'banUserInThread',
          'unbanUserInThread',
          'muteUserInThread',
          'unmuteUserInThread',
        ]),
        sql`(${auditLog.target} ->> 'threadId')::int = ${threadId}`,
      ),
    )
    .orderBy(desc(auditLog.id));
  const seen = new Set<string>();
  const live: RecordedRestriction[] = [];
  for (const row of rows) {
    const kind = row.action.startsWith('ban') || row.action.startsWith('unban') ? 'ban' : 'mute';
    const bmUserId = Number(row.target?.bmUserId);
    const key = `${kind}:${bmUserId}`;
    if (seen.has(key)) continue; // only the latest decision counts
    seen.add(key);
    if (row.action.startsWith('un')) continue;
    const minutes = Number(row.params?.duration ?? 0);
    const until = new Date(new Date(row.at).getTime() + minutes * 60_000);
    if (until.getTime() > Date.now()) {
      live.push({
        kind,
        bmUserId,
        until: until.toISOString(),
        by: row.by,
        reason: (row.params?.reason as string | undefined) ?? null,
      });
    }
  }
  return live;
}
