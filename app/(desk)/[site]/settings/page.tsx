import type { Metadata } from 'next';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { loadSettingsView } from '@/lib/services/settings/save';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { ReportsFix } from './reports-fix';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Plugin settings' };

export default async function SettingsPage({ params }: { params: Promise<{ site: string }> }) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  // Read live from the site: a failure shows on the error page, never as empty settings.
  const view = await loadSettingsView(site.id, site.modules?.reports);
  const canEdit = can(member.role, 'settings.edit');
  return (
    <div className="max-w-4xl space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Plugin settings</h1>
        <p className="text-xs text-muted">
          The Better Messages settings moderation depends on, read from {site.name} just now. Saving sends
          only what you change.
        </p>
      </div>
      {view.reportsNeedFix ? (
        <ReportsFix siteId={site.id} canEdit={canEdit} allowReportsReads={view.values.allowReports === '1'} />
      ) : null}
      <SettingsForm siteId={site.id} initial={view.values} roles={view.roles} canEdit={canEdit} />
    </div>
  );
}
