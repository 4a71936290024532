'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { ActionRefusal } from '@/lib/actions/result';
import { createMember as insertMember, EmailTakenError } from '@/lib/auth/members';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password';
import { canAssignRole } from '@/lib/auth/permissions';
import { ROLES } from '@/lib/db/schema';

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
    try {
      const created = await insertMember(input);
      revalidatePath('/team');
      return { id: created.id, email: created.email };
    } catch (err) {
      if (err instanceof EmailTakenError) {
        throw new ActionRefusal(err.message, 'email-taken', { email: [err.message] });
      }
      throw err;
    }
  },
});
