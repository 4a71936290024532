import type { Metadata } from 'next';
import { Card } from '@/components/ui/field';
import { listMembers } from '@/lib/infra/auth/members';
import { ROLE_LABELS } from '@/lib/infra/auth/permissions';
import { memberWith } from '@/lib/infra/auth/require';
import { listOpenInvitations } from '@/lib/services/team/invitations';
import { AddMemberForm } from './add-member-form';
import { InvitationsList } from './invitations-list';
import { InviteForm } from './invite-form';
import { MemberRowActions } from './member-row-actions';

export const metadata: Metadata = { title: 'Team' };

const utc = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : 'never');

export default async function TeamPage() {
  const me = await memberWith('team.manage', 'the team page');
  const [members, invitations] = await Promise.all([listMembers(), listOpenInvitations()]);
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Team</h1>
      <Card className="p-4">
        <table className="w-full text-left text-sm" data-testid="members-table">
          <thead className="text-xs text-muted">
            <tr className="border-b border-border">
              <th className="py-1.5 font-medium">Name</th>
              <th className="py-1.5 font-medium">Email</th>
              <th className="py-1.5 font-medium">Role</th>
              <th className="py-1.5 font-medium">Last sign-in (UTC)</th>
              <th className="py-1.5 font-medium">Change</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} className="border-b border-border/60" data-member={m.email}>
                <td className="py-1.5">{m.name}</td>
                <td className="py-1.5">{m.email}</td>
                <td className="py-1.5">
                  {ROLE_LABELS[m.role]}
                  {m.disabled ? <span className="text-danger"> (disabled)</span> : null}
                </td>
                <td className="py-1.5 text-muted">{utc(m.lastSignInAt)}</td>
                <td className="py-1.5">
                  <MemberRowActions
                    actorRole={me.role}
                    member={{ id: m.id, email: m.email, role: m.role, disabled: m.disabled }}
                    isSelf={m.id === me.id}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {invitations.length ? (
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold">Open invitations</h2>
          <InvitationsList
            invitations={invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() }))}
          />
        </Card>
      ) : null}
      <div className="grid gap-4 xl:grid-cols-2">
        <InviteForm actorRole={me.role} />
        <AddMemberForm actorRole={me.role} />
      </div>
    </div>
  );
}
