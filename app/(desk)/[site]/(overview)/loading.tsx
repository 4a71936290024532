import { PageSkeleton } from '@/components/ui/page-skeleton';

// In a route group of its own: a loading boundary on [site] would also wrap the pages that may
// answer 403 (the site audit log, inbox settings), and a streamed page can no longer set its status.
export default function Loading() {
  return <PageSkeleton label="Loading the overview" />;
}
