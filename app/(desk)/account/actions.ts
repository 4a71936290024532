'use server';

import { z } from 'zod';
import { signIn } from '@/auth';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { MIN_PASSWORD_LENGTH } from '@/lib/infra/auth/password';
import { changePassword, setImageBlur } from '@/lib/services/team/members';

export const changeOwnPassword = defineAction({
  name: 'changeOwnPassword',
  permission: 'account.self',
  input: z
    .object({
      current: z.string().min(1, 'Enter your current password.').max(200),
      password: z
        .string()
        .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
        .max(200),
      confirm: z.string(),
    })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' }),
  // Never the passwords themselves.
  audit: () => ({ target: { self: true } }),
  run: async ({ current, password }, { member }) => {
    if (!(await changePassword(member.id, current, password))) {
      throw new ActionRefusal('The current password is wrong.', 'bad-password', {
        current: ['The current password is wrong.'],
      });
    }
    // Every session ended with the change; this browser signs in again with the new password.
    await signIn('credentials', { email: member.email, password, redirect: false });
    return null;
  },
});

/** Blurred images are the default: a support agent is not ambushed by an abusive picture. */
export const setOwnImageBlur = defineAction({
  name: 'setOwnImageBlur',
  permission: 'account.self',
  input: z.object({ blurImages: z.boolean() }),
  run: async ({ blurImages }, { member }) => {
    await setImageBlur(member.id, blurImages);
    return { blurImages };
  },
});
