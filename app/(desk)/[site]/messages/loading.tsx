import { TableSkeleton } from '@/components/data-table/table-skeleton';

export default function LoadingMessages() {
  return <TableSkeleton label="Loading messages" />;
}
