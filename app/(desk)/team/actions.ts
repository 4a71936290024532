'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { createMember as insertMember, findMemberForSignIn } from '@/lib/infra/auth/members';
import { MIN_PASSWORD_LENGTH } from '@/lib/infra/auth/password';
import { canAssignRole } from '@/lib/infra/auth/permissions';
import { ROLES } from '@/lib/infra/auth/roles';
import { createInvitation, revokeInvitation as withdrawInvitation } from '@/lib/services/team/invitations';
import { updateMember } from '@/lib/services/team/members';

async function emailTaken(email: string): Promise<boolean> {
  return (await findMemberForSignIn(email)) !== null;
}

export const addMember = defineAction({
  name: 'addMember',
  permission: 'team.manage',
  input: z.object({
    name: z.string().trim().min(1, 'Enter a name.').max(100),
    email: z.email('Enter an email address.').trim().max(254),
    role: z.enum(ROLES, 'Choose a role.'),
    password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(200),
  }),
  audit: (i) => ({ target: { email: i.email }, params: { role: i.role } }),
  run: async (input, { member }) => {
    if (!canAssignRole(member.role, input.role)) {
      throw new ActionRefusal(
        `A ${member.role} cannot add a member with the ${input.role} role.`,
        'forbidden-role',
      );
    }
    const created = await insertMember(input);
    revalidatePath('/team');
    return { id: created.id, email: created.email };
  },
});

const memberId = z.coerce.number().int().positive();

/** An invitation link, valid for a week and for one use; only its hash is stored. */
export const inviteMember = defineAction({
  name: 'inviteMember',
  permission: 'team.manage',
  input: z.object({
    email: z.email('Enter an email address.').trim().max(254),
    role: z.enum(ROLES, 'Choose a role.'),
  }),
  audit: (i) => ({ target: { email: i.email }, params: { role: i.role } }),
  run: async (input, { member }) => {
    if (!canAssignRole(member.role, input.role)) {
      throw new ActionRefusal(`A ${member.role} cannot invite a ${input.role}.`, 'forbidden-role', {
        role: [`You cannot invite a ${input.role}.`],
      });
    }
    if (await emailTaken(input.email)) {
      throw new ActionRefusal('A member with this email already exists.', 'email-taken', {
        email: ['A member with this email already exists.'],
      });
    }
    const invitation = await createInvitation({ ...input, invitedBy: member.id });
    revalidatePath('/team');
    // The token leaves the server once, in this answer; the page shows it as a link to copy.
    return {
      id: invitation.id,
      email: input.email,
      path: `/invite/${invitation.token}`,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  },
});

export const revokeInvitation = defineAction({
  name: 'revokeInvitation',
  permission: 'team.manage',
  input: z.object({ invitationId: memberId, email: z.string().max(254).optional() }),
  audit: (i) => ({ target: { invitationId: i.invitationId, email: i.email } }),
  run: async ({ invitationId }) => {
    if (!(await withdrawInvitation(invitationId))) {
      throw new ActionRefusal('This invitation is already used, withdrawn or expired.', 'not-open');
    }
    revalidatePath('/team');
    return null;
  },
});

export const setMemberRole = defineAction({
  name: 'setMemberRole',
  permission: 'team.manage',
  input: z.object({ memberId, email: z.string().max(254).optional(), role: z.enum(ROLES, 'Choose a role.') }),
  audit: (i) => ({ target: { memberId: i.memberId, email: i.email }, params: { role: i.role } }),
  run: async ({ memberId: id, role }, { member }) => {
    const done = await updateMember(member, id, { role });
    revalidatePath('/team');
    return { email: done.email, from: done.before.role, to: role };
  },
});

/** A disabled member's open sessions stop at their next request (the member is re-read each time). */
export const setMemberDisabled = defineAction({
  name: 'setMemberDisabled',
  permission: 'team.manage',
  input: z.object({
    memberId,
    email: z.string().max(254).optional(),
    disabled: z.enum(['1', '0']).transform((v) => v === '1'),
  }),
  audit: (i) => ({ target: { memberId: i.memberId, email: i.email }, params: { disabled: i.disabled } }),
  run: async ({ memberId: id, disabled }, { member }) => {
    const done = await updateMember(member, id, { disabled });
    revalidatePath('/team');
    return { email: done.email, disabled };
  },
});
