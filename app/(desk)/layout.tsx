import Link from 'next/link';
import { cookies } from 'next/headers';
import { JobsTray } from '@/components/jobs/jobs-tray';
import { BreakSuggestion, ExposureCounter, MediaCareProvider } from '@/components/media/media-care';
import { NavLink } from '@/components/shell/nav-link';
import { SiteNav } from '@/components/shell/site-nav';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { SiteSwitcher } from '@/components/shell/site-switcher';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { ThemeSync } from '@/components/shell/theme-sync';
import { requireMember } from '@/lib/infra/auth/require';
import { can, ROLE_LABELS } from '@/lib/infra/auth/permissions';
import { cancelJob, retryFailedJobItems } from '@/lib/services/jobs/actions';
import { countExposures, getMediaCare } from '@/lib/services/care/exposure';
import { getQueueCounts } from '@/lib/services/queues/queries';
import { listSites } from '@/lib/services/sites/queries';
import { getSiteHealths, siteHealthOf } from '@/lib/services/sites/site-health';
import { setOwnTheme, signOutMember } from '@/lib/services/team/actions';
import { countUnreadNotifications } from '@/lib/services/triage/notes';

// A plain form posts to sign-out; its result is not needed (it redirects), hence the narrower type.
const signOutForm = signOutMember as unknown as (formData: FormData) => Promise<void>;

export default async function DeskLayout({ children }: { children: React.ReactNode }) {
  const member = await requireMember();
  const [sites, healths] = await Promise.all([listSites(), getSiteHealths()]);
  // Counts come from the index, which the incremental sync keeps current.
  const counts = Object.fromEntries(
    await Promise.all(sites.map(async (s) => [s.slug, await getQueueCounts(s.id)] as const)),
  );
  const [unread, care, exposures] = await Promise.all([
    countUnreadNotifications(member.id),
    getMediaCare(member.id),
    countExposures(member.id),
  ]);
  const cookieTheme = (await cookies()).get('theme')?.value ?? 'system';
  const theme = member.theme;
  return (
    <MediaCareProvider settings={care} today={exposures}>
      <div className="flex min-h-screen">
        <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col gap-4 border-r border-border bg-surface py-3">
          <p className="px-4 text-sm font-semibold tracking-tight">BM Desk</p>
          <SiteSwitcher
            sites={sites.map(({ id, slug, name }) => ({
              slug,
              name,
              health: siteHealthOf(healths, id).state,
            }))}
          />
          <SiteNav counts={counts} alerts={can(member.role, 'alerts.manage')} />
          <nav aria-label="BM Desk" className="mt-auto space-y-0.5 px-2">
            <NavLink href="/inbox">All inboxes</NavLink>
            <NavLink href="/notifications">
              Notifications
              {unread > 0 ? (
                <span
                  className="ml-auto rounded bg-accent px-1.5 text-xs text-accent-fg"
                  aria-label={`${unread} unread`}
                >
                  {unread}
                </span>
              ) : null}
            </NavLink>
            {can(member.role, 'sites.manage') ? <NavLink href="/sites">Sites</NavLink> : null}
            {can(member.role, 'team.manage') ? <NavLink href="/team">Team</NavLink> : null}
            {can(member.role, 'alerts.manage') ? <NavLink href="/alerts">Alerts and mail</NavLink> : null}
            <NavLink href="/audit">Audit log</NavLink>
          </nav>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex h-12 items-center justify-end gap-3 border-b border-border bg-surface px-4">
            {cookieTheme !== theme ? <ThemeSync theme={theme} /> : null}
            <JobsTray cancelJob={cancelJob} retryFailed={retryFailedJobItems} />
            <ExposureCounter />
            <ThemeToggle initial={theme} saveTheme={setOwnTheme} />
            <Link href="/account" className="text-sm hover:underline" data-testid="current-member">
              {member.name} <span className="text-muted">· {ROLE_LABELS[member.role]}</span>
            </Link>
            <SignOutButton signOut={signOutForm} />
          </header>
          <main className="min-w-0 flex-1 p-6">
            <BreakSuggestion />
            {children}
          </main>
        </div>
      </div>
    </MediaCareProvider>
  );
}
