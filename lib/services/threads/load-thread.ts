import 'server-only';
import {
  getThread,
  isBmError,
  loadMoreMessages,
  type BmClient,
  type BmMessage,
  type BmUser,
} from '@/lib/infra/better-messages';
import { removedMatchesOf } from '@/lib/services/care/removed';
import { getReportsForMessages } from '@/lib/services/site-index/queries/message-reports';
import { toTimelineMessage, type TimelineMessage } from './timeline';

export type ThreadParticipant = { id: number; name: string; isGuest: boolean; moderator: boolean };

export type ThreadView = {
  id: number;
  type: string;
  subject: string;
  title: string;
  participants: ThreadParticipant[];
  siteRestrictions: { kind: 'ban' | 'mute'; bmUserId: number; name: string; until: string }[];
  messages: TimelineMessage[];
};

/** The thread as the site shows it now (not the index): a moderator acts on the truth. */
export async function loadThreadView(
  client: BmClient,
  siteId: number,
  threadId: number,
): Promise<ThreadView | null> {
  let bundle;
  try {
    bundle = await getThread(client, threadId);
  } catch (err) {
    if (isBmError(err) && 'code' in err && err.code === 'rest_thread_not_exists') return null;
    throw err;
  }
  const thread = bundle.threads.find((t) => t.thread_id === threadId) ?? bundle.threads[0];
  if (!thread) return null;
  const users = new Map(bundle.users.map((u) => [u.bmUserId, u] as [number, BmUser]));
  const [reports, matches] = await Promise.all([
    getReportsForMessages(
      siteId,
      bundle.messages.map((m) => m.message_id),
    ),
    removedMatchesOf(siteId, fileIdsOf(bundle.messages)),
  ]);
  const moderators = new Set(thread.moderators ?? []);
  const name = (id: number) => users.get(id)?.name ?? `User #${id}`;
  const restricted = thread.restricted && !Array.isArray(thread.restricted) ? thread.restricted : {};
  return {
    id: thread.thread_id,
    type: thread.type,
    subject: thread.subject,
    title: thread.title,
    participants: thread.participants.map((id) => ({
      id,
      name: name(id),
      isGuest: id < 0,
      moderator: moderators.has(id),
    })),
    siteRestrictions: [
      ...(restricted.ban ?? []).map((r) => ({
        kind: 'ban' as const,
        bmUserId: r.bmUserId,
        name: name(r.bmUserId),
        until: r.until.toISOString(),
      })),
      ...(restricted.mute ?? []).map((r) => ({
        kind: 'mute' as const,
        bmUserId: r.bmUserId,
        name: name(r.bmUserId),
        until: r.until.toISOString(),
      })),
    ],
    messages: bundle.messages
      .map((m) => toTimelineMessage(m, users, reports, matches))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id),
  };
}

/** The attachment ids the messages carry (the site's ids, as the index and the hashes key them). */
function fileIdsOf(messages: BmMessage[]): number[] {
  return messages.flatMap((m) => (m.meta?.files ?? []).map((f) => f.id));
}

/** Older messages than those loaded, for scrolling back. */
export async function loadOlder(
  client: BmClient,
  siteId: number,
  threadId: number,
  loaded: number[],
): Promise<TimelineMessage[]> {
  const page = await loadMoreMessages(client, threadId, { loadedMessageIds: loaded });
  const users = new Map(page.users.map((u) => [u.bmUserId, u] as [number, BmUser]));
  const known = new Set(loaded);
  const fresh = page.messages.filter((m) => !known.has(m.message_id));
  const [reports, matches] = await Promise.all([
    getReportsForMessages(
      siteId,
      fresh.map((m) => m.message_id),
    ),
    removedMatchesOf(siteId, fileIdsOf(fresh)),
  ]);
  return fresh
    .map((m) => toTimelineMessage(m, users, reports, matches))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}
