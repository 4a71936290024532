import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { memberWith } from '@/lib/auth/require';
import { SiteForm } from '../site-form';

export const metadata: Metadata = { title: 'Connect a site' };

export default async function NewSitePage() {
  if (!(await memberWith('sites.manage'))) return <Forbidden what="the sites page" />;
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Connect a site</h1>
      <SiteForm />
    </div>
  );
}
