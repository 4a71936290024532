import { MissingOnSite } from '@/components/not-found/missing';
import { listSites } from '@/lib/services/sites/queries';

/** A user neither the index nor the site knows, or a site that does not exist. */
export default async function UserNotFound() {
  const sites = (await listSites()).map(({ slug, name }) => ({ slug, name }));
  return <MissingOnSite sites={sites} thing="user" />;
}
