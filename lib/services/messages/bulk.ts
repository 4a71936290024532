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
import type { DecisionReasonInput } from '@/lib/services/decisions/record';
import { recordDecision, resolveReason } from '@/lib/services/decisions/record';
import { bulkQueueDecision } from '@/lib/services/queues/queue-decisions';
import { groupBySender } from '@/lib/services/threads/decision-subjects';
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
  /** The decision's reason (delete and reject): checked before the job starts. */
  decision?: DecisionReasonInput;
}

/** One decision per sender of the job's messages, recorded as the job starts (auditId: the start's row). */
async function recordPerSender(
  siteId: number,
  kind: 'delete' | 'reject',
  rows: readonly MatchingMessage[],
  decision: DecisionReasonInput | undefined,
  member: Member,
  auditId: number | null,
) {
  for (const g of groupBySender(rows)) {
    await recordDecision({
      siteId,
      kind,
      subject: { bmUserId: g.bmUserId, name: g.name },
      threadIds: g.threadIds,
      messageIds: g.messageIds,
      reasonId: decision?.reasonId ?? null,
      freeText: decision?.freeText ?? null,
      notify: decision?.notify,
      actor: { memberId: member.id, name: member.name },
      auditId,
    });
  }
}

export async function startMessagesBulk(i: MessagesBulkInput, member: Member, auditId: number | null = null) {
  if (!(await getSiteById(i.siteId))) {
    throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  }
  if (i.action !== 'approve') await resolveReason(i.siteId, i.decision?.reasonId);
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
          params: { action: 'delete', reason: i.reason?.slice(0, 500) },
          items,
          member: jobMember(member),
        })
      : await startJob({
          siteId: i.siteId,
          kind: 'queueBulk',
          label: clip(bulkQueueDecision('pending', i.action).label(count)),
          params: { queue: 'pending', decision: i.action, reason: i.reason?.slice(0, 500) },
          items,
          member: jobMember(member),
        });
  if (i.action !== 'approve') {
    await recordPerSender(i.siteId, i.action, rows, i.decision, member, auditId);
  }
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
  /** The reason picked and "tell the member": each sender's standing decision records them. */
  reasonId?: number | null;
  notify?: boolean;
}

/** "Site ban the senders": one standing decision per distinct sender of the scope, as one job. */
export async function startSiteBanSenders(i: SiteBanSendersInput, member: Member) {
  if (!(await getSiteById(i.siteId))) {
    throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  }
  const picked = await resolveReason(i.siteId, i.reasonId);
  const words = i.reason.trim();
  if (!words && !picked) {
    throw new ActionRefusal('Say why: pick a reason or write one.', 'no-reason-given');
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
      // Kept with each standing decision: the words, else the reason's title.
      reason: (words || picked!.title).slice(0, 500),
      freeText: words || null,
      ...(i.reasonId ? { reasonId: i.reasonId } : {}),
      ...(i.notify !== undefined ? { notify: i.notify } : {}),
    },
    items,
    member: jobMember(member),
  });
  return { jobId, total: items.length };
}
