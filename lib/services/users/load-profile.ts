/**
 * One person of a site: what the site says about them (counts, guest details, white/blacklist),
 * what the index holds (messages, reports, threads), and what BM Desk did to them (bans it
 * recorded, its audit log). Every stranger's text leaves here sanitized or as plain text.
 */
import 'server-only';
import {
  bmUserIdToGuestId,
  getAdminUser,
  getGuest,
  getModerationList,
  isBmError,
  type BmClient,
  type ModerationList,
} from '@/lib/infra/better-messages';
import { getAuditPage } from '@/lib/services/audit/queries';
import { sanitizeMessageHtml } from '@/lib/infra/content/sanitize';
import { getMessages, type MessageListRow } from '@/lib/services/site-index/queries/messages';
import { getThreadIds } from '@/lib/services/site-index/queries/threads';
import { getIndexedRestrictions, getUser } from '@/lib/services/site-index/queries/users';
import { getDb } from '@/lib/infra/db/client';
import { indexThreads } from '@/lib/services/site-index/schema';
import { siteClient } from '@/lib/services/sites/site-client';
import { getRecordedRestrictionsOfUser } from '@/lib/services/threads/restrictions';
import { and, eq, inArray } from 'drizzle-orm';

export type ProfileRestriction = {
  kind: 'ban' | 'mute';
  threadId: number;
  subject: string | null;
  until: string;
  /** Listed by the site (chat rooms), recorded by BM Desk, or both. */
  source: 'site' | 'desk' | 'both';
  by: string | null;
  reason: string | null;
};

export type ListEntry = { list: ModerationList; expiration: string | null };

export type ProfileMessage = {
  id: number;
  threadId: number;
  createdAt: string;
  /** Sanitized. */
  html: string;
  pending: boolean;
  reports: { reporter: string; category: string; description: string; time: string | null }[];
};

const siteWords = (err: unknown) => (isBmError(err) ? err.message : 'the site did not answer');

async function siteFacts(client: BmClient, bmUserId: number) {
  const [user, guest] = await Promise.all([
    getAdminUser(client, bmUserId),
    bmUserId < 0 ? getGuest(client, bmUserIdToGuestId(bmUserId)) : Promise.resolve(null),
  ]);
  return {
    name: user.name,
    lastActive: user.lastActive?.toISOString() ?? null,
    messagesCount: user.messagesCount,
    conversationsCount: user.conversationsCount,
    moderationStatus: user.moderationStatus,
    isAdmin: user.isAdmin,
    guest: guest
      ? {
          guestId: guest.guestId,
          email: guest.email || null,
          ip: guest.ip || null,
          createdAt: guest.createdAt?.date?.toISOString() ?? null,
        }
      : null,
  };
}

/** Global entries only: per-thread lists are asked thread by thread, which a profile cannot afford. */
async function listEntries(client: BmClient, bmUserId: number): Promise<ListEntry[]> {
  const lists: ModerationList[] = ['whitelist', 'blacklist'];
  const answers = await Promise.all(lists.map((l) => getModerationList(client, l)));
  return answers.flatMap((entries, i) =>
    entries
      .filter((e) => e.bmUserId === bmUserId)
      .map((e) => ({ list: lists[i]!, expiration: e.expiration?.toISOString() ?? null })),
  );
}

function toMessage(m: MessageListRow): ProfileMessage {
  return {
    id: m.id,
    threadId: m.threadId,
    createdAt: m.createdAt.toISOString(),
    html: sanitizeMessageHtml(m.html),
    pending: m.pending,
    reports: m.reports.map((r) => ({
      reporter: r.reporterName ?? `User #${r.reporterBmUserId}`,
      category: r.category,
      description: r.description,
      time: r.time,
    })),
  };
}

async function restrictionsOf(siteId: number, bmUserId: number): Promise<ProfileRestriction[]> {
  const [listed, recorded] = await Promise.all([
    getIndexedRestrictions(siteId, [bmUserId]),
    getRecordedRestrictionsOfUser(siteId, bmUserId),
  ]);
  const byKey = new Map<string, ProfileRestriction>();
  for (const r of listed) {
    byKey.set(`${r.kind}:${r.threadId}`, { ...r, subject: null, source: 'site', by: null, reason: null });
  }
  for (const r of recorded) {
    const key = `${r.kind}:${r.threadId}`;
    const site = byKey.get(key);
    byKey.set(key, {
      kind: r.kind,
      threadId: r.threadId,
      subject: null,
      until: site?.until ?? r.until,
      source: site ? 'both' : 'desk',
      by: r.by,
      reason: r.reason,
    });
  }
  const all = [...byKey.values()];
  if (all.length > 0) {
    const db = await getDb();
    const subjects = await db
      .select({ id: indexThreads.id, subject: indexThreads.subject })
      .from(indexThreads)
      .where(
        and(
          eq(indexThreads.siteId, siteId),
          inArray(
            indexThreads.id,
            all.map((r) => r.threadId),
          ),
        ),
      );
    const names = new Map(subjects.map((s) => [s.id, s.subject]));
    for (const r of all) r.subject = names.get(r.threadId) ?? null;
  }
  return all.sort((a, b) => a.until.localeCompare(b.until));
}

export async function loadProfile(siteId: number, bmUserId: number) {
  const client = await siteClient(siteId);
  let siteError: string | null = null;
  const onSiteError =
    <T>(fallback: T) =>
    (err: unknown) => {
      siteError ??= siteWords(err);
      return fallback;
    };
  const [indexed, site, lists, restrictions, recent, reported, audit, threads] = await Promise.all([
    getUser(siteId, bmUserId),
    siteFacts(client, bmUserId).catch(onSiteError(null)),
    listEntries(client, bmUserId).catch(onSiteError(null)),
    restrictionsOf(siteId, bmUserId),
    getMessages({ siteId, senderId: bmUserId }, { perPage: 10 }),
    getMessages({ siteId, senderId: bmUserId, reported: true }, { perPage: 10 }),
    getAuditPage({ siteId, bmUserId }, { perPage: 20 }),
    getThreadIds({ siteId, participant: bmUserId }),
  ]);
  return {
    bmUserId,
    isGuest: bmUserId < 0,
    name: indexed?.name ?? site?.name ?? `User #${bmUserId}`,
    indexed,
    site,
    siteError: siteError as string | null,
    lists,
    restrictions,
    recent: recent.rows.map(toMessage),
    reported: { total: reported.total, rows: reported.rows.map(toMessage) },
    audit: audit.rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      action: r.action,
      member: r.memberEmail,
      target: r.target,
      params: r.params,
      outcome: r.outcome,
      message: r.message,
    })),
    /** Where they take part now: what "ban/mute everywhere" works on. */
    threads,
  };
}

export type Profile = Awaited<ReturnType<typeof loadProfile>>;
