import { LogOut } from 'lucide-react';
import { signOutMember } from '@/app/(auth)/actions';

// A plain form posting to the server action: it works before the page has hydrated too.
// The action's result is not needed here (it redirects), hence the narrower type.
const signOutForm = signOutMember as unknown as (formData: FormData) => Promise<void>;

export function SignOutButton() {
  return (
    <form action={signOutForm}>
      <button
        type="submit"
        className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-muted hover:bg-surface-2"
      >
        <LogOut size={15} aria-hidden /> Sign out
      </button>
    </form>
  );
}
