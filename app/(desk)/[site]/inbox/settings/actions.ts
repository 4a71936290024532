'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import {
  deleteCannedReply as deleteCannedReplyRow,
  deleteLabel,
  saveCannedReply as storeCannedReply,
  saveLabel,
} from '@/lib/services/triage/catalogue';
import { LABEL_COLOURS } from '@/lib/services/triage/constants';
import {
  removeSupportAccount as dropSupportAccount,
  setTargetMinutes,
} from '@/lib/services/triage/support-accounts';
import { enrolSupportAccount, whitelistNotice } from '@/lib/services/triage/support-delivery';

const id = z.coerce.number().int().positive();
const optionalId = z.union([z.literal('').transform(() => undefined), id]).optional();

function revalidateInbox() {
  revalidatePath('/', 'layout');
}

export const saveSupportAccount = defineAction({
  name: 'saveSupportAccount',
  permission: 'triage.manage',
  input: z.object({
    siteId: id,
    bmUserId: id,
    username: z.string().trim().min(1, 'Enter the WordPress username.').max(120),
    name: z.string().trim().min(1, 'Enter a name.').max(120),
    /** Empty keeps the stored password; `removePassword` turns replying off. */
    appPassword: z.string().trim().max(200).optional(),
    removePassword: z.enum(['on', 'true']).optional(),
  }),
  // Never the password: only whether it changed.
  audit: (i) => ({
    siteId: i.siteId,
    target: { bmUserId: i.bmUserId },
    params: {
      username: i.username,
      passwordChanged: Boolean(i.appPassword) || Boolean(i.removePassword),
      // Saving also puts the account on the site's pre-moderation whitelist.
      whitelistOnSite: true,
    },
  }),
  run: async (i) => {
    const whitelist = await enrolSupportAccount({
      siteId: i.siteId,
      bmUserId: i.bmUserId,
      username: i.username,
      name: i.name,
      appPassword: i.removePassword ? '' : i.appPassword || undefined,
    });
    revalidateInbox();
    return { whitelist: whitelist.state, notice: whitelistNotice(i.name, whitelist) };
  },
});

export const removeSupportAccount = defineAction({
  name: 'removeSupportAccount',
  permission: 'triage.manage',
  input: z.object({ siteId: id, accountId: id }),
  audit: (i) => ({ siteId: i.siteId, target: { supportAccountId: i.accountId } }),
  run: async (i) => {
    if (!(await dropSupportAccount(i.siteId, i.accountId))) {
      throw new ActionRefusal('That support account is already gone.', 'not-found');
    }
    revalidateInbox();
    return null;
  },
});

export const setResponseTarget = defineAction({
  name: 'setResponseTarget',
  permission: 'triage.manage',
  input: z.object({ siteId: id, targetMinutes: z.coerce.number().int().min(5).max(43_200) }),
  audit: (i) => ({ siteId: i.siteId, params: { targetMinutes: i.targetMinutes } }),
  run: async (i) => {
    await setTargetMinutes(i.siteId, i.targetMinutes);
    revalidateInbox();
    return null;
  },
});

export const saveTriageLabel = defineAction({
  name: 'saveTriageLabel',
  permission: 'triage.manage',
  input: z.object({
    labelId: optionalId,
    name: z.string().trim().min(1, 'Name the label.').max(40),
    colour: z.enum(LABEL_COLOURS),
  }),
  audit: (i) => ({ target: { labelId: i.labelId }, params: { name: i.name, colour: i.colour } }),
  run: async (i) => {
    const labelId = await saveLabel({ id: i.labelId, name: i.name, colour: i.colour });
    revalidateInbox();
    return { id: labelId };
  },
});

export const deleteTriageLabel = defineAction({
  name: 'deleteTriageLabel',
  permission: 'triage.manage',
  input: z.object({ labelId: id }),
  audit: (i) => ({ target: { labelId: i.labelId } }),
  run: async (i) => {
    await deleteLabel(i.labelId);
    revalidateInbox();
    return null;
  },
});

export const saveCannedReply = defineAction({
  name: 'saveCannedReply',
  permission: 'triage.manage',
  input: z.object({
    cannedId: optionalId,
    shortcut: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{1,30}$/i, 'Letters, digits and dashes, up to 30.'),
    title: z.string().trim().min(1, 'Give it a title.').max(80),
    body: z.string().trim().min(1, 'Write the reply.').max(5000),
  }),
  audit: (i) => ({ target: { cannedId: i.cannedId }, params: { shortcut: i.shortcut, title: i.title } }),
  run: async (i) => {
    const cannedId = await storeCannedReply({
      id: i.cannedId,
      shortcut: i.shortcut,
      title: i.title,
      body: i.body,
    });
    revalidateInbox();
    return { id: cannedId };
  },
});

export const deleteCannedReply = defineAction({
  name: 'deleteCannedReply',
  permission: 'triage.manage',
  input: z.object({ cannedId: id }),
  audit: (i) => ({ target: { cannedId: i.cannedId } }),
  run: async (i) => {
    await deleteCannedReplyRow(i.cannedId);
    revalidateInbox();
    return null;
  },
});
