'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, Field, FormError, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import { canAssignRole, ROLE_LABELS } from '@/lib/infra/auth/permissions';
import { ROLES, type Role } from '@/lib/infra/auth/roles';
import { inviteMember } from './actions';

export function InviteForm({ actorRole }: { actorRole: Role }) {
  const [state, onSubmit, pending] = useFormAction(inviteMember);
  const [copied, setCopied] = useState(false);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const link =
    state?.ok && typeof window !== 'undefined' ? `${window.location.origin}${state.data.path}` : null;
  return (
    <Card className="max-w-xl p-4">
      <h2 className="mb-1 text-sm font-semibold">Invite a member</h2>
      <p className="mb-3 text-xs text-muted">
        They get a link that works once, for 7 days, and choose their own name and password.
      </p>
      <form onSubmit={onSubmit} className="grid grid-cols-2 gap-3">
        <Field
          label="Email"
          id="invite-email"
          name="email"
          type="email"
          required
          autoComplete="off"
          error={errors?.email}
        />
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block text-xs font-medium text-muted">
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="moderator" className={inputClass}>
            {ROLES.filter((r) => canAssignRole(actorRole, r)).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="col-span-2 space-y-2">
          <FormError message={state && !state.ok && !errors ? state.error : null} />
          {link ? (
            <div role="status" className="space-y-1 text-sm">
              <p className="text-ok">
                Invitation for {state?.ok ? state.data.email : ''}: send them this link.
              </p>
              <div className="flex gap-2">
                <input
                  readOnly
                  value={link}
                  aria-label="Invitation link"
                  className={inputClass + ' font-mono text-xs'}
                />
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}
                >
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              </div>
            </div>
          ) : null}
          <Button type="submit" disabled={pending}>
            {pending ? 'Creating…' : 'Create invitation'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
