import 'server-only';
import { cache } from 'react';
import { auth } from '@/auth';
import { getActiveMember, type Member } from './members';

/**
 * The signed-in member, re-read from the database on every request: a disabled member or
 * a changed role takes effect at once, whatever the session token says, and a session that
 * signed in before the member signed out (or was told to) is over.
 */
export const getCurrentMember = cache(async (): Promise<Member | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  return getActiveMember(id, session?.signedInAt ?? 0);
});
