'use client';

import { Button } from '@/components/ui/button';
import { DurationPicker } from '@/components/ui/duration-picker';
import { inputClass } from '@/components/ui/field';
import { LadderSuggestion } from '@/components/decisions/ladder-suggestion';
import { QueueReasonPicker } from '@/components/decisions/queue-reason-picker';
import type { NextStep } from '@/lib/services/decisions/ladder';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import type { Decision } from './decisions';
import type { DecisionForm as Form } from './use-queue-decisions';

/**
 * Under the focused item: what the strike ladder suggests for the sender, the reason (from the
 * site's list, kept for the next items, and in the moderator's words), how long and where, and
 * the decisions (their outcomes are toasts).
 */
export function DecisionForm({
  decisions,
  canModerate,
  form,
  onChange,
  onDecide,
  reasons = null,
  next = null,
}: {
  decisions: Decision[];
  canModerate: boolean;
  form: Form;
  onChange: (form: Form) => void;
  onDecide: (d: Decision) => void;
  reasons?: ReasonPicker | null;
  next?: NextStep | null;
}) {
  return (
    <div className="space-y-2 border-t border-border pt-3">
      {next ? <LadderSuggestion suggestion={next} /> : null}
      {reasons ? (
        <QueueReasonPicker
          picker={reasons}
          value={{ reasonId: form.reasonId, notify: form.notify }}
          onChange={(v) => onChange({ ...form, ...v })}
        />
      ) : null}
      <div className="flex flex-wrap gap-2">
        <input
          aria-label="Reason"
          placeholder="Reason (kept in the audit log)"
          value={form.reason}
          onChange={(e) => onChange({ ...form, reason: e.target.value })}
          className={inputClass + ' max-w-xs'}
        />
        {canModerate ? (
          <>
            {/* No w-36 here: the picker merges it over inputClass's w-full, which wins in the stylesheet, so
                the select would shrink; the scope's w-36 below has no effect for the same reason. */}
            <DurationPicker value={form.duration} onChange={(duration) => onChange({ ...form, duration })} />
            <select
              aria-label="Scope"
              value={form.scope}
              onChange={(e) => onChange({ ...form, scope: e.target.value as Form['scope'] })}
              className={inputClass + ' w-36'}
            >
              <option value="thread">In this thread</option>
              <option value="global">Everywhere</option>
            </select>
          </>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2" data-testid="decisions">
        {decisions.map((d) => (
          <Button key={d.id} variant={d.danger ? 'danger' : 'secondary'} onClick={() => onDecide(d)}>
            {d.label}
            {d.key ? (
              <kbd className="ml-1 rounded border border-current/30 px-1 text-[10px] opacity-70">{d.key}</kbd>
            ) : null}
          </Button>
        ))}
      </div>
    </div>
  );
}
