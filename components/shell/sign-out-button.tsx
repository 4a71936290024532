'use client';

import { LogOut } from 'lucide-react';
import { useTransition } from 'react';
import { signOutMember } from '@/app/(auth)/actions';

export function SignOutButton() {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => start(async () => void (await signOutMember()))}
      className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-muted hover:bg-surface-2"
    >
      <LogOut size={15} aria-hidden /> Sign out
    </button>
  );
}
