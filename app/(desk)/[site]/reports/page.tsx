import type { Metadata } from 'next';
import { QueuePage } from '../_queue/queue-page';

export const metadata: Metadata = { title: 'Reports' };

export default function ReportsPage(props: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <QueuePage kind="report" props={props} />;
}
