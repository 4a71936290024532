import { Forbidden } from '@/components/forbidden';

/** What `forbidden()` renders inside the desk, with status 403. */
export default function DeskForbidden() {
  return <Forbidden what="this page" />;
}
