import Link from 'next/link';
import { redirect } from 'next/navigation';
import { buttonClass } from '@/components/ui/button';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { listSites } from '@/lib/services/sites/queries';

export default async function DeskHome() {
  const member = await requireMember();
  const [first] = await listSites();
  if (first) redirect(`/${first.slug}`);
  return (
    <div className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-base font-semibold">No site connected yet</h1>
      {can(member.role, 'sites.manage') ? (
        <>
          <p className="mt-2 text-sm text-muted">
            Connect a WordPress site that runs Better Messages with an administrator&apos;s application
            password.
          </p>
          <Link href="/sites/new" className={buttonClass('primary', 'mt-4')}>
            Connect a site
          </Link>
        </>
      ) : (
        <p className="mt-2 text-sm text-muted">Ask an owner or admin of your team to connect a site.</p>
      )}
    </div>
  );
}
