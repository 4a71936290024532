import type { Metadata } from 'next';
import { QueuePage } from '../_queue/queue-page';

export const metadata: Metadata = { title: 'Pending' };

export default function PendingPage(props: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <QueuePage kind="pending" props={props} />;
}
