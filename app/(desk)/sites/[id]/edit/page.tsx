import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { memberWith } from '@/lib/infra/auth/require';
import { getSiteById } from '@/lib/services/sites/queries';
import { idFromPath } from '@/lib/infra/table/path-params';
import { SiteForm } from '../../site-form';

export const metadata: Metadata = { title: 'Edit site' };

export default async function EditSitePage({ params }: { params: Promise<{ id: string }> }) {
  await memberWith('sites.manage', 'edit a site');
  const site = await getSiteById(idFromPath((await params).id));
  if (!site) notFound();
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Edit {site.name}</h1>
      <SiteForm site={{ id: site.id, name: site.name, url: site.url, username: site.username }} />
    </div>
  );
}
