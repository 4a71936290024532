import { itemOf, type Decision } from '@/components/queue/decisions';
import {
  approvePendingMessage,
  distrustPendingSender,
  rejectPendingMessage,
  trustPendingSender,
} from './actions';

export const PENDING_DECISIONS: Decision[] = [
  {
    id: 'approve',
    afterSend: 'The message is delivered and may have been read; it can still be deleted from its thread.',
    label: 'Approve',
    key: 'a',
    moderation: true,
    bulk: true,
    run: (i) => approvePendingMessage(itemOf(i)),
  },
  {
    id: 'reject',
    reasons: true,
    afterSend: 'The message is deleted on the site and cannot come back.',
    label: 'Reject (delete)',
    key: 'x',
    moderation: true,
    danger: true,
    bulk: true,
    run: (i) => rejectPendingMessage(itemOf(i)),
  },
  {
    id: 'trust',
    afterSend:
      'Their waiting messages are delivered; the sender can be taken off the whitelist on their person page.',
    label: 'Trust sender (approve all)',
    key: 't',
    moderation: true,
    run: (i) => trustPendingSender({ ...itemOf(i), scope: i.scope, duration: i.duration }),
  },
  {
    id: 'distrust',
    reasons: true,
    afterSend:
      'Their waiting messages are deleted and cannot come back; the sender can be taken off the blacklist on their person page.',
    label: 'Distrust sender (delete all)',
    moderation: true,
    danger: true,
    run: (i) => distrustPendingSender({ ...itemOf(i), scope: i.scope, duration: i.duration }),
  },
];
