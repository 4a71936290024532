'use client';

import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { ROLE_LABELS } from '@/lib/infra/auth/permissions';
import type { Role } from '@/lib/infra/auth/roles';
import { revokeInvitation } from './actions';

export function InvitationsList({
  invitations,
}: {
  invitations: { id: number; email: string; role: Role; expiresAt: string; invitedBy: string | null }[];
}) {
  const [pending, start] = useTransition();
  if (invitations.length === 0) return null;
  return (
    <table className="w-full text-left text-sm" data-testid="invitations-table">
      <thead className="text-xs text-muted">
        <tr className="border-b border-border">
          <th className="py-1.5 font-medium">Invited</th>
          <th className="py-1.5 font-medium">Role</th>
          <th className="py-1.5 font-medium">By</th>
          <th className="py-1.5 font-medium">Expires (UTC)</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {invitations.map((i) => (
          <tr key={i.id} className="border-b border-border/60">
            <td className="py-1.5">{i.email}</td>
            <td className="py-1.5">{ROLE_LABELS[i.role]}</td>
            <td className="py-1.5 text-muted">{i.invitedBy ?? '—'}</td>
            <td className="py-1.5 text-muted">{i.expiresAt.replace('T', ' ').slice(0, 16)}</td>
            <td className="py-1.5 text-right">
              <Button
                variant="ghost"
                className="h-7 text-xs"
                disabled={pending}
                onClick={() =>
                  start(async () => void (await revokeInvitation({ invitationId: i.id, email: i.email })))
                }
              >
                Withdraw
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
