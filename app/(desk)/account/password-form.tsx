'use client';

import { Button } from '@/components/ui/button';
import { Card, Field, FormError, NewPasswordFields } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import { changeOwnPassword } from './actions';

export function PasswordForm({ minPasswordLength }: { minPasswordLength: number }) {
  const [state, onSubmit, pending] = useFormAction(changeOwnPassword);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Card className="max-w-md p-4">
      <h2 className="mb-3 text-sm font-semibold">Password</h2>
      <form key={state?.ok ? 'done' : 'form'} onSubmit={onSubmit} className="space-y-3">
        <Field
          label="Current password"
          name="current"
          type="password"
          required
          autoComplete="current-password"
          error={errors?.current}
        />
        <NewPasswordFields
          minLength={minPasswordLength}
          errors={errors}
          labels={['New password', 'Repeat the new password']}
          hint={`At least ${minPasswordLength} characters. Your other sessions end.`}
        />
        <FormError message={state && !state.ok && !errors ? state.error : null} />
        {state?.ok ? (
          <p role="status" className="text-sm text-ok">
            Password changed.
          </p>
        ) : null}
        <Button type="submit" disabled={pending}>
          {pending ? 'Changing…' : 'Change password'}
        </Button>
      </form>
    </Card>
  );
}
