'use client';

import { Button } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/use-form-action';
import { Card, Field, FormError } from '@/components/ui/field';
import { signInWithPassword } from '../actions';

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, onSubmit, pending] = useFormAction(signInWithPassword);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-base font-semibold">Sign in</h1>
      <form onSubmit={onSubmit} className="space-y-3">
        {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          error={errors?.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors?.password}
        />
        <FormError message={state && !state.ok && !errors ? state.error : null} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </Card>
  );
}
