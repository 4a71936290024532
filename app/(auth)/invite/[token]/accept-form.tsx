'use client';

import { Button } from '@/components/ui/button';
import { Card, Field, FormError, NewPasswordFields } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import { acceptInvitation } from './actions';

export function AcceptForm({
  token,
  email,
  role,
  minPasswordLength,
}: {
  token: string;
  email: string;
  role: string;
  minPasswordLength: number;
}) {
  const [state, onSubmit, pending] = useFormAction(acceptInvitation);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Card className="p-6">
      <h1 className="text-base font-semibold">Join BM Desk</h1>
      <p className="mt-1 mb-4 text-sm text-muted">
        You are invited as <strong>{role}</strong> with the email {email}.
      </p>
      <form onSubmit={onSubmit} className="space-y-3">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="email" value={email} autoComplete="username" />
        <Field label="Your name" name="name" required autoFocus autoComplete="name" error={errors?.name} />
        <NewPasswordFields minLength={minPasswordLength} errors={errors} />
        <FormError message={state && !state.ok && !errors ? state.error : null} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? 'Joining…' : 'Join and sign in'}
        </Button>
      </form>
    </Card>
  );
}
