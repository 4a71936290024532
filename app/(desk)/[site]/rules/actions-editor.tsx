'use client';

import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ACTION_LABELS } from '@/lib/services/rules/labels';
import type { RuleAction } from '@/lib/services/rules/tree';

const TYPES = Object.keys(ACTION_LABELS) as RuleAction['type'][];

/** One of the site's reasons, as a rule's action names it (by code). */
export type RuleReasonOption = { code: string; title: string };

/** The actions that are decisions about the member: they may give a reason (and so a notice). */
const DECIDING = new Set<RuleAction['type']>(['delete', 'reject', 'mute', 'standing']);

function ReasonSelect({
  id,
  action,
  reasons,
  onChange,
}: {
  id: string;
  action: RuleAction;
  reasons: RuleReasonOption[];
  onChange: (a: RuleAction) => void;
}) {
  if (!DECIDING.has(action.type) || !('reasonCode' in action || reasons.length > 0)) return null;
  const value = 'reasonCode' in action ? (action.reasonCode ?? '') : '';
  return (
    <label htmlFor={`${id}-reason`} className="flex items-center gap-1.5 text-xs">
      Reason
      <select
        id={`${id}-reason`}
        className={`${inputClass} w-auto`}
        value={value}
        onChange={(e) => onChange({ ...action, reasonCode: e.target.value || undefined } as RuleAction)}
      >
        <option value="">None (the member is not told)</option>
        {reasons.map((r) => (
          <option key={r.code} value={r.code}>
            {r.title}
          </option>
        ))}
        {value && !reasons.some((r) => r.code === value) ? (
          <option value={value}>{value} (no longer on the list)</option>
        ) : null}
      </select>
    </label>
  );
}

function newAction(type: RuleAction['type']): RuleAction {
  switch (type) {
    case 'mute':
      return { type, minutes: 60 };
    case 'standing':
      return { type, kind: 'ban', days: 7, holdMessages: false };
    case 'inbox':
      return { type, label: 'Rule' };
    default:
      return { type } as RuleAction;
  }
}

const num = (v: string) => (v === '' ? Number.NaN : Number(v));
const shown = (n: number | null) => (n !== null && Number.isFinite(n) ? n : '');

function Fields({
  id,
  action,
  onChange,
}: {
  id: string;
  action: RuleAction;
  onChange: (a: RuleAction) => void;
}) {
  switch (action.type) {
    case 'mute':
      return (
        <label htmlFor={`${id}-minutes`} className="flex items-center gap-1.5 text-xs">
          For
          <input
            id={`${id}-minutes`}
            type="number"
            min={1}
            className={`${inputClass} w-24`}
            value={shown(action.minutes)}
            onChange={(e) => onChange({ ...action, minutes: num(e.target.value) })}
          />
          minutes
        </label>
      );
    case 'standing':
      return (
        <div className="flex flex-wrap items-center gap-3 text-xs">
          <label htmlFor={`${id}-kind`} className="flex items-center gap-1.5">
            Kind
            <select
              id={`${id}-kind`}
              className={`${inputClass} w-auto`}
              value={action.kind}
              onChange={(e) => onChange({ ...action, kind: e.target.value as 'ban' | 'mute' | 'hold' })}
            >
              <option value="ban">Site ban</option>
              <option value="mute">Site mute</option>
              <option value="hold">Hold their messages</option>
            </select>
          </label>
          <label htmlFor={`${id}-days`} className="flex items-center gap-1.5">
            Days (empty: until lifted)
            <input
              id={`${id}-days`}
              type="number"
              min={1}
              className={`${inputClass} w-20`}
              value={shown(action.days)}
              onChange={(e) =>
                onChange({ ...action, days: e.target.value === '' ? null : num(e.target.value) })
              }
            />
          </label>
          <label htmlFor={`${id}-hold`} className="flex items-center gap-1">
            <input
              id={`${id}-hold`}
              type="checkbox"
              checked={action.holdMessages ?? false}
              onChange={(e) => onChange({ ...action, holdMessages: e.target.checked })}
            />
            Also hold their messages for review
          </label>
        </div>
      );
    case 'inbox':
      return (
        <label htmlFor={`${id}-label`} className="flex items-center gap-1.5 text-xs">
          Label
          <input
            id={`${id}-label`}
            className={`${inputClass} w-48`}
            value={action.label}
            onChange={(e) => onChange({ ...action, label: e.target.value })}
          />
        </label>
      );
    default:
      return null;
  }
}

/** The actions, in the order they run. */
export function ActionsEditor({
  actions,
  onChange,
  reasons = [],
}: {
  actions: RuleAction[];
  onChange: (a: RuleAction[]) => void;
  reasons?: RuleReasonOption[];
}) {
  return (
    <div className="space-y-2">
      {actions.length === 0 ? <p className="text-xs text-muted">No action yet: add one below.</p> : null}
      <ol className="space-y-2">
        {actions.map((a, i) => {
          const id = `action-${i}`;
          return (
            <li
              key={i}
              className="space-y-2 rounded-md border border-border bg-surface p-2"
              data-testid="rule-action"
            >
              <div className="flex items-center justify-between gap-2">
                <label htmlFor={`${id}-type`} className="sr-only">
                  Action {i + 1}
                </label>
                <select
                  id={`${id}-type`}
                  className={`${inputClass} w-auto`}
                  value={a.type}
                  onChange={(e) =>
                    onChange(
                      actions.map((x, j) => (j === i ? newAction(e.target.value as RuleAction['type']) : x)),
                    )
                  }
                >
                  {TYPES.map((t) => (
                    <option key={t} value={t}>
                      {ACTION_LABELS[t]}
                    </option>
                  ))}
                </select>
                <Button
                  type="button"
                  variant="ghost"
                  className="h-7 px-2 text-xs"
                  aria-label={`Remove action ${i + 1}`}
                  onClick={() => onChange(actions.filter((_, j) => j !== i))}
                >
                  Remove
                </Button>
              </div>
              <Fields
                id={id}
                action={a}
                onChange={(next) => onChange(actions.map((x, j) => (j === i ? next : x)))}
              />
              <ReasonSelect
                id={id}
                action={a}
                reasons={reasons}
                onChange={(next) => onChange(actions.map((x, j) => (j === i ? next : x)))}
              />
            </li>
          );
        })}
      </ol>
      <Button type="button" variant="secondary" onClick={() => onChange([...actions, newAction('review')])}>
        Add action
      </Button>
    </div>
  );
}
