import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes } from '@/lib/infra/db/schema';

export type RecordedRestriction = {
  kind: 'ban' | 'mute';
  bmUserId: number;
  until: string;
  by: string | null;
  reason: string | null;
};

export type RecordedUserRestriction = RecordedRestriction & { threadId: number };

/** The per-thread actions whose latest outcome decides a restriction ("ban everywhere" writes these too). */
const RESTRICTION_ACTIONS = [
  'banUserInThread',
  'unbanUserInThread',
  'muteUserInThread',
  'unmuteUserInThread',
] as const;

/**
 * Bans and mutes in force as BM Desk recorded them, newest decision per (thread, user, kind)
 * winning. Narrowed to a thread, a user, or neither (the whole site).
 */
async function recorded(
  siteId: number,
  only: { threadId?: number; bmUserId?: number },
): Promise<RecordedUserRestriction[]> {
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
        inArray(auditLog.action, [...RESTRICTION_ACTIONS]),
        only.threadId === undefined
          ? undefined
          : sql`(${auditLog.target} ->> 'threadId')::bigint = ${only.threadId}`,
        only.bmUserId === undefined
          ? undefined
          : sql`(${auditLog.target} ->> 'bmUserId')::bigint = ${only.bmUserId}`,
      ),
    )
    .orderBy(desc(auditLog.id));
  const seen = new Set<string>();
  const live: RecordedUserRestriction[] = [];
  for (const row of rows) {
    const kind = row.action.startsWith('ban') || row.action.startsWith('unban') ? 'ban' : 'mute';
    const bmUserId = Number(row.target?.bmUserId);
    const threadId = Number(row.target?.threadId);
    const key = `${kind}:${threadId}:${bmUserId}`;
    if (seen.has(key)) continue; // only the latest decision counts
    seen.add(key);
    if (row.action.startsWith('un')) continue;
    const minutes = Number(row.params?.duration ?? 0);
    const until = new Date(new Date(row.at).getTime() + minutes * 60_000);
    if (until.getTime() > Date.now()) {
      live.push({
        kind,
        threadId,
        bmUserId,
        until: until.toISOString(),
        by: row.by,
        reason: (row.params?.reason as string | undefined) ?? null,
      });
    }
  }
  return live;
}

/**
 * Bans and mutes in force in a thread as BM Desk recorded them: the plugin lists restrictions
 * only for chat rooms, and a banned member leaves the participant list, so without this a
 * moderator could not see (or lift) a ban in a private or group thread.
 */
export async function getRecordedRestrictions(
  siteId: number,
  threadId: number,
): Promise<RecordedRestriction[]> {
  return (await recorded(siteId, { threadId })).map((r) => ({
    kind: r.kind,
    bmUserId: r.bmUserId,
    until: r.until,
    by: r.by,
    reason: r.reason,
  }));
}

/** One person's recorded bans and mutes in force, thread by thread. */
export function getRecordedRestrictionsOfUser(
  siteId: number,
  bmUserId: number,
): Promise<RecordedUserRestriction[]> {
  return recorded(siteId, { bmUserId });
}

/** Every recorded ban and mute in force on the site (the users table's "banned somewhere"). */
export function getRecordedRestrictionsOfSite(siteId: number): Promise<RecordedUserRestriction[]> {
  return recorded(siteId, {});
}
