'use client';

import { QueueView, type QueueViewProps } from '@/components/queue/queue-view';
import { REPORT_DECISIONS } from './decisions';

/** The shared queue with this desk's decisions: functions cannot be handed in from the server page. */
export function ReportQueue(props: QueueViewProps) {
  return <QueueView {...props} decisions={REPORT_DECISIONS} />;
}
