'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { decisionReason, reasonFields } from '@/lib/services/decisions/fields';
import { defineAction } from '@/lib/infra/actions/define-action';
import { id, reason } from '@/lib/infra/actions/fields';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getSiteById } from '@/lib/services/sites/queries';
import { RuleCompileError } from './evaluate';
import { HISTORY_MAX_DAYS, tryOnHistory } from './history';
import { deleteRuleRow, getRule, insertRule, setRuleModeRow, updateRuleRow, type RuleInput } from './queries';
import { decideReview, REVIEW_DECISIONS, reviewItemSubject } from './review';
import { RULE_MODES } from './schema';
import { TRIGGERS, type RuleTrigger } from './tree';
import { parseActions, parseConditions } from './validate';

// The rules of a site (owners and admins: policy.manage; every role reads them), trying one on
// history (any role: it reads the index only), and BM Desk's review queue (moderators).

const RuleFields = z.object({
  siteId: id,
  name: z.string().trim().min(1, 'Give the rule a name.').max(100, 'At most 100 characters.'),
  description: z.string().trim().max(1000, 'At most 1,000 characters.').default(''),
  // Checked by hand against tree.ts, so each problem names its condition or action.
  conditions: z.unknown(),
  actions: z.unknown(),
  cooldownSeconds: z.coerce
    .number('Enter a number of seconds.')
    .int('Whole seconds only.')
    .min(0, 'At least 0 seconds.')
    .max(30 * 86_400, 'At most 30 days.'),
  exemptRoles: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(60)
        .regex(/^[a-z0-9_-]+$/i, 'A role is a WordPress role name.'),
    )
    .max(20)
    .default([]),
  triggers: z.array(z.enum(TRIGGERS)).min(1, 'Choose at least one trigger.'),
});
type RuleFieldsInput = z.infer<typeof RuleFields>;

async function siteExists(siteId: number) {
  if (!(await getSiteById(siteId))) {
    throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  }
}

function ruleInput(i: RuleFieldsInput): RuleInput {
  return {
    name: i.name,
    description: i.description,
    conditions: parseConditions(i.conditions),
    actions: parseActions(i.actions),
    cooldownSeconds: i.cooldownSeconds,
    exemptRoles: [...new Set(i.exemptRoles.map((r) => r.toLowerCase()))],
    triggers: [...new Set(i.triggers)] as RuleTrigger[],
  };
}

const ruleAudit = (i: RuleFieldsInput & { ruleId?: number; mode?: string }) => ({
  siteId: i.siteId,
  target: i.ruleId ? { ruleId: i.ruleId } : {},
  params: {
    name: i.name,
    mode: i.mode,
    triggers: i.triggers,
    actions: Array.isArray(i.actions) ? i.actions.map((a) => (a as { type?: unknown })?.type) : undefined,
  },
});

const revalidateRules = () => revalidatePath('/[site]/rules', 'layout');

export const createRule = defineAction({
  name: 'createRule',
  permission: 'policy.manage',
  // A rule made from the messages desk's "Make this a rule" starts in dry run.
  input: RuleFields.extend({ mode: z.enum(['off', 'dry-run']).default('off') }),
  audit: ruleAudit,
  run: async (i, { member }) => {
    await siteExists(i.siteId);
    const row = await insertRule(i.siteId, ruleInput(i), i.mode, member.id);
    revalidateRules();
    return { ruleId: row.id };
  },
});

export const updateRule = defineAction({
  name: 'updateRule',
  permission: 'policy.manage',
  input: RuleFields.extend({ ruleId: id }),
  audit: ruleAudit,
  run: async (i) => {
    const row = await updateRuleRow(i.siteId, i.ruleId, ruleInput(i));
    if (!row) throw new ActionRefusal('This rule no longer exists.', 'not-found');
    revalidateRules();
    return { ruleId: row.id };
  },
});

export const setRuleMode = defineAction({
  name: 'setRuleMode',
  permission: 'policy.manage',
  input: z.object({ siteId: id, ruleId: id, mode: z.enum(RULE_MODES, 'Choose off, dry run or on.') }),
  audit: (i) => ({ siteId: i.siteId, target: { ruleId: i.ruleId }, params: { mode: i.mode } }),
  run: async (i, { member }) => {
    const row = await setRuleModeRow(i.siteId, i.ruleId, i.mode, member.id);
    if (!row) throw new ActionRefusal('This rule no longer exists.', 'not-found');
    revalidateRules();
    return { ruleId: row.id, mode: row.mode };
  },
});

export const deleteRule = defineAction({
  name: 'deleteRule',
  permission: 'policy.manage',
  input: z.object({ siteId: id, ruleId: id }),
  audit: (i) => ({ siteId: i.siteId, target: { ruleId: i.ruleId } }),
  run: async (i) => {
    const row = await deleteRuleRow(i.siteId, i.ruleId);
    if (!row) throw new ActionRefusal('This rule no longer exists.', 'not-found');
    revalidateRules();
    return { ruleId: row.id, name: row.name };
  },
});

/** A saved rule, or the one being edited, over the index's last N days (reads only). */
export const tryRuleOnHistory = defineAction({
  name: 'tryRuleOnHistory',
  permission: 'desk.read',
  input: z.object({
    siteId: id,
    days: z.coerce
      .number('Enter a number of days.')
      .int('Whole days only.')
      .min(1, 'At least one day.')
      .max(HISTORY_MAX_DAYS, `At most ${HISTORY_MAX_DAYS} days.`),
    ruleId: id.optional(),
    conditions: z.unknown().optional(),
    triggers: z.array(z.enum(TRIGGERS)).min(1, 'Choose at least one trigger.').optional(),
  }),
  run: async (i) => {
    let conditions = i.conditions;
    let triggers = i.triggers;
    if (conditions === undefined) {
      if (!i.ruleId) throw new ActionRefusal('Give the conditions to try, or a saved rule.', 'invalid-input');
      const rule = await getRule(i.siteId, i.ruleId);
      if (!rule) throw new ActionRefusal('This rule no longer exists.', 'not-found');
      conditions = rule.conditions;
      triggers ??= rule.triggers.filter((t): t is RuleTrigger => (TRIGGERS as readonly string[]).includes(t));
    }
    try {
      return await tryOnHistory({
        siteId: i.siteId,
        conditions: parseConditions(conditions),
        triggers: triggers?.length ? triggers : ['message'],
        days: i.days,
      });
    } catch (e) {
      if (e instanceof RuleCompileError) throw new ActionRefusal(e.message, 'invalid-input');
      throw e;
    }
  },
});

export const decideReviewItem = defineAction({
  name: 'decideReviewItem',
  permission: 'moderation.act',
  input: z.object({
    siteId: id,
    itemId: id,
    decision: z.enum(REVIEW_DECISIONS, 'Choose keep, delete or dismiss.'),
    reason,
    reasonId: reasonFields.reasonId,
    notify: reasonFields.notify,
    notifyShown: reasonFields.notifyShown,
  }),
  audit: async (i) => {
    const { target, rule } = await reviewItemSubject(i.siteId, i.itemId);
    return { siteId: i.siteId, target, params: { decision: i.decision, rule, reason: i.reason } };
  },
  run: async (i, ctx) => {
    const { member } = ctx;
    const done = await decideReview(
      i.siteId,
      i.itemId,
      i.decision,
      member,
      decisionReason(i),
      (ctx as { auditId?: number | null }).auditId ?? null,
    );
    revalidatePath('/[site]', 'layout');
    return done;
  },
});
