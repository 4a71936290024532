import { PageSkeleton } from '@/components/ui/page-skeleton';

export default function LoadingReview() {
  return <PageSkeleton label="Loading the review queue" />;
}
