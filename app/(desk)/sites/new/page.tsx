import type { Metadata } from 'next';
import { memberWith } from '@/lib/infra/auth/require';
import { SiteForm } from '../site-form';

export const metadata: Metadata = { title: 'Connect a site' };

export default async function NewSitePage() {
  await memberWith('sites.manage', 'connect a site');
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Connect a site</h1>
      <SiteForm />
    </div>
  );
}
