import { cn } from './cn';

export const inputClass =
  'h-8 w-full rounded-md border border-border bg-surface px-2.5 text-sm text-fg placeholder:text-muted focus:border-accent focus:outline-none';

/** A labelled input with its error beside it, wired for screen readers. */
export function Field({
  label,
  name,
  error,
  hint,
  className,
  ...input
}: React.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string[];
  hint?: React.ReactNode;
}) {
  const id = input.id ?? `field-${name}`;
  const described = error?.length ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={id} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={described}
        className={cn(inputClass, error?.length && 'border-danger')}
        {...input}
      />
      {error?.length ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {error.join(' ')}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      data-testid="form-error"
      className="rounded-md border border-danger/40 bg-danger-bg px-3 py-2 text-sm text-danger"
    >
      {message}
    </p>
  );
}

export function Card({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('rounded-lg border border-border bg-surface', className)} {...props} />;
}

/**
 * A new password and its repetition (`password`, `confirm`), as setup, invitations and the
 * account page ask for them; the server checks the length and the match again.
 */
export function NewPasswordFields({
  minLength,
  errors,
  labels = ['Password', 'Repeat the password'],
  hint = `At least ${minLength} characters.`,
}: {
  minLength: number;
  errors?: Record<string, string[] | undefined>;
  labels?: [string, string];
  hint?: string;
}) {
  return (
    <>
      <Field
        label={labels[0]}
        name="password"
        type="password"
        required
        minLength={minLength}
        autoComplete="new-password"
        hint={hint}
        error={errors?.password}
      />
      <Field
        label={labels[1]}
        name="confirm"
        type="password"
        required
        autoComplete="new-password"
        error={errors?.confirm}
      />
    </>
  );
}
