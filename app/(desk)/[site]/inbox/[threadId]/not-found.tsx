import { MissingOnSite } from '@/components/not-found/missing';
import { listSites } from '@/lib/services/sites/queries';

/** A conversation whose thread the site does not have, or a site that does not exist. */
export default async function ConversationNotFound() {
  const sites = (await listSites()).map(({ slug, name }) => ({ slug, name }));
  return <MissingOnSite sites={sites} thing="conversation" />;
}
