import { TableSkeleton } from '@/components/data-table/table-skeleton';

export default function LoadingThreads() {
  return <TableSkeleton label="Loading threads" />;
}
