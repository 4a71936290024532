'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { cn } from '@/components/ui/cn';
import { canAssignRole, ROLE_LABELS } from '@/lib/infra/auth/permissions';
import { ROLES, type Role } from '@/lib/infra/auth/roles';
import { setMemberDisabled, setMemberRole } from './actions';

/** Role and enable/disable for one member; the server re-checks every rule (last owner, admins vs owners). */
export function MemberRowActions({
  actorRole,
  member,
  isSelf,
}: {
  actorRole: Role;
  member: { id: number; email: string; role: Role; disabled: boolean };
  isSelf: boolean;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const locked = member.role === 'owner' && actorRole !== 'owner';
  const run = (call: () => Promise<{ ok: boolean; error?: string }>) =>
    start(async () => {
      const result = await call();
      setError(result.ok ? null : (result.error ?? 'Refused.'));
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label={`Role of ${member.email}`}
        value={member.role}
        disabled={pending || locked}
        onChange={(e) =>
          run(() => setMemberRole({ memberId: member.id, email: member.email, role: e.target.value }))
        }
        className={cn(inputClass, 'h-7 w-32')}
      >
        {ROLES.filter((r) => r === member.role || canAssignRole(actorRole, r)).map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      {isSelf ? null : (
        <Button
          variant={member.disabled ? 'secondary' : 'ghost'}
          className="h-7 text-xs"
          disabled={pending || locked}
          onClick={() =>
            run(() =>
              setMemberDisabled({
                memberId: member.id,
                email: member.email,
                disabled: member.disabled ? '0' : '1',
              }),
            )
          }
        >
          {member.disabled ? 'Enable' : 'Disable'}
        </Button>
      )}
      {error ? (
        <span role="alert" className="text-xs text-danger">
          {error}
        </span>
      ) : null}
    </div>
  );
}
