import { itemOf, type Decision } from '@/components/queue/decisions';
import {
  banReportedSender,
  blacklistReportedSender,
  deleteReportedMessage,
  dismissReports,
  muteReportedSender,
} from './actions';

export const REPORT_DECISIONS: Decision[] = [
  {
    id: 'dismiss',
    afterSend: 'The reports are cleared on the site and cannot be re-opened; the message stays.',
    label: 'Dismiss',
    key: 'd',
    moderation: false,
    bulk: true,
    run: (i) => dismissReports(itemOf(i)),
  },
  {
    id: 'dismiss-ok',
    afterSend:
      'The reports are cleared on the site and cannot be re-opened; the message is marked OK, so later reports of it are dismissed by BM Desk.',
    label: 'Content is OK',
    key: 'o',
    hint: 'dismiss and mark the message OK: BM Desk dismisses its later reports at once',
    moderation: false,
    run: (i) => dismissReports({ ...itemOf(i), contentOk: true }),
  },
  {
    id: 'delete',
    reasons: true,
    afterSend: 'The message is deleted on the site and cannot come back.',
    label: 'Delete message',
    key: 'x',
    moderation: true,
    danger: true,
    bulk: true,
    run: (i) => deleteReportedMessage(itemOf(i)),
  },
  {
    id: 'ban',
    reasons: true,
    afterSend: "The reports are cleared for good; the ban can be lifted in the thread's participants.",
    label: 'Ban sender from thread',
    key: 'b',
    moderation: true,
    danger: true,
    run: (i) => banReportedSender({ ...itemOf(i), duration: i.duration }),
  },
  {
    id: 'delete-ban',
    reasons: true,
    afterSend:
      "The message is deleted and cannot come back; the ban can be lifted in the thread's participants.",
    label: 'Delete + ban sender',
    moderation: true,
    danger: true,
    run: (i) => deleteReportedMessage({ ...itemOf(i), banMinutes: i.duration }),
  },
  {
    id: 'mute',
    reasons: true,
    afterSend: "The reports are cleared for good; the mute can be lifted in the thread's participants.",
    label: 'Mute sender',
    key: 'm',
    moderation: true,
    run: (i) => muteReportedSender({ ...itemOf(i), duration: i.duration }),
  },
  {
    id: 'hold',
    reasons: true,
    afterSend:
      'The reports are cleared for good; the sender can be taken off the blacklist on their person page.',
    label: "Hold sender's messages",
    moderation: true,
    run: (i) => blacklistReportedSender({ ...itemOf(i), scope: i.scope, duration: i.duration }),
  },
];
