import { LogOut } from 'lucide-react';

/**
 * A plain form posting to the sign-out action the desk layout gives: it works before the
 * page has hydrated too.
 */
export function SignOutButton({ signOut }: { signOut: (formData: FormData) => Promise<void> }) {
  return (
    <form action={signOut}>
      <button
        type="submit"
        className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-muted hover:bg-surface-2"
      >
        <LogOut size={15} aria-hidden /> Sign out
      </button>
    </form>
  );
}
