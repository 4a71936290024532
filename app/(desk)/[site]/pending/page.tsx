import type { Metadata } from 'next';
import { QueuePage } from '@/components/queue/queue-page';
import { PendingQueue } from './pending-queue';

export const metadata: Metadata = { title: 'Pending' };

export default function PendingPage(props: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <QueuePage kind="pending" props={props} View={PendingQueue} />;
}
