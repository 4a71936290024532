import { TableSkeleton } from '@/components/data-table/table-skeleton';

export default function LoadingInbox() {
  return <TableSkeleton label="Loading the inbox" />;
}
