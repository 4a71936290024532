'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, inputClass } from '@/components/ui/field';
import { createRule, updateRule } from '@/lib/services/rules/actions';
import { TRIGGER_LABELS } from '@/lib/services/rules/labels';
import { TRIGGERS, type RuleAction, type RuleCondition, type RuleTrigger } from '@/lib/services/rules/tree';
import { ActionsEditor, type RuleReasonOption } from './actions-editor';
import { asGroup, cleanTree, GroupEditor, type Group } from './condition-builder';
import { HistoryPanel } from './history-panel';

export interface RuleDraft {
  name: string;
  description: string;
  conditions: RuleCondition;
  actions: RuleAction[];
  cooldownSeconds: number;
  exemptRoles: string[];
  triggers: RuleTrigger[];
}

type Errors = Record<string, string[] | undefined>;

/** The rule editor: name, conditions as a tree, actions, cooldown, exempt roles, triggers; and try on history. */
export function RuleEditor({
  siteId,
  slug,
  ruleId,
  initial,
  canEdit,
  startMode,
  reasons = [],
}: {
  siteId: number;
  slug: string;
  ruleId?: number;
  initial: RuleDraft;
  canEdit: boolean;
  /** A new rule's mode: dry run when it came from the messages desk. */
  startMode?: 'off' | 'dry-run';
  /** The site's reasons a rule's decision may give (by code). */
  reasons?: RuleReasonOption[];
}) {
  const router = useRouter();
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [tree, setTree] = useState<Group>(asGroup(initial.conditions));
  const [actions, setActions] = useState<RuleAction[]>(initial.actions);
  const [cooldown, setCooldown] = useState(String(initial.cooldownSeconds));
  const [roles, setRoles] = useState(initial.exemptRoles.join(', '));
  const [triggers, setTriggers] = useState<RuleTrigger[]>(initial.triggers);
  const [mode, setMode] = useState<'off' | 'dry-run'>(startMode ?? 'off');
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const current = () => ({ conditions: cleanTree(tree), triggers });

  const save = () =>
    start(async () => {
      setSaved(null);
      const input = {
        siteId,
        name,
        description,
        ...current(),
        actions,
        cooldownSeconds: cooldown,
        exemptRoles: roles
          .split(/[\s,]+/)
          .map((r) => r.trim())
          .filter(Boolean),
      };
      const r = ruleId ? await updateRule({ ...input, ruleId }) : await createRule({ ...input, mode });
      if (!r.ok) {
        setError(r.error);
        setErrors(r.fieldErrors ?? {});
        return;
      }
      setError(null);
      setErrors({});
      if (ruleId) {
        setSaved('Saved.');
        router.refresh();
      } else {
        router.push(`/${slug}/rules/${r.data.ruleId}`);
      }
    });

  return (
    <div className="space-y-4">
      <form
        aria-label="Rule"
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <fieldset disabled={!canEdit || pending} className="space-y-4">
          <Field
            label="Name"
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
            required
            maxLength={100}
          />
          <div className="space-y-1">
            <label htmlFor="rule-description" className="block text-xs font-medium text-muted">
              Description (optional)
            </label>
            <textarea
              id="rule-description"
              rows={2}
              className={`${inputClass} h-auto py-1`}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>

          <section aria-labelledby="when-title" className="space-y-2">
            <h2 id="when-title" className="text-sm font-semibold">
              When
            </h2>
            <fieldset className="flex flex-wrap items-center gap-3 text-xs">
              <legend className="mb-1 text-xs text-muted">Look at</legend>
              {TRIGGERS.map((t) => (
                <label key={t} htmlFor={`trigger-${t}`} className="flex items-center gap-1">
                  <input
                    id={`trigger-${t}`}
                    type="checkbox"
                    checked={triggers.includes(t)}
                    onChange={(e) =>
                      setTriggers(e.target.checked ? [...triggers, t] : triggers.filter((x) => x !== t))
                    }
                  />
                  {TRIGGER_LABELS[t]}
                </label>
              ))}
            </fieldset>
            {errors.triggers ? <p className="text-xs text-danger">{errors.triggers.join(' ')}</p> : null}
            <GroupEditor id="cond" group={tree} depth={1} onChange={setTree} />
            {errors.conditions ? (
              <ul className="text-xs text-danger" data-testid="conditions-errors">
                {errors.conditions.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            ) : null}
          </section>

          <section aria-labelledby="then-title" className="space-y-2">
            <h2 id="then-title" className="text-sm font-semibold">
              Then
            </h2>
            <ActionsEditor actions={actions} onChange={setActions} reasons={reasons} />
            {errors.actions ? <p className="text-xs text-danger">{errors.actions.join(' ')}</p> : null}
          </section>

          <div className="flex flex-wrap gap-4">
            <Field
              label="Cooldown per sender (seconds)"
              name="cooldownSeconds"
              type="number"
              min={0}
              className="w-56"
              value={cooldown}
              onChange={(e) => setCooldown(e.target.value)}
              error={errors.cooldownSeconds}
            />
            <Field
              label="Exempt WordPress roles (comma-separated)"
              name="exemptRoles"
              className="w-80"
              value={roles}
              onChange={(e) => setRoles(e.target.value)}
              error={errors.exemptRoles}
              hint="Protected accounts are always exempt."
            />
            {ruleId ? null : (
              <div className="space-y-1">
                <label htmlFor="rule-start-mode" className="block text-xs font-medium text-muted">
                  Start
                </label>
                <select
                  id="rule-start-mode"
                  className={`${inputClass} w-40`}
                  value={mode}
                  onChange={(e) => setMode(e.target.value as 'off' | 'dry-run')}
                >
                  <option value="off">Off</option>
                  <option value="dry-run">In dry run</option>
                </select>
              </div>
            )}
          </div>
          <FormError message={error} />
          {saved ? (
            <p role="status" className="text-xs text-ok">
              {saved}
            </p>
          ) : null}
          {canEdit ? (
            <Button type="submit" disabled={pending}>
              {ruleId ? 'Save rule' : 'Create rule'}
            </Button>
          ) : null}
        </fieldset>
      </form>
      <HistoryPanel siteId={siteId} slug={slug} current={current} />
    </div>
  );
}
