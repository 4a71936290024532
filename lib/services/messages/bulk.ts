/**
 * Starting the messages desk's bulk decisions, over the chosen rows or over every match of the
 * desk's filters (the URL's query string, parsed here exactly as the page parses it), as one
 * durable job: delete (kind `messagesBulk`), approve or reject pending (the queues' `queueBulk`),
 * site ban (mute, hold) the senders (`messagesBulk`, one standing decision per sender).
 * The worklist and its labels come from the index, never from the browser.
 */
import 'server-only';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Member } from '@/lib/infra/auth/members';
import { plural } from '@/lib/infra/format/plural';
import { parseSearch } from '@/lib/infra/table/search-params';
import { startJob } from '@/lib/services/jobs/start';
import { bulkQueueDecision } from '@/lib/services/queues/queue-decisions';
import {
  COUNT_CAP,
  getMatchingMessages,
  getMessagesByIds,
  type MatchingMessage,
} from '@/lib/services/site-index/queries/messages-desk';
import { getSiteById } from '@/lib/services/sites/queries';
import { filterFromSearch, messagesSearchParams } from './search-params';
import { senderKey, type MessagesScope } from './scope';

const LABEL_MAX = 200;
const clip = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);
const jobMember = (m: Member) => ({ id: m.id, email: m.email, role: m.role });

/** The scope's messages from the index; a search with more than COUNT_CAP matches is refused. */
async function scopeMessages(siteId: number, scope: MessagesScope, pendingOnly: boolean) {
  if (scope.kind === 'selected') {
    const rows = await getMessagesByIds(siteId, [...new Set(scope.messageIds)]);
    return pendingOnly ? rows.filter((r) => r.pending) : rows;
  }
  const { search } = parseSearch(messagesSearchParams, new URLSearchParams(scope.search));
  const filter = { ...filterFromSearch(siteId, search), ...(pendingOnly ? { pending: true } : {}) };
  const rows = await getMatchingMessages(filter, COUNT_CAP + 1);
  if (rows.length > COUNT_CAP) {
    throw new ActionRefusal(
      `More than ${COUNT_CAP.toLocaleString('en')} messages match: narrow the filters (one job takes at most ${COUNT_CAP.toLocaleString('en')}).`,
      'too-many',
    );
  }
  return rows;
}

const itemLabel = (r: MatchingMessage) =>
  clip(`#${r.id} by ${r.senderName?.trim() || `user #${r.senderId}`} in thread #${r.threadId}`);

export interface MessagesBulkInput {
  siteId: number;
  action: 'delete' | 'approve' | 'reject';
  scope: MessagesScope;
  reason?: string;
}

export async function startMessagesBulk(i: MessagesBulkInput, member: Member) {
  if (!(await getSiteById(i.siteId))) {
    throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  }
  const pendingOnly = i.action !== 'delete';
  const rows = await scopeMessages(i.siteId, i.scope, pendingOnly);
  if (rows.length === 0) {
    throw new ActionRefusal(
      pendingOnly ? 'None of these messages is pending.' : 'No message matches: nothing to delete.',
      'nothing-to-do',
    );
  }
  const items = rows.map((r) => ({ key: String(r.id), label: itemLabel(r) }));
  const count = plural(items.length, 'message');
  const jobId =
    i.action === 'delete'
      ? await startJob({
          siteId: i.siteId,
          kind: 'messagesBulk',
          label: clip(`Delete ${count}`),
          params: { action: 'delete', reason: i.reason },
          items,
          member: jobMember(member),
        })
      : await startJob({
          siteId: i.siteId,
          kind: 'queueBulk',
          label: clip(bulkQueueDecision('pending', i.action).label(count)),
          params: { queue: 'pending', decision: i.action, reason: i.reason },
          items,
          member: jobMember(member),
        });
  return { jobId, total: items.length };
}

export interface SiteBanSendersInput {
  siteId: number;
  scope: MessagesScope;
  kind: 'ban' | 'mute' | 'hold';
  /** Null: until lifted. */
  endsAt: Date | null;
  holdMessages: boolean;
  reason: string;
}

/** "Site ban the senders": one standing decision per distinct sender of the scope, as one job. */
export async function startSiteBanSenders(i: SiteBanSendersInput, member: Member) {
  if (!(await getSiteById(i.siteId))) {
    throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  }
  const rows = await scopeMessages(i.siteId, i.scope, false);
  const senders = new Map<number, string>();
  for (const r of rows) {
    if (r.senderId !== 0 && !senders.has(r.senderId)) {
      senders.set(r.senderId, r.senderName?.trim() || `user #${r.senderId}`);
    }
  }
  if (senders.size === 0) {
    throw new ActionRefusal('No message matches: nobody to site-ban.', 'nothing-to-do');
  }
  const items = [...senders].map(([bmUserId, name]) => ({
    key: senderKey(bmUserId),
    label: clip(`${name} (#${bmUserId})`),
  }));
  const what = { ban: 'Site ban', mute: 'Site mute', hold: 'Hold' }[i.kind];
  const jobId = await startJob({
    siteId: i.siteId,
    kind: 'messagesBulk',
    label: clip(`${what} ${plural(items.length, 'sender')} of ${plural(rows.length, 'message')}`),
    params: {
      action: 'site-ban',
      kind: i.kind,
      endsAt: i.endsAt ? i.endsAt.toISOString() : null,
      holdMessages: i.holdMessages,
      reason: i.reason,
    },
    items,
    member: jobMember(member),
  });
  return { jobId, total: items.length };
}
