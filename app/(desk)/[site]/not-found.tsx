import { MissingOnSite } from '@/components/not-found/missing';
import { listSites } from '@/lib/services/sites/queries';

/** A slug that names no site (any desk under it without a not-found of its own ends here). */
export default async function SiteNotFound() {
  const sites = (await listSites()).map(({ slug, name }) => ({ slug, name }));
  return <MissingOnSite sites={sites} />;
}
