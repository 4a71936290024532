import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { Card } from '@/components/ui/field';
import { listMembers } from '@/lib/auth/members';
import { ROLE_LABELS } from '@/lib/auth/permissions';
import { memberWith } from '@/lib/auth/require';
import { AddMemberForm } from './add-member-form';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamPage() {
  const me = await memberWith('team.manage');
  if (!me) return <Forbidden what="the team page" />;
  const members = await listMembers();
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
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} className="border-b border-border/60">
                <td className="py-1.5">{m.name}</td>
                <td className="py-1.5">{m.email}</td>
                <td className="py-1.5">
                  {ROLE_LABELS[m.role]}
                  {m.disabled ? ' (disabled)' : ''}
                </td>
                <td className="py-1.5 text-muted">
                  {m.lastSignInAt
                    ? new Date(m.lastSignInAt).toISOString().replace('T', ' ').slice(0, 16)
                    : 'never'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <AddMemberForm actorRole={me.role} />
    </div>
  );
}
