'use server';

import { z } from 'zod';
import { signIn } from '@/auth';
import { defineAction } from '@/lib/infra/actions/define-action';
import { MIN_PASSWORD_LENGTH } from '@/lib/infra/auth/password';
import { acceptInvitation as spendInvitation } from '@/lib/services/team/invitations';

/** Public: the token is the permission. It is never written to the audit log. */
export const acceptInvitation = defineAction({
  name: 'acceptInvitation',
  permission: 'anyone',
  input: z
    .object({
      token: z.string().min(20).max(200),
      name: z.string().trim().min(1, 'Enter your name.').max(100),
      password: z
        .string()
        .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
        .max(200),
      confirm: z.string(),
    })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' }),
  audit: (i) => ({ target: { name: i.name } }),
  run: async ({ token, name, password }) => {
    const created = await spendInvitation({ token, name, password });
    await signIn('credentials', { email: created.email, password, redirectTo: '/' });
    return null;
  },
});
