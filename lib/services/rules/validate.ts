/**
 * A rule as the editor sends it, checked against tree.ts with every problem in words naming the
 * condition or action it is about ("Condition 2 (Text has a word from a list): Give at least one
 * word."), then compiled once so an invalid regular expression is refused when saved, not at the
 * next sync.
 */
import 'server-only';
import type { z } from 'zod';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { compileConditions, RuleCompileError } from './evaluate';
import { ACTION_LABELS, LEAF_LABELS } from './labels';
import {
  actionSchema,
  boundedConditionSchema,
  leafSchema,
  MAX_DEPTH,
  type RuleAction,
  type RuleCondition,
  type RuleLeafType,
} from './tree';

function words(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      const field = i.path.filter((p) => typeof p === 'string').join('.');
      return field && field !== 'type' ? `${field}: ${i.message}` : i.message;
    })
    .join(' ');
}

function leafName(node: unknown): string {
  const type = (node as { type?: unknown })?.type;
  return typeof type === 'string' && type in LEAF_LABELS ? LEAF_LABELS[type as RuleLeafType] : 'unknown';
}

/** Walks the tree by hand: zod's union errors say "Invalid input", which helps nobody. */
function conditionProblems(node: unknown, where: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH + 1) return;
  if (!node || typeof node !== 'object' || Array.isArray(node)) {
    out.push(`${where}: not a condition.`);
    return;
  }
  const groupKey = (['all', 'any'] as const).find((k) => k in node);
  if (groupKey) {
    const list = (node as Record<string, unknown>)[groupKey];
    if (!Array.isArray(list) || list.length === 0) {
      out.push(
        `${where}: an empty group (“${groupKey === 'all' ? 'all of' : 'any of'}”). Add a condition to it.`,
      );
      return;
    }
    list.forEach((c, i) => conditionProblems(c, `${where} › ${i + 1}`, depth + 1, out));
    return;
  }
  if ('not' in node) {
    conditionProblems((node as { not: unknown }).not, `${where} › not`, depth + 1, out);
    return;
  }
  const parsed = leafSchema.safeParse(node);
  if (!parsed.success) out.push(`${where} (${leafName(node)}): ${words(parsed.error.issues)}`);
}

export function parseConditions(raw: unknown): RuleCondition {
  const problems: string[] = [];
  conditionProblems(raw, 'Condition', 1, problems);
  if (problems.length) throw new ActionRefusal(problems.join(' '), 'invalid-input', { conditions: problems });
  const bounded = boundedConditionSchema.safeParse(raw);
  if (!bounded.success) {
    const list = bounded.error.issues.map((i) => i.message);
    throw new ActionRefusal(list.join(' '), 'invalid-input', { conditions: list });
  }
  try {
    compileConditions(bounded.data);
  } catch (e) {
    if (e instanceof RuleCompileError) {
      throw new ActionRefusal(e.message, 'invalid-input', { conditions: [e.message] });
    }
    throw e;
  }
  return bounded.data;
}

export function parseActions(raw: unknown): RuleAction[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    const msg = 'Give the rule at least one action.';
    throw new ActionRefusal(msg, 'invalid-input', { actions: [msg] });
  }
  if (raw.length > 10) {
    const msg = 'At most 10 actions in one rule.';
    throw new ActionRefusal(msg, 'invalid-input', { actions: [msg] });
  }
  const problems: string[] = [];
  const out: RuleAction[] = [];
  raw.forEach((a, i) => {
    const parsed = actionSchema.safeParse(a);
    if (parsed.success) out.push(parsed.data);
    else {
      const type = (a as { type?: unknown })?.type;
      const label =
        typeof type === 'string' && type in ACTION_LABELS
          ? ACTION_LABELS[type as RuleAction['type']]
          : 'unknown';
      problems.push(`Action ${i + 1} (${label}): ${words(parsed.error.issues)}`);
    }
  });
  if (problems.length) throw new ActionRefusal(problems.join(' '), 'invalid-input', { actions: problems });
  return out;
}
