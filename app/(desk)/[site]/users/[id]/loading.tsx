import { TableSkeleton } from '@/components/data-table/table-skeleton';

export default function LoadingUser() {
  return <TableSkeleton label="Loading user" />;
}
