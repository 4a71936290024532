'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { DELIVERY_DEFAULTS, sendMail } from '@/lib/services/alerts/deliver';
import { mailServer, removeMailSettings, saveMailSettings } from '@/lib/services/alerts/settings';

export const saveMailServer = defineAction({
  name: 'saveMailServer',
  permission: 'alerts.manage',
  input: z.object({
    host: z
      .string()
      .trim()
      .min(1, 'Enter the mail server’s host name.')
      .max(255)
      .regex(/^[A-Za-z0-9.:[\]-]+$/, 'Enter a host name or address, nothing else.'),
    port: z.coerce
      .number({ error: 'Enter a port.' })
      .int('Enter a whole number.')
      .min(1, 'Enter a port from 1 to 65535.')
      .max(65_535, 'Enter a port from 1 to 65535.'),
    secure: z.enum(['on', 'true']).optional(),
    username: z.string().trim().max(320).optional(),
    /** Empty keeps the stored password (same host and port); `removePassword` drops it. */
    password: z.string().max(500).optional(),
    removePassword: z.enum(['on', 'true']).optional(),
    fromAddress: z.email('Enter the address alerts come from.').max(320),
  }),
  // Never the password: only whether it changed.
  audit: (i) => ({
    params: {
      host: i.host,
      port: i.port,
      secure: Boolean(i.secure),
      username: i.username || null,
      passwordChanged: Boolean(i.password) || Boolean(i.removePassword),
      fromAddress: i.fromAddress,
    },
  }),
  run: async (i) => {
    const saved = await saveMailSettings({
      host: i.host,
      port: i.port,
      secure: Boolean(i.secure),
      username: i.username || null,
      password: i.removePassword ? '' : i.password || undefined,
      fromAddress: i.fromAddress,
    });
    revalidatePath('/alerts');
    return saved;
  },
});

export const removeMailServer = defineAction({
  name: 'removeMailServer',
  permission: 'alerts.manage',
  input: z.object({ confirm: z.literal('yes') }),
  audit: () => ({}),
  run: async () => {
    await removeMailSettings();
    revalidatePath('/alerts');
    return null;
  },
});

/** A test e-mail to the member's own address, now (10 s at most), with the server's own answer. */
export const sendTestEmail = defineAction({
  name: 'sendTestEmail',
  permission: 'alerts.manage',
  input: z.object({ confirm: z.literal('yes') }),
  audit: () => ({}),
  run: async (_, { member }) => {
    const server = await mailServer();
    if (!server) throw new ActionRefusal('Save a mail server first.', 'no-mail-server');
    try {
      await sendMail(
        server,
        {
          to: member.email,
          subject: '[BM Desk] Test e-mail',
          text: `This is a test e-mail from BM Desk, sent by ${member.name} from the alerts page.\nAlerts will reach the team this way.\n`,
        },
        DELIVERY_DEFAULTS.timeoutMs,
      );
    } catch (e) {
      const text = (e as Error).message
        .split(server.password || '\u0000')
        .join('***')
        .slice(0, 300);
      throw new ActionRefusal(`The mail server did not take the e-mail: ${text}`, 'mail-failed');
    }
    return { to: member.email };
  },
});
