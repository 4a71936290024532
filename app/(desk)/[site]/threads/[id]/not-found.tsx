import { MissingOnSite } from '@/components/not-found/missing';
import { listSites } from '@/lib/services/sites/queries';

/** A thread number that cannot exist, or a site that does not. */
export default async function ThreadNotFound() {
  const sites = (await listSites()).map(({ slug, name }) => ({ slug, name }));
  return <MissingOnSite sites={sites} thing="thread" />;
}
