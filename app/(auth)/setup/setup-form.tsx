'use client';

import { Button } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/use-form-action';
import { Card, Field, FormError, NewPasswordFields } from '@/components/ui/field';
import { setupOwner } from '../actions';

export function SetupForm({ minPasswordLength }: { minPasswordLength: number }) {
  const [state, onSubmit, pending] = useFormAction(setupOwner);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Card className="p-6">
      <h1 className="text-base font-semibold">Create the owner account</h1>
      <p className="mt-1 mb-4 text-sm text-muted">
        This is the first run. The owner manages sites and the team; you can add others afterwards.
      </p>
      <form onSubmit={onSubmit} className="space-y-3">
        <Field label="Your name" name="name" required autoFocus autoComplete="name" error={errors?.name} />
        <Field
          label="Email"
          name="email"
          type="email"
          required
          autoComplete="username"
          error={errors?.email}
        />
        <NewPasswordFields minLength={minPasswordLength} errors={errors} />
        <FormError message={state && !state.ok && !errors ? state.error : null} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? 'Creating…' : 'Create owner and sign in'}
        </Button>
      </form>
    </Card>
  );
}
