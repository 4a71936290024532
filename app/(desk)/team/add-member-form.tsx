'use client';

import { Button } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/use-form-action';
import { Card, Field, FormError, inputClass } from '@/components/ui/field';
import { ROLE_LABELS, canAssignRole } from '@/lib/infra/auth/permissions';
import { ROLES, type Role } from '@/lib/infra/auth/roles';
import { addMember } from './actions';

export function AddMemberForm({ actorRole }: { actorRole: Role }) {
  const [state, onSubmit, pending] = useFormAction(addMember);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Card className="max-w-xl p-4">
      <h2 className="mb-3 text-sm font-semibold">Add a member</h2>
      {/* A new key after each success empties the form for the next member. */}
      <form key={state?.ok ? state.data.id : 'new'} onSubmit={onSubmit} className="grid grid-cols-2 gap-3">
        <Field label="Name" name="name" required error={errors?.name} />
        <Field label="Email" name="email" type="email" required autoComplete="off" error={errors?.email} />
        <div className="space-y-1">
          <label htmlFor="field-role" className="block text-xs font-medium text-muted">
            Role
          </label>
          <select id="field-role" name="role" defaultValue="moderator" className={inputClass}>
            {ROLES.filter((r) => canAssignRole(actorRole, r)).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Initial password"
          name="password"
          type="password"
          required
          autoComplete="new-password"
          error={errors?.password}
          hint="Share it privately; they can sign in with it at once."
        />
        <div className="col-span-2 space-y-2">
          <FormError message={state && !state.ok && !errors ? state.error : null} />
          {state?.ok ? (
            <p role="status" className="text-sm text-ok">
              Added {state.data.email}.
            </p>
          ) : null}
          <Button type="submit" disabled={pending}>
            {pending ? 'Adding…' : 'Add member'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
