'use server';

import { cookies } from 'next/headers';
import { z } from 'zod';
import { signOut } from '@/auth';
import { defineAction } from '@/lib/infra/actions/define-action';
import { revokeSessions } from '@/lib/infra/auth/members';
import { setTheme, THEMES } from './members';

// A member's own session and theme: the header of every desk takes these (through the desk
// layout, which hands them to the shell), and the account page the theme too.

export const signOutMember = defineAction({
  name: 'signOutMember',
  permission: 'anyone',
  input: z.unknown(),
  run: async (_input, { member }) => {
    // The cookie alone is not enough: a request already in flight can set it again.
    if (member) await revokeSessions(member.id);
    await signOut({ redirectTo: '/signin' });
    return null;
  },
});

/** The theme is kept on the member and mirrored in a cookie, which the root layout reads. */
export const setOwnTheme = defineAction({
  name: 'setOwnTheme',
  permission: 'account.self',
  input: z.object({ theme: z.enum(THEMES) }),
  run: async ({ theme }, { member }) => {
    await setTheme(member.id, theme);
    (await cookies()).set('theme', theme, { path: '/', maxAge: 31_536_000, sameSite: 'lax' });
    return { theme };
  },
});
