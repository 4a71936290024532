import { z } from 'zod';
import { boundedConditionSchema, type RuleCondition } from '@/lib/services/rules/tree';

/** A tree from the address, or null when it is not one (bad JSON, or not what tree.ts accepts). */
function tree(raw: string): RuleCondition | null {
  try {
    const parsed = boundedConditionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The new-rule page's prefill (the messages desk's "Make this a rule"): the condition tree as
 * URL-encoded JSON, parsed and checked against tree.ts here (the action checks it again on save),
 * and a name. A tree that does not parse or validate is dropped and named.
 */
export const newRuleSearchParams = z.object({
  conditions: z
    .string()
    .max(20_000, { error: 'long' })
    .transform((v, ctx) => tree(v) ?? (ctx.addIssue({ code: 'custom', message: 'value' }), z.NEVER))
    .optional(),
  name: z
    .string()
    .trim()
    .max(100, { error: 'long' })
    .refine((v) => !/[\u0000-\u001f\u007f-\u009f]/.test(v), { error: 'control' })
    .optional(),
});
