'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Field, FormError, inputClass } from '@/components/ui/field';
import type { LadderStep } from '@/lib/services/decisions/constants';
import {
  LADDER_ACTIONS,
  LADDER_ACTION_WORDS,
  MAX_LADDER_STEPS,
  durationWords,
  ladderStepLabel,
} from '@/lib/services/decisions/ladder';
import { saveNoticeSettings } from '@/lib/services/decisions/settings-actions';

type Errors = Record<string, string[] | undefined>;

export type NoticeSettingsView = {
  moderationAccountId: number | null;
  appealDays: number;
  strikeDays: number;
  ladder: LadderStep[];
  reporterFeedback: boolean;
  reporterTextActed: string;
  reporterTextKept: string;
};

export type AccountOption = { id: number; name: string; canReply: boolean };

const DURATION_CHOICES = [60, 1440, 3 * 1440, 7 * 1440, 30 * 1440];

function StepRow({
  step,
  index,
  count,
  disabled,
  onChange,
  onMove,
  onRemove,
}: {
  step: LadderStep;
  index: number;
  count: number;
  disabled: boolean;
  onChange: (s: LadderStep) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const uid = useId();
  const choices =
    step.minutes !== null && !DURATION_CHOICES.includes(step.minutes)
      ? [...DURATION_CHOICES, step.minutes].sort((a, b) => a - b)
      : DURATION_CHOICES;
  return (
    <li className="flex flex-wrap items-center gap-2 py-1.5" data-testid="ladder-step">
      <span className="w-16 text-xs text-muted">Strike {index + 1}</span>
      <label htmlFor={`${uid}-action`} className="sr-only">
        Step {index + 1}
      </label>
      <select
        id={`${uid}-action`}
        className={cn(inputClass, 'w-auto')}
        value={step.action}
        disabled={disabled}
        onChange={(e) => {
          const action = e.target.value as LadderStep['action'];
          onChange({ action, minutes: action === 'warning' ? null : (step.minutes ?? 1440) });
        }}
      >
        {LADDER_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {LADDER_ACTION_WORDS[a]}
          </option>
        ))}
      </select>
      {step.action !== 'warning' ? (
        <>
          <label htmlFor={`${uid}-minutes`} className="sr-only">
            Duration of step {index + 1}
          </label>
          <select
            id={`${uid}-minutes`}
            className={cn(inputClass, 'w-auto')}
            value={step.minutes === null ? '' : String(step.minutes)}
            disabled={disabled}
            onChange={(e) =>
              onChange({ ...step, minutes: e.target.value === '' ? null : Number(e.target.value) })
            }
          >
            {choices.map((m) => (
              <option key={m} value={m}>
                {durationWords(m)}
              </option>
            ))}
            <option value="">No end</option>
          </select>
        </>
      ) : null}
      <span className="text-xs text-muted">{ladderStepLabel(step)}</span>
      {!disabled ? (
        <span className="ml-auto flex gap-1">
          <Button
            type="button"
            variant="ghost"
            disabled={index === 0}
            aria-label={`Move step ${index + 1} up`}
            onClick={() => onMove(index - 1)}
          >
            ↑
          </Button>
          <Button
            type="button"
            variant="ghost"
            disabled={index === count - 1}
            aria-label={`Move step ${index + 1} down`}
            onClick={() => onMove(index + 1)}
          >
            ↓
          </Button>
          <Button type="button" variant="ghost" disabled={count === 1} onClick={onRemove}>
            Remove
          </Button>
        </span>
      ) : null}
    </li>
  );
}

/** Moderation account, appeal window, strike lifetime, ladder and reporter feedback: one form. */
export function NoticeSettingsForm({
  siteId,
  settings,
  accounts,
  canManage,
}: {
  siteId: number;
  settings: NoticeSettingsView;
  accounts: AccountOption[];
  canManage: boolean;
}) {
  const router = useRouter();
  const uid = useId();
  const [pending, start] = useTransition();
  const [ladder, setLadder] = useState<LadderStep[]>(settings.ladder);
  const [state, setState] = useState<{ ok: boolean; text: string; fields?: Errors } | null>(null);
  const f = state?.fields;
  const readOnly = !canManage;
  return (
    <form
      aria-label="Notice settings"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        data.set('ladder', JSON.stringify(ladder));
        start(async () => {
          const r = await saveNoticeSettings(data);
          if (!r.ok) {
            setState({ ok: false, text: r.error, fields: r.fieldErrors });
            return;
          }
          setState({ ok: true, text: 'Notice settings saved.' });
          router.refresh();
        });
      }}
    >
      <input type="hidden" name="siteId" value={siteId} />
      <fieldset disabled={readOnly} className="space-y-4">
        <legend className="sr-only">Notice settings</legend>
        <div className="space-y-1">
          <label htmlFor={`${uid}-account`} className="block text-xs font-medium text-muted">
            Moderation account
          </label>
          <select
            id={`${uid}-account`}
            name="moderationAccountId"
            defaultValue={settings.moderationAccountId ?? ''}
            className={cn(inputClass, 'w-auto min-w-64')}
            aria-describedby={`${uid}-account-hint`}
          >
            <option value="">None (notices off)</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.canReply ? '' : ' (no application password)'}
              </option>
            ))}
          </select>
          <p id={`${uid}-account-hint`} className="text-xs text-muted">
            One of the site’s support accounts (Inbox settings). Notices are sent as it, with its own
            application password.
          </p>
          {f?.moderationAccountId ? (
            <p className="text-xs text-danger">{f.moderationAccountId.join(' ')}</p>
          ) : null}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Appeal window (days)"
            id={`${uid}-appeal`}
            name="appealDays"
            inputMode="numeric"
            defaultValue={settings.appealDays}
            hint="A member may answer a notice to appeal within this many days (1–365)."
            error={f?.appealDays}
          />
          <Field
            label="Strike lifetime (days)"
            id={`${uid}-strike`}
            name="strikeDays"
            inputMode="numeric"
            defaultValue={settings.strikeDays}
            hint="A strike counts towards the ladder for this many days, then expires."
            error={f?.strikeDays}
          />
        </div>
        <div className="space-y-1">
          <h3 className="text-xs font-medium text-muted">Strike ladder</h3>
          <p className="text-xs text-muted">
            The step suggested for someone with no active strike, one, two, …; the last step repeats.
          </p>
          <ol className="divide-y divide-border/60" data-testid="ladder">
            {ladder.map((step, i) => (
              <StepRow
                key={i}
                step={step}
                index={i}
                count={ladder.length}
                disabled={readOnly}
                onChange={(s) => setLadder((l) => l.map((x, j) => (j === i ? s : x)))}
                onMove={(to) =>
                  setLadder((l) => {
                    const next = [...l];
                    [next[i], next[to]] = [next[to]!, next[i]!];
                    return next;
                  })
                }
                onRemove={() => setLadder((l) => l.filter((_, j) => j !== i))}
              />
            ))}
          </ol>
          {!readOnly && ladder.length < MAX_LADDER_STEPS ? (
            <Button
              type="button"
              variant="secondary"
              onClick={() => setLadder((l) => [...l, { action: 'ban', minutes: 7 * 1440 }])}
            >
              Add a step
            </Button>
          ) : null}
          {f?.ladder ? <p className="text-xs text-danger">{f.ladder.join(' ')}</p> : null}
        </div>
        <div className="space-y-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="reporterFeedback" defaultChecked={settings.reporterFeedback} />
            Tell reporters when their report is acted on or kept
          </label>
          <TextArea
            label="When a report is acted on"
            name="reporterTextActed"
            defaultValue={settings.reporterTextActed}
            error={f?.reporterTextActed}
          />
          <TextArea
            label="When the message stays"
            name="reporterTextKept"
            defaultValue={settings.reporterTextKept}
            error={f?.reporterTextKept}
          />
        </div>
      </fieldset>
      {canManage ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={pending}>
            Save notice settings
          </Button>
          {state?.ok ? (
            <p role="status" className="text-xs text-ok">
              {state.text}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-xs text-muted" data-testid="read-only-note">
          Only admins and owners change these.
        </p>
      )}
      {state && !state.ok ? <FormError message={state.text} /> : null}
    </form>
  );
}

function TextArea({
  label,
  name,
  defaultValue,
  error,
}: {
  label: string;
  name: string;
  defaultValue: string;
  error?: string[];
}) {
  const uid = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={uid} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <textarea
        id={uid}
        name={name}
        defaultValue={defaultValue}
        maxLength={2000}
        rows={2}
        aria-invalid={error?.length ? true : undefined}
        className={cn(inputClass, 'h-auto py-1.5', error?.length && 'border-danger')}
      />
      {error?.length ? <p className="text-xs text-danger">{error.join(' ')}</p> : null}
    </div>
  );
}
