/**
 * A rule's conditions and actions as data: a typed tree validated with zod, never code (no eval,
 * no `new Function`). Plain module: the browser's rule editor and the messages desk's "Make this
 * a rule" build the same shapes the server validates.
 */
import { z } from 'zod';

const words = z
  .array(z.string().trim().min(1).max(100))
  .min(1, 'Give at least one word.')
  .max(500, 'At most 500 words in one list.');
const count = (max: number) => z.number().int().min(1).max(max);

/** One test of a message (or its sender, thread, reports). */
export const leafSchema = z.discriminatedUnion('type', [
  /** Any of the words, found also when written with look-alike letters or repeated letters. */
  z.object({ type: z.literal('words'), words, obfuscation: z.boolean().default(true) }),
  /** A regular expression (RE2 syntax: linear time, no backreferences), case-insensitive by default. */
  z.object({
    type: z.literal('regex'),
    pattern: z.string().min(1).max(500),
    caseSensitive: z.boolean().default(false),
  }),
  z.object({ type: z.literal('link') }),
  /** A link to a domain that is not one of these (or a subdomain of one). */
  z.object({
    type: z.literal('domain-outside'),
    allow: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(200),
  }),
  z.object({ type: z.literal('phone') }),
  z.object({ type: z.literal('email') }),
  z.object({ type: z.literal('guest') }),
  /** The sender's account is younger than this many days (first seen by the index when the site does not say). */
  z.object({ type: z.literal('account-younger'), days: count(3650) }),
  /** The sender has written fewer than this many messages on the site (this one included). */
  z.object({ type: z.literal('few-messages'), count: count(100_000) }),
  /** The same text sent into at least `threads` threads within `minutes` (a spam wave). */
  z.object({ type: z.literal('spam-wave'), threads: count(1000), minutes: count(1440) }),
  /** More than `messages` messages from the sender within `seconds` (a flood). */
  z.object({ type: z.literal('flood'), messages: count(1000), seconds: count(86_400) }),
  /** Reported by at least this many distinct reporters. */
  z.object({ type: z.literal('reports'), count: count(1000) }),
  /** Flagged by the site's AI moderation (in this category, when one is given). */
  z.object({ type: z.literal('ai-flag'), category: z.string().max(100).optional() }),
  z.object({
    type: z.literal('thread-type'),
    types: z.array(z.enum(['thread', 'group', 'chat-room', 'course'])).min(1),
  }),
  z.object({
    type: z.literal('attachment'),
    kinds: z.array(z.enum(['image', 'video', 'audio', 'file'])).min(1),
  }),
]);
export type RuleLeaf = z.infer<typeof leafSchema>;
export type RuleLeafType = RuleLeaf['type'];

export type RuleCondition =
  RuleLeaf | { all: RuleCondition[] } | { any: RuleCondition[] } | { not: RuleCondition };

/** Nesting is bounded so a stored tree can never make evaluation deep or slow. */
export const MAX_DEPTH = 4;
export const MAX_LEAVES = 30;

export const conditionSchema: z.ZodType<RuleCondition> = z.lazy(() =>
  z.union([
    leafSchema,
    z.object({ all: z.array(conditionSchema).min(1).max(MAX_LEAVES) }),
    z.object({ any: z.array(conditionSchema).min(1).max(MAX_LEAVES) }),
    z.object({ not: conditionSchema }),
  ]),
);

function shape(node: RuleCondition, depth: number): { depth: number; leaves: number } {
  if ('all' in node || 'any' in node) {
    const children = 'all' in node ? node.all : node.any;
    return children.reduce(
      (acc, c) => {
        const s = shape(c, depth + 1);
        return { depth: Math.max(acc.depth, s.depth), leaves: acc.leaves + s.leaves };
      },
      { depth, leaves: 0 },
    );
  }
  if ('not' in node) return shape(node.not, depth + 1);
  return { depth, leaves: 1 };
}

/** The tree, checked for shape and size: at most MAX_DEPTH levels and MAX_LEAVES tests. */
export const boundedConditionSchema = conditionSchema.superRefine((tree, ctx) => {
  const s = shape(tree, 1);
  if (s.depth > MAX_DEPTH)
    ctx.addIssue({ code: 'custom', message: `Nest conditions at most ${MAX_DEPTH} deep.` });
  if (s.leaves > MAX_LEAVES)
    ctx.addIssue({ code: 'custom', message: `At most ${MAX_LEAVES} conditions in one rule.` });
});

/**
 * The code of one of the site's reasons (lib/services/decisions): a rule's decision is recorded
 * with it, and the member told when the reason says so. Absent (older rules): recorded without
 * a reason, and nobody is told.
 */
const reasonCode = z.string().trim().toLowerCase().min(1).max(40).optional();

/** What a rule does when its conditions hold (in dry run: records that it would). */
export const actionSchema = z.discriminatedUnion('type', [
  /** Into BM Desk's review queue, with the rule named. */
  z.object({ type: z.literal('review') }),
  z.object({ type: z.literal('delete'), reasonCode }),
  /** Reject a pending message (nothing for one already published). */
  z.object({ type: z.literal('reject'), reasonCode }),
  z.object({ type: z.literal('mute'), minutes: count(525_600), reasonCode }),
  /** A standing decision (lib/services/policy): null days = until lifted. */
  z.object({
    type: z.literal('standing'),
    kind: z.enum(['ban', 'mute', 'hold']),
    days: z.number().int().min(1).max(3650).nullable(),
    holdMessages: z.boolean().default(false),
    reasonCode,
  }),
  /** Into the support inbox with this label. */
  z.object({ type: z.literal('inbox'), label: z.string().trim().min(1).max(60) }),
  z.object({ type: z.literal('alert') }),
]);
export type RuleAction = z.infer<typeof actionSchema>;

export const actionsSchema = z.array(actionSchema).min(1, 'Give the rule at least one action.').max(10);

export const TRIGGERS = ['message', 'pending', 'report'] as const;
export type RuleTrigger = (typeof TRIGGERS)[number];
