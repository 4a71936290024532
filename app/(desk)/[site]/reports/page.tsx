import type { Metadata } from 'next';
import { QueuePage } from '@/components/queue/queue-page';
import { ReportQueue } from './report-queue';

export const metadata: Metadata = { title: 'Reports' };

export default function ReportsPage(props: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <QueuePage kind="report" props={props} View={ReportQueue} />;
}
