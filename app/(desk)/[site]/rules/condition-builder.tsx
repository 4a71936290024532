'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { LEAF_LABELS } from '@/lib/services/rules/labels';
import { MAX_DEPTH, type RuleCondition, type RuleLeaf } from '@/lib/services/rules/tree';
import { LeafFields, newLeaf } from './leaf-fields';

export type Group = { all: RuleCondition[] } | { any: RuleCondition[] };

const LEAF_TYPES = Object.keys(LEAF_LABELS) as RuleLeaf['type'][];

export function isGroup(c: RuleCondition): c is Group {
  return 'all' in c || 'any' in c;
}

const childrenOf = (g: Group) => ('all' in g ? g.all : g.any);
const withChildren = (g: Group, list: RuleCondition[]): Group => ('all' in g ? { all: list } : { any: list });

/** The editor always holds a group at the top: a single condition is `all` of one. */
export function asGroup(c: RuleCondition): Group {
  return isGroup(c) ? c : { all: [c] };
}

/** One condition of a group: a test, or a nested group; either may be negated ("not"). */
function Item({
  id,
  node,
  depth,
  onChange,
  onRemove,
}: {
  id: string;
  node: RuleCondition;
  depth: number;
  onChange: (c: RuleCondition) => void;
  onRemove: () => void;
}) {
  const negated = 'not' in node;
  const inner = negated ? (node as { not: RuleCondition }).not : node;
  const set = (c: RuleCondition) => onChange(negated ? { not: c } : c);
  const title = isGroup(inner) ? 'Group' : LEAF_LABELS[(inner as RuleLeaf).type];
  return (
    <li className="space-y-2 rounded-md border border-border bg-surface p-2" data-testid="condition">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium" id={`${id}-title`}>
          {negated ? <span className="text-danger">Not: </span> : null}
          {title}
        </span>
        <div className="flex items-center gap-2">
          <label htmlFor={`${id}-not`} className="flex items-center gap-1 text-xs">
            <input
              id={`${id}-not`}
              type="checkbox"
              checked={negated}
              onChange={(e) => onChange(e.target.checked ? { not: inner } : inner)}
            />
            Not
          </label>
          <Button
            type="button"
            variant="ghost"
            className="h-7 px-2 text-xs"
            aria-label={`Remove ${title}`}
            onClick={onRemove}
          >
            Remove
          </Button>
        </div>
      </div>
      {isGroup(inner) ? (
        <GroupEditor id={id} group={inner} depth={depth + 1} onChange={set} />
      ) : (
        <LeafFields id={id} leaf={inner as RuleLeaf} onChange={set} />
      )}
    </li>
  );
}

/** All of / any of, its conditions, and buttons to add a test or a nested group. */
export function GroupEditor({
  id,
  group,
  depth,
  onChange,
}: {
  id: string;
  group: Group;
  depth: number;
  onChange: (g: Group) => void;
}) {
  const [adding, setAdding] = useState<RuleLeaf['type']>('words');
  const list = childrenOf(group);
  const replace = (i: number, c: RuleCondition) =>
    onChange(
      withChildren(
        group,
        list.map((x, j) => (j === i ? c : x)),
      ),
    );
  return (
    <div className="space-y-2" role="group" aria-labelledby={`${id}-mode-label`}>
      <div className="flex items-center gap-2 text-xs">
        <label id={`${id}-mode-label`} htmlFor={`${id}-mode`}>
          Match
        </label>
        <select
          id={`${id}-mode`}
          className={`${inputClass} w-auto`}
          value={'all' in group ? 'all' : 'any'}
          onChange={(e) => onChange(e.target.value === 'all' ? { all: list } : { any: list })}
        >
          <option value="all">all of these</option>
          <option value="any">any of these</option>
        </select>
      </div>
      {list.length === 0 ? <p className="text-xs text-muted">No condition yet: add one below.</p> : null}
      <ul className="space-y-2">
        {list.map((c, i) => (
          <Item
            key={i}
            id={`${id}-${i}`}
            node={c}
            depth={depth}
            onChange={(next) => replace(i, next)}
            onRemove={() =>
              onChange(
                withChildren(
                  group,
                  list.filter((_, j) => j !== i),
                ),
              )
            }
          />
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-add`} className="sr-only">
          Condition to add
        </label>
        <select
          id={`${id}-add`}
          className={`${inputClass} w-auto`}
          value={adding}
          onChange={(e) => setAdding(e.target.value as RuleLeaf['type'])}
        >
          {LEAF_TYPES.map((t) => (
            <option key={t} value={t}>
              {LEAF_LABELS[t]}
            </option>
          ))}
        </select>
        <Button
          type="button"
          variant="secondary"
          onClick={() => onChange(withChildren(group, [...list, newLeaf(adding)]))}
        >
          Add condition
        </Button>
        {depth < MAX_DEPTH - 1 ? (
          <Button
            type="button"
            variant="ghost"
            onClick={() => onChange(withChildren(group, [...list, { any: [] }]))}
          >
            Add group
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** The tree as saved: word and domain lists without empty lines. */
export function cleanTree(c: RuleCondition): RuleCondition {
  if ('all' in c) return { all: c.all.map(cleanTree) };
  if ('any' in c) return { any: c.any.map(cleanTree) };
  if ('not' in c) return { not: cleanTree(c.not) };
  if (c.type === 'words') return { ...c, words: c.words.map((w) => w.trim()).filter(Boolean) };
  if (c.type === 'domain-outside') return { ...c, allow: c.allow.map((w) => w.trim()).filter(Boolean) };
  return c;
}
