import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { recordIntent, recordOutcome } from '@/lib/infra/actions/audit';
import { getCurrentMember } from './current-member';
import type { Member } from './members';
import { can, type Permission } from './permissions';

/** For pages: the signed-in member, or off to the sign-in page. */
export async function requireMember(): Promise<Member> {
  const member = await getCurrentMember();
  if (!member) redirect('/signin');
  return member;
}

/**
 * For pages: the member if their role has the permission. Otherwise the refusal is put on record
 * (it is how probing shows up) and the page answers 403 with the desk's forbidden page.
 */
export async function memberWith(permission: Permission, page: string): Promise<Member> {
  const member = await requireMember();
  if (can(member.role, permission)) return member;
  const id = await recordIntent('openPage', member, { target: { page }, params: { permission } });
  await recordOutcome(id, 'denied', 0, { code: 'forbidden', message: `role ${member.role}` });
  forbidden();
}
