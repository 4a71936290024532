'use server';

/**
 * The reasons and notices page's actions (admins): a site's reasons (add, edit, archive, restore,
 * order) and its notice settings (moderation account, appeal window, strike lifetime, ladder,
 * reporter feedback). Bad input answers in words, field by field.
 */
import { revalidatePath } from 'next/cache';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { id as anyId } from '@/lib/infra/actions/fields';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/infra/better-messages/limits';
import { getDb } from '@/lib/infra/db/client';
import { getSiteById } from '@/lib/services/sites/queries';
import { getSupportAccount } from '@/lib/services/triage/support-accounts';
import { DECISION_GROUNDS, type LadderStep } from './constants';
import { LADDER_ACTIONS, ladderProblem } from './ladder';
import { listReasons } from './reasons';
import { moderationReasons as r } from './schema';
import { saveModerationSettings } from './settings';

/** Our ids are PostgreSQL integers: past 2^31 there is no such row (not a database error). */
const id = anyId.max(2_147_483_647, 'There is no such row.');

const NUL = 'Remove the NUL characters (\\0) from it.';

/** A text field: at most `max` characters, no NUL byte, trimmed; `required` names what to enter. */
const text = (max: number, required?: string) => {
  const base = z
    .string(required ?? 'Enter some text.')
    .max(max, `At most ${max.toLocaleString('en')} characters.`)
    .refine((v) => !v.includes('\u0000'), NUL)
    .transform((v) => v.trim());
  return required ? base.refine((v) => v.length > 0, required) : base;
};
const optionalText = (max: number) => z.preprocess((v) => (v === null ? undefined : v), text(max).optional());

const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean());

const wholeNumber = (min: number, max: number, what: string) =>
  z.coerce
    .number(`Enter a number of ${what}.`)
    .refine((v) => Number.isFinite(v), `Enter a number of ${what}.`)
    .refine((v) => Number.isInteger(v), `Whole ${what} only.`)
    .refine((v) => v >= min && v <= max, `Between ${min} and ${max.toLocaleString('en')} ${what}.`);

const revalidate = () => revalidatePath('/[site]', 'layout');

async function requireSite(siteId: number) {
  if (!(await getSiteById(siteId))) {
    throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  }
}

async function reasonOf(siteId: number, reasonId: number) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(r)
    .where(and(eq(r.siteId, siteId), eq(r.id, reasonId)));
  if (!row) throw new ActionRefusal('That reason is not on this site’s list.', 'not-found');
  return row;
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
};

const duplicateCode = (code: string) =>
  new ActionRefusal(`Another reason of this site already uses the code “${code}”.`, 'duplicate-code', {
    code: ['Another reason already uses this code.'],
  });

/** Adds a reason (no `reasonId`) or edits one. Codes are unique per site, whatever their case. */
export const saveModerationReason = defineAction({
  name: 'saveModerationReason',
  permission: 'policy.manage',
  input: z.object({
    siteId: id,
    reasonId: z.preprocess((v) => (v === '' || v === null ? undefined : v), id.optional()),
    code: text(40, 'Enter a short code, such as spam.').refine(
      (v) => v === '' || /^[a-z0-9][a-z0-9_-]*$/i.test(v),
      'Letters, digits, - and _ only, starting with a letter or digit.',
    ),
    title: text(120, 'Enter a title.'),
    memberText: text(2000, 'Write what the member reads.'),
    notify: checkbox,
    ground: z.enum(DECISION_GROUNDS, 'Choose the site’s terms or the law.'),
    groundReference: optionalText(300),
  }),
  audit: (i) => ({
    siteId: i.siteId,
    target: i.reasonId ? { reasonId: i.reasonId } : undefined,
    params: { code: i.code, title: i.title, notify: i.notify, ground: i.ground },
  }),
  run: async (i) => {
    await requireSite(i.siteId);
    await listReasons(i.siteId); // the defaults first, so a new code cannot take one of theirs
    const db = await getDb();
    const [clash] = await db
      .select({ id: r.id })
      .from(r)
      .where(
        and(
          eq(r.siteId, i.siteId),
          sql`lower(${r.code}) = lower(${i.code})`,
          i.reasonId ? ne(r.id, i.reasonId) : undefined,
        ),
      );
    if (clash) throw duplicateCode(i.code);
    const values = {
      code: i.code,
      title: i.title,
      memberText: i.memberText,
      notify: i.notify,
      ground: i.ground,
      groundReference: i.groundReference || null,
      updatedAt: new Date(),
    };
    try {
      if (i.reasonId) {
        await reasonOf(i.siteId, i.reasonId);
        await db
          .update(r)
          .set(values)
          .where(and(eq(r.siteId, i.siteId), eq(r.id, i.reasonId)));
        revalidate();
        return { reasonId: i.reasonId };
      }
      const [{ next } = { next: 0 }] = await db
        .select({ next: sql<number>`coalesce(max(${r.position}), -1)::int + 1` })
        .from(r)
        .where(eq(r.siteId, i.siteId));
      const [row] = await db
        .insert(r)
        .values({ siteId: i.siteId, position: next, ...values })
        .returning({ id: r.id });
      revalidate();
      return { reasonId: row!.id };
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateCode(i.code);
      throw err;
    }
  },
});

/** Archived reasons stay on past decisions but are no longer offered. */
export const archiveModerationReason = defineAction({
  name: 'archiveModerationReason',
  permission: 'policy.manage',
  input: z.object({ siteId: id, reasonId: id }),
  audit: (i) => ({ siteId: i.siteId, target: { reasonId: i.reasonId } }),
  run: async (i) => {
    const reason = await reasonOf(i.siteId, i.reasonId);
    if (reason.archivedAt) return null;
    const offered = (await listReasons(i.siteId)).length;
    if (offered <= 1) {
      throw new ActionRefusal(
        'Keep at least one reason on offer: add another before archiving this one.',
        'last-reason',
      );
    }
    const db = await getDb();
    await db.update(r).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(r.id, reason.id));
    revalidate();
    return null;
  },
});

export const restoreModerationReason = defineAction({
  name: 'restoreModerationReason',
  permission: 'policy.manage',
  input: z.object({ siteId: id, reasonId: id }),
  audit: (i) => ({ siteId: i.siteId, target: { reasonId: i.reasonId } }),
  run: async (i) => {
    const reason = await reasonOf(i.siteId, i.reasonId);
    const db = await getDb();
    await db.update(r).set({ archivedAt: null, updatedAt: new Date() }).where(eq(r.id, reason.id));
    revalidate();
    return null;
  },
});

/** Moves a reason one place up or down the list decision forms offer. */
export const moveModerationReason = defineAction({
  name: 'moveModerationReason',
  permission: 'policy.manage',
  input: z.object({ siteId: id, reasonId: id, direction: z.enum(['up', 'down'], 'Choose up or down.') }),
  audit: (i) => ({ siteId: i.siteId, target: { reasonId: i.reasonId }, params: { direction: i.direction } }),
  run: async (i) => {
    await reasonOf(i.siteId, i.reasonId);
    const db = await getDb();
    const all = await db
      .select({ id: r.id })
      .from(r)
      .where(eq(r.siteId, i.siteId))
      .orderBy(asc(r.position), asc(r.id));
    const order = all.map((x) => x.id);
    const at = order.indexOf(i.reasonId);
    const to = i.direction === 'up' ? at - 1 : at + 1;
    if (to < 0 || to >= order.length) return null;
    [order[at], order[to]] = [order[to]!, order[at]!];
    await db.transaction(async (tx) => {
      for (const [position, reasonId] of order.entries()) {
        await tx.update(r).set({ position }).where(eq(r.id, reasonId));
      }
    });
    revalidate();
    return null;
  },
});

const ladderStep = z.object({
  action: z.enum(LADDER_ACTIONS as [LadderStep['action'], ...LadderStep['action'][]], 'Choose a step.'),
  minutes: z.number().nullable(),
});

/** The ladder as the page sends it: JSON in one field (or an array from a script). */
const ladderInput = z
  .preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      if (v.length > 10_000) return '__too_long__';
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return '__not_json__';
      }
    },
    z.array(ladderStep, 'Send the ladder as a list of steps.'),
  )
  .superRefine((ladder, ctx) => {
    const problem = ladderProblem(ladder as LadderStep[], BAN_UNTIL_LIFTED_MINUTES);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const saveNoticeSettings = defineAction({
  name: 'saveNoticeSettings',
  permission: 'policy.manage',
  input: z.object({
    siteId: id,
    /** Empty: no moderation account (notices off). */
    moderationAccountId: z.preprocess(
      (v) => (v === '' || v === null || v === 'none' ? null : v),
      id.nullable(),
    ),
    appealDays: wholeNumber(1, 365, 'days'),
    strikeDays: wholeNumber(1, 3650, 'days'),
    ladder: ladderInput,
    reporterFeedback: checkbox,
    reporterTextActed: optionalText(2000),
    reporterTextKept: optionalText(2000),
  }),
  audit: (i) => ({
    siteId: i.siteId,
    params: {
      moderationAccountId: i.moderationAccountId,
      appealDays: i.appealDays,
      strikeDays: i.strikeDays,
      ladder: i.ladder,
      reporterFeedback: i.reporterFeedback,
    },
  }),
  run: async (i) => {
    await requireSite(i.siteId);
    if (i.moderationAccountId !== null && !(await getSupportAccount(i.siteId, i.moderationAccountId))) {
      throw new ActionRefusal('That account is not a support account of this site.', 'not-support-account', {
        moderationAccountId: ['Choose one of this site’s support accounts.'],
      });
    }
    await saveModerationSettings(i.siteId, {
      moderationAccountId: i.moderationAccountId,
      appealDays: i.appealDays,
      strikeDays: i.strikeDays,
      ladder: i.ladder as LadderStep[],
      reporterFeedback: i.reporterFeedback,
      // Empty: the shipped text.
      reporterTextActed: i.reporterTextActed || '',
      reporterTextKept: i.reporterTextKept || '',
    });
    revalidate();
    return null;
  },
});
