import { MissingSite } from '@/components/not-found/missing';

/** A site id no connected site has. */
export default function EditSiteNotFound() {
  return <MissingSite />;
}
