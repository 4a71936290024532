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
    label: 'Dismiss',
    key: 'd',
    moderation: false,
    bulk: true,
    run: (i) => dismissReports(itemOf(i)),
  },
  {
    id: 'delete',
    label: 'Delete message',
    key: 'x',
    moderation: true,
    danger: true,
    bulk: true,
    run: (i) => deleteReportedMessage(itemOf(i)),
  },
  {
    id: 'ban',
    label: 'Ban sender from thread',
    key: 'b',
    moderation: true,
    danger: true,
    run: (i) => banReportedSender({ ...itemOf(i), duration: i.duration }),
  },
  {
    id: 'delete-ban',
    label: 'Delete + ban sender',
    moderation: true,
    danger: true,
    run: (i) => deleteReportedMessage({ ...itemOf(i), banMinutes: i.duration }),
  },
  {
    id: 'mute',
    label: 'Mute sender',
    key: 'm',
    moderation: true,
    run: (i) => muteReportedSender({ ...itemOf(i), duration: i.duration }),
  },
  {
    id: 'hold',
    label: "Hold sender's messages",
    moderation: true,
    run: (i) => blacklistReportedSender({ ...itemOf(i), scope: i.scope, duration: i.duration }),
  },
];
