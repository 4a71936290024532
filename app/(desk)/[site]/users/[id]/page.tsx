import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { IgnoredParams } from '@/components/data-table/ignored-params';
import { Card } from '@/components/ui/field';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { getThreads } from '@/lib/services/site-index/queries/threads';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { userIdFromPath } from '@/lib/infra/table/path-params';
import { parseSearch } from '@/lib/infra/table/search-params';
import { loadProfile } from '@/lib/services/users/load-profile';
import { threadsSearchParams } from '@/lib/services/threads/search-params';
import { AuditHistory } from './audit-history';
import { ListEntries } from './list-entries';
import { MessageList } from './message-list';
import { ProfileHeader } from './profile-header';
import { RestrictionsList } from './restrictions-list';
import { UserActions } from './user-actions';
import { UserThreads } from './user-threads';
import { ProtectedControl, StandingForm, StandingTable } from '@/components/policy/standing-controls';
import { protectionOf } from '@/lib/services/policy/protected';
import { listStandingDecisions } from '@/lib/services/policy/standing';
import { LadderSuggestion } from '@/components/decisions/ladder-suggestion';
import { StrikesTable } from '@/components/decisions/strikes-table';
import { WarnForm } from '@/components/decisions/warn-form';
import { loadReasonPicker } from '@/lib/services/decisions/picker';
import { listStrikes, suggestNextStep } from '@/lib/services/decisions/strikes';

export const metadata: Metadata = { title: 'User' };

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <Card className="space-y-2 p-3" data-testid={testId}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
    </Card>
  );
}

export default async function UserPage({
  params,
  searchParams,
}: {
  params: Promise<{ site: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember();
  const { site: slug, id } = await params;
  const site = await siteFromParams(slug);
  const bmUserId = userIdFromPath(id);
  const { search: s, ignored } = parseSearch(threadsSearchParams, await searchParams);
  const [profile, threads] = await Promise.all([
    loadProfile(site.id, bmUserId),
    getThreads(
      {
        siteId: site.id,
        participant: bmUserId,
        hasReports: s.reports,
        hasPending: s.pending,
        hasAttachments: s.attachments,
      },
      { page: s.page, perPage: s.perPage, sort: s.sort },
    ),
  ]);
  if (!profile.indexed && !profile.site && !profile.siteError) notFound();
  const names = await getUserNames(site.id, threads.rows.flatMap((r) => r.participants ?? []).slice(0, 2000));
  const canModerate = can(member.role, 'moderation.act');
  const canManagePolicy = can(member.role, 'policy.manage');
  const [standing, protection] = await Promise.all([
    listStandingDecisions({ siteId: site.id, bmUserId, state: 'all', limit: 50 }),
    protectionOf(site.id, bmUserId),
  ]);
  const strikes = await listStrikes(site.id, bmUserId);
  const [nextStep, warnPicker] = await Promise.all([
    suggestNextStep(site.id, bmUserId, { strikes }),
    canModerate ? loadReasonPicker(site.id) : null,
  ]);
  const ofKind = (kind: 'ban' | 'mute') =>
    profile.restrictions.filter((r) => r.kind === kind).map((r) => ({ id: r.threadId, subject: r.subject }));
  return (
    <div className="space-y-4">
      <Link href={`/${site.slug}/users`} className="text-xs text-muted hover:underline">
        ← Users
      </Link>
      <IgnoredParams ignored={ignored} />
      <ProfileHeader profile={profile} />
      {canModerate ? (
        <UserActions
          siteId={site.id}
          bmUserId={bmUserId}
          name={profile.name}
          isGuest={profile.isGuest}
          threads={profile.threads}
          bannedIn={ofKind('ban')}
          mutedIn={ofKind('mute')}
          protectedReason={protection.reason}
          picker={warnPicker}
        />
      ) : null}
      <Section title="Standing decisions" testId="standing-section">
        {protection.reason ? (
          <p className="text-sm" data-testid="protected-note">
            Protected: {protection.reason}. No standing decision and no rule touches them.
          </p>
        ) : null}
        <StandingTable
          siteId={site.id}
          siteSlug={site.slug}
          rows={standing}
          canManage={canManagePolicy}
          showPerson={false}
        />
        {canManagePolicy ? (
          <div className="space-y-2">
            {!protection.reason ? (
              <StandingForm
                siteId={site.id}
                person={{ id: bmUserId, name: profile.name }}
                picker={warnPicker}
              />
            ) : null}
            {protection.reason === null || protection.marked !== null ? (
              <ProtectedControl
                siteId={site.id}
                person={{ id: bmUserId, name: profile.name }}
                marked={protection.marked}
              />
            ) : null}
          </div>
        ) : null}
      </Section>
      <Section title={`Strikes (${strikes.length})`} testId="strikes-section">
        <LadderSuggestion suggestion={nextStep} />
        <StrikesTable slug={site.slug} strikes={strikes} />
        {warnPicker ? (
          <WarnForm siteId={site.id} person={{ id: bmUserId, name: profile.name }} picker={warnPicker} />
        ) : null}
      </Section>
      <Section title="Bans and mutes in force" testId="restrictions-section">
        <RestrictionsList
          siteId={site.id}
          slug={site.slug}
          bmUserId={bmUserId}
          restrictions={profile.restrictions}
          canModerate={canModerate}
        />
      </Section>
      <Section title={`Their threads (${threads.total})`} testId="user-threads">
        <UserThreads
          site={{ id: site.id, slug: site.slug }}
          bmUserId={bmUserId}
          name={profile.name}
          result={threads}
          search={s}
          names={Object.fromEntries(names)}
          canModerate={canModerate}
        />
      </Section>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Recent messages">
          <MessageList
            slug={site.slug}
            messages={profile.recent}
            empty="No message in the index."
            testId="recent-messages"
          />
        </Section>
        <Section title={`Reports against them (${profile.reported.total})`}>
          <MessageList
            slug={site.slug}
            messages={profile.reported.rows}
            empty="None of their messages is reported."
            testId="reported-messages"
          />
        </Section>
      </div>
      <Section title="Trusted or distrusted (pre-moderation)">
        <ListEntries siteId={site.id} bmUserId={bmUserId} entries={profile.lists} canModerate={canModerate} />
      </Section>
      <Section title="What BM Desk did about them">
        <AuditHistory entries={profile.audit} />
      </Section>
    </div>
  );
}
