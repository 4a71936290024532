'use server';

import { z } from 'zod';
import { signIn } from '@/auth';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { MIN_PASSWORD_LENGTH } from '@/lib/infra/auth/password';
import { setUndoWindow } from '@/lib/services/team/undo-window';
import { UNDO_WINDOW } from '@/lib/services/team/undo-window-range';
import { setMediaCare } from '@/lib/services/care/exposure';
import { EXPOSURE_LIMIT_MAX, EXPOSURE_LIMIT_MIN } from '@/lib/services/care/kinds';
import { changePassword } from '@/lib/services/team/members';
import { saveAlertPrefs } from '@/lib/services/alerts/settings';

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

/**
 * Care for the member's eyes: blurred and greyscale media are the default, so nobody is ambushed
 * by an abusive picture, and a daily limit of reported media after which a break is suggested.
 */
export const setOwnMediaCare = defineAction({
  name: 'setOwnMediaCare',
  permission: 'account.self',
  input: z.object({
    blurImages: z.boolean(),
    greyscaleMedia: z.boolean(),
    exposureLimit: z.coerce
      .number({ error: 'Enter a number.' })
      .int('Enter a whole number.')
      .min(EXPOSURE_LIMIT_MIN, `Enter at least ${EXPOSURE_LIMIT_MIN}.`)
      .max(EXPOSURE_LIMIT_MAX, `Enter at most ${EXPOSURE_LIMIT_MAX}.`),
  }),
  run: async (settings, { member }) => {
    await setMediaCare(member.id, settings);
    return settings;
  },
});

/** How long the member's queue decisions wait, undoable, before they are sent (0 = at once). */
export const setOwnUndoWindow = defineAction({
  name: 'setOwnUndoWindow',
  permission: 'account.self',
  input: z.object({
    seconds: z.coerce
      .number({ error: 'Enter a number.' })
      .int('Enter a whole number of seconds.')
      .min(UNDO_WINDOW.min, `Enter at least ${UNDO_WINDOW.min}.`)
      .max(UNDO_WINDOW.max, `Enter at most ${UNDO_WINDOW.max}.`),
  }),
  run: async ({ seconds }, { member }) => {
    await setUndoWindow(member.id, seconds);
    return { seconds };
  },
});

/** Which channels tell the member of alerts, and how long alerts are gathered into one e-mail. */
export const setOwnAlertChannels = defineAction({
  name: 'setOwnAlertChannels',
  permission: 'account.self',
  input: z.object({
    inApp: z.boolean(),
    email: z.boolean(),
    digestMinutes: z.coerce
      .number({ error: 'Enter a number.' })
      .int('Enter a whole number of minutes.')
      .min(0, 'Enter 0 or more.')
      .max(1440, 'Enter at most 1440 (a day).'),
  }),
  run: async (prefs, { member }) => {
    await saveAlertPrefs(member.id, prefs);
    return prefs;
  },
});
