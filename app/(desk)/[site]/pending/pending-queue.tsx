'use client';

import { QueueView, type QueueViewProps } from '@/components/queue/queue-view';
import { PENDING_DECISIONS } from './decisions';

/** The shared queue with this desk's decisions: functions cannot be handed in from the server page. */
export function PendingQueue(props: QueueViewProps) {
  return <QueueView {...props} decisions={PENDING_DECISIONS} />;
}
