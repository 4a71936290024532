import { formatWhen } from '@/components/format-when';
import { InitialsAvatar } from '@/components/initials-avatar';
import { Card } from '@/components/ui/field';
import { UntrustedText } from '@/components/ui/untrusted-text';
import type { Profile } from '@/lib/services/users/load-profile';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

/** Who they are, as the site and the index know them. Names and emails are strangers' text. */
export function ProfileHeader({ profile }: { profile: Profile }) {
  const { site, indexed } = profile;
  const status =
    site?.moderationStatus === true ? 'Distrusted' : site?.moderationStatus === false ? 'Trusted' : 'Neither';
  return (
    <Card className="space-y-3 p-3" data-testid="profile">
      <div className="flex items-center gap-3">
        <InitialsAvatar name={profile.name} size="lg" />
        <div className="min-w-0">
          <h1 className="truncate text-lg font-semibold" data-testid="user-name">
            <UntrustedText text={profile.name} />
          </h1>
          <p className="text-xs text-muted">
            {profile.isGuest ? `Guest (guest id ${site?.guest?.guestId ?? -profile.bmUserId}, ` : 'Member ('}
            user id {profile.bmUserId}){site?.isAdmin ? ' · site administrator' : ''}
          </p>
        </div>
      </div>
      {profile.siteError ? (
        <p className="text-xs text-warn" role="status" data-testid="site-error">
          The site could not be asked: {profile.siteError}
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6">
        <Fact label="Messages (site)">{site ? site.messagesCount.toLocaleString('en') : '—'}</Fact>
        <Fact label="Conversations (site)">{site ? site.conversationsCount.toLocaleString('en') : '—'}</Fact>
        <Fact label="Messages (index)">{indexed?.messageCount.toLocaleString('en') ?? 0}</Fact>
        <Fact label="Reported (index)">{indexed?.reportedCount.toLocaleString('en') ?? 0}</Fact>
        <Fact label="Pending (index)">{indexed?.pendingCount.toLocaleString('en') ?? 0}</Fact>
        <Fact label="Pre-moderation">{site ? status : '—'}</Fact>
        <Fact label="Last active (site)">{site?.lastActive ? formatWhen(site.lastActive) : '—'}</Fact>
        <Fact label="Last message (index)">
          {indexed?.lastMessageAt ? formatWhen(indexed.lastMessageAt) : '—'}
        </Fact>
        {site?.guest ? (
          <>
            <Fact label="Email">
              <UntrustedText text={site.guest.email ?? '—'} />
            </Fact>
            <Fact label="IP">{site.guest.ip ?? '—'}</Fact>
            <Fact label="Guest since">{site.guest.createdAt ? formatWhen(site.guest.createdAt) : '—'}</Fact>
          </>
        ) : null}
      </dl>
    </Card>
  );
}
