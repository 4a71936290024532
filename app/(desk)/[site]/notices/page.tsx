import type { Metadata } from 'next';
import { Card } from '@/components/ui/field';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { listReasons } from '@/lib/services/decisions/reasons';
import { getModerationSettings, noticeSender } from '@/lib/services/decisions/settings';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { listSupportAccounts } from '@/lib/services/triage/support-accounts';
import { ReasonsEditor } from './reason-forms';
import { NoticeSettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Reasons and notices' };

/** The site's reasons and how members are told of decisions: admins edit, the others read. */
export default async function NoticesPage({ params }: { params: Promise<{ site: string }> }) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  const canManage = can(member.role, 'policy.manage');
  const [reasons, settings, sender, accounts] = await Promise.all([
    listReasons(site.id, { includeArchived: true }),
    getModerationSettings(site.id),
    noticeSender(site.id),
    listSupportAccounts(site.id),
  ]);
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-lg font-semibold">Reasons and notices</h1>
      <p className="text-sm text-muted">
        Every decision names a reason. When the member is told, BM Desk sends them a private message on the
        site from the moderation account, with the reason and how to appeal, and the decision becomes a strike
        on their page.
      </p>
      <Card className="space-y-3 p-3" data-testid="notices-card">
        <h2 className="text-sm font-semibold">Notices</h2>
        {sender.state === 'ready' ? (
          <p className="text-sm" data-testid="notice-sender" data-state="ready">
            Notices are sent as {sender.name}.
          </p>
        ) : (
          <p
            className="rounded-md border border-warn/40 bg-warn-bg px-3 py-2 text-sm text-warn"
            data-testid="notice-sender"
            data-state="off"
          >
            Notices are off: {sender.why} Decisions still go through; they are recorded without a notice.
          </p>
        )}
        <NoticeSettingsForm
          siteId={site.id}
          canManage={canManage}
          accounts={accounts.map((a) => ({ id: a.id, name: a.name, canReply: a.canReply }))}
          settings={{
            moderationAccountId: settings.moderationAccountId,
            appealDays: settings.appealDays,
            strikeDays: settings.strikeDays,
            ladder: settings.ladder,
            reporterFeedback: settings.reporterFeedback,
            reporterTextActed: settings.reporterTextActed,
            reporterTextKept: settings.reporterTextKept,
          }}
        />
      </Card>
      <Card className="space-y-3 p-3">
        <h2 className="text-sm font-semibold">Reasons</h2>
        <p className="text-sm text-muted">
          Offered in this order by every decision form. An archived reason stays on past decisions but is no
          longer offered.
        </p>
        <ReasonsEditor
          siteId={site.id}
          canManage={canManage}
          reasons={reasons.map((r) => ({
            id: r.id,
            code: r.code,
            title: r.title,
            memberText: r.memberText,
            notify: r.notify,
            ground: r.ground,
            groundReference: r.groundReference,
            archived: r.archivedAt !== null,
          }))}
        />
      </Card>
    </div>
  );
}
