import { TableSkeleton } from '@/components/data-table/table-skeleton';

export default function LoadingUsers() {
  return <TableSkeleton label="Loading users" />;
}
