import {
  approvePendingMessage,
  distrustPendingSender,
  rejectPendingMessage,
  trustPendingSender,
} from '../pending/actions';
import {
  banReportedSender,
  blacklistReportedSender,
  deleteReportedMessage,
  dismissReportedMessage,
  muteReportedSender,
} from '../reports/actions';

export type DecisionInput = {
  siteId: number;
  messageId: number;
  reason?: string;
  duration: number;
  scope: 'global' | 'thread';
};
type Result = { ok: true } | { ok: false; error: string; code: string };

export type Decision = {
  id: string;
  label: string;
  key?: string;
  /** Needs moderation rights (support may only dismiss). */
  moderation: boolean;
  danger?: boolean;
  bulk?: boolean;
  run: (i: DecisionInput) => Promise<Result>;
};

const base = (i: DecisionInput) => ({ siteId: i.siteId, messageId: i.messageId, reason: i.reason });

export const REPORT_DECISIONS: Decision[] = [
  {
    id: 'dismiss',
    label: 'Dismiss',
    key: 'd',
    moderation: false,
    bulk: true,
    run: (i) => dismissReportedMessage(base(i)),
  },
  {
    id: 'delete',
    label: 'Delete message',
    key: 'x',
    moderation: true,
    danger: true,
    bulk: true,
    run: (i) => deleteReportedMessage(base(i)),
  },
  {
    id: 'ban',
    label: 'Ban sender from thread',
    key: 'b',
    moderation: true,
    danger: true,
    run: (i) => banReportedSender({ ...base(i), duration: i.duration }),
  },
  {
    id: 'delete-ban',
    label: 'Delete + ban sender',
    moderation: true,
    danger: true,
    run: (i) => deleteReportedMessage({ ...base(i), banMinutes: i.duration }),
  },
  {
    id: 'mute',
    label: 'Mute sender',
    key: 'm',
    moderation: true,
    run: (i) => muteReportedSender({ ...base(i), duration: i.duration }),
  },
  {
    id: 'hold',
    label: "Hold sender's messages",
    moderation: true,
    run: (i) => blacklistReportedSender({ ...base(i), scope: i.scope, duration: i.duration }),
  },
];

export const PENDING_DECISIONS: Decision[] = [
  {
    id: 'approve',
    label: 'Approve',
    key: 'a',
    moderation: true,
    bulk: true,
    run: (i) => approvePendingMessage(base(i)),
  },
  {
    id: 'reject',
    label: 'Reject (delete)',
    key: 'x',
    moderation: true,
    danger: true,
    bulk: true,
    run: (i) => rejectPendingMessage(base(i)),
  },
  {
    id: 'trust',
    label: 'Trust sender (approve all)',
    key: 't',
    moderation: true,
    run: (i) => trustPendingSender({ ...base(i), scope: i.scope, duration: i.duration }),
  },
  {
    id: 'distrust',
    label: 'Distrust sender (delete all)',
    moderation: true,
    danger: true,
    run: (i) => distrustPendingSender({ ...base(i), scope: i.scope, duration: i.duration }),
  },
];
