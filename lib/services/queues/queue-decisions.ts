/**
 * The queue decisions that may be taken on many items at once, shared by the single-item server
 * actions (reports/pending desks) and the bulk job kind (`queueBulk`): for each, its queue, the
 * audited action name (the single action's export name), who may take it, the words its claim
 * records, and what it does on the site (the `act` handed to `decide()`).
 */
import 'server-only';
import { approveMessage, banUser, deleteMessagesSiteWide, type BmClient } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Permission } from '@/lib/infra/auth/permissions';
import { prepareImageRemoval } from '@/lib/services/care/removed';
import type { LiveItem, QueueKind } from './claims';
import { clearReports } from './decide';
import type { QueueRecord } from './record';

type Act = (client: BmClient, item: LiveItem) => Promise<{ touchedThread?: boolean } | void>;
type On = { siteId: number; messageId: number };

/** Reports: clear every open report and the AI flag; the message stays. */
export const dismissAct =
  (i: On): Act =>
  (client, item) =>
    clearReports(client, i.messageId, item);

/** Reports: delete the message site-wide (its images kept as removed images), and ban its sender if asked. */
export const deleteReportedAct =
  (i: On & { banMinutes?: number }, memberId: number): Act =>
  async (client, item) => {
    const images = await prepareImageRemoval(i.siteId, [i.messageId]);
    await deleteMessagesSiteWide(client, [i.messageId]);
    await images.record([i.messageId], memberId);
    if (i.banMinutes) await banUser(client, item.threadId, item.senderId, i.banMinutes);
    return { touchedThread: Boolean(i.banMinutes) };
  };

/** Pending: deliver the message. */
export const approveAct =
  (i: On): Act =>
  async (client) => {
    if (!(await approveMessage(client, i.messageId))) {
      throw new ActionRefusal('The site did not approve the message.', 'not-approved');
    }
  };

/** Pending: delete the message site-wide (its images kept as removed images). */
export const rejectAct =
  (i: On, memberId: number): Act =>
  async (client) => {
    const images = await prepareImageRemoval(i.siteId, [i.messageId]);
    await deleteMessagesSiteWide(client, [i.messageId]);
    await images.record([i.messageId], memberId);
  };

export interface BulkQueueDecision {
  queue: QueueKind;
  /** The decision's id on the desk (components/queue/decisions). */
  id: string;
  /** The single action's name: every item is audited under it. */
  action: string;
  permission: Permission;
  /** What the claim records ("Already handled: X chose “dismiss”…"). */
  claimWords: string;
  /** Plain-text job label for n items. */
  label: (count: string) => string;
  act: (i: On, memberId: number) => Act;
  /** What it is as a statement of reasons (none: approving is not a restriction). */
  record?: QueueRecord;
}

export const BULK_QUEUE_DECISIONS: readonly BulkQueueDecision[] = [
  {
    queue: 'report',
    id: 'dismiss',
    action: 'dismissReports',
    permission: 'reports.dismiss',
    claimWords: 'dismiss',
    label: (n) => `Dismiss the reports on ${n}`,
    act: (i) => dismissAct(i),
    record: { kind: 'dismiss', reporters: 'kept' },
  },
  {
    queue: 'report',
    id: 'delete',
    action: 'deleteReportedMessage',
    permission: 'moderation.act',
    claimWords: 'delete',
    label: (n) => `Delete ${n} (reported)`,
    act: (i, memberId) => deleteReportedAct(i, memberId),
    record: { kind: 'delete', reporters: 'acted' },
  },
  {
    queue: 'pending',
    id: 'approve',
    action: 'approvePendingMessage',
    permission: 'moderation.act',
    claimWords: 'approve',
    label: (n) => `Approve ${n} (pending)`,
    act: (i) => approveAct(i),
  },
  {
    queue: 'pending',
    id: 'reject',
    action: 'rejectPendingMessage',
    permission: 'moderation.act',
    claimWords: 'reject',
    label: (n) => `Reject ${n} (pending)`,
    act: (i, memberId) => rejectAct(i, memberId),
    record: { kind: 'reject' },
  },
];

/** The bulk decision, or a refusal in words for one that may not be taken on many items. */
export function bulkQueueDecision(queue: QueueKind, id: string): BulkQueueDecision {
  const d = BULK_QUEUE_DECISIONS.find((x) => x.queue === queue && x.id === id);
  if (!d) {
    throw new ActionRefusal(
      `“${id}” cannot be taken on many ${queue === 'report' ? 'reported' : 'pending'} messages at once.`,
      'invalid-decision',
    );
  }
  return d;
}
