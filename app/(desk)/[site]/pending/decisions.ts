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
    label: 'Approve',
    key: 'a',
    moderation: true,
    bulk: true,
    run: (i) => approvePendingMessage(itemOf(i)),
  },
  {
    id: 'reject',
    label: 'Reject (delete)',
    key: 'x',
    moderation: true,
    danger: true,
    bulk: true,
    run: (i) => rejectPendingMessage(itemOf(i)),
  },
  {
    id: 'trust',
    label: 'Trust sender (approve all)',
    key: 't',
    moderation: true,
    run: (i) => trustPendingSender({ ...itemOf(i), scope: i.scope, duration: i.duration }),
  },
  {
    id: 'distrust',
    label: 'Distrust sender (delete all)',
    moderation: true,
    danger: true,
    run: (i) => distrustPendingSender({ ...itemOf(i), scope: i.scope, duration: i.duration }),
  },
];
