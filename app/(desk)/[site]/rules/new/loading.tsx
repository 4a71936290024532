import { PageSkeleton } from '@/components/ui/page-skeleton';

export default function LoadingRule() {
  return <PageSkeleton label="Loading the rule" />;
}
