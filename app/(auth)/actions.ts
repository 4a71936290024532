'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { signIn } from '@/auth';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { createFirstOwner } from '@/lib/infra/auth/members';
import { MIN_PASSWORD_LENGTH } from '@/lib/infra/auth/password';
import { env } from '@/lib/infra/env';
import { plural } from '@/lib/infra/format/plural';

const email = z.email('Enter an email address.').trim().max(254);

export const setupOwner = defineAction({
  name: 'setupOwner',
  permission: 'anyone',
  input: z
    .object({
      name: z.string().trim().min(1, 'Enter your name.').max(100),
      email,
      password: z
        .string()
        .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
        .max(200),
      confirm: z.string(),
    })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' }),
  audit: (i) => ({ target: { email: i.email }, params: { role: 'owner' } }),
  run: async ({ name, email, password }) => {
    const owner = await createFirstOwner({ name, email, password });
    if (!owner) throw new ActionRefusal('BM Desk is already set up. Sign in instead.', 'already-set-up');
    await signIn('credentials', { email, password, redirectTo: '/' });
    return null;
  },
});

export const signInWithPassword = defineAction({
  name: 'signInWithPassword',
  permission: 'anyone',
  input: z.object({
    email: z.string().trim().min(1, 'Enter your email.'),
    password: z.string().min(1, 'Enter your password.'),
    callbackUrl: z.string().optional(),
  }),
  run: async ({ email, password, callbackUrl }) => {
    // Only local paths: a sign-in link must not bounce a member to another site.
    const redirectTo = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/';
    try {
      await signIn('credentials', { email, password, redirectTo });
    } catch (err) {
      if (err instanceof AuthError && err.type === 'CredentialsSignin') {
        if ((err as AuthError & { code?: string }).code === 'throttled') {
          throw new ActionRefusal(
            `Too many failed sign-ins. Try again in ${plural(env().BMDESK_SIGNIN_WINDOW_MINUTES, 'minute')}.`,
            'throttled',
          );
        }
        throw new ActionRefusal('Wrong email or password.', 'bad-credentials');
      }
      throw err;
    }
    return null;
  },
});
