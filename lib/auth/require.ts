import { redirect } from 'next/navigation';
import { getCurrentMember } from './current-member';
import type { Member } from './members';
import { can, type Permission } from './permissions';

/** For pages: the signed-in member, or off to the sign-in page. */
export async function requireMember(): Promise<Member> {
  const member = await getCurrentMember();
  if (!member) redirect('/signin');
  return member;
}

/** For pages: the member if their role has the permission, else null (render <Forbidden/>). */
export async function memberWith(permission: Permission): Promise<Member | null> {
  const member = await requireMember();
  return can(member.role, permission) ? member : null;
}
