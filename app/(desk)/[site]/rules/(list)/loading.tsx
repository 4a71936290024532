import { PageSkeleton } from '@/components/ui/page-skeleton';

export default function LoadingRules() {
  return <PageSkeleton label="Loading rules" />;
}
