'use client';

import { useId, useState } from 'react';
import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/field';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';

/**
 * For a ban, a mute or "delete all their messages" on a protected person: says why they are
 * protected and asks for the reason to do it anyway (the audit log keeps it with the action).
 */
export function OverrideField({
  name,
  protectedReason,
  value,
  onChange,
  question,
}: {
  name: string;
  /** Why they are protected, in words ("a site administrator"). */
  protectedReason: string;
  /** The site's refusal in words, shown instead of the question made from the two above. */
  question?: string;
  value: string;
  onChange: (reason: string) => void;
}) {
  const id = useId();
  return (
    <div
      className="space-y-1 rounded-md border border-danger/40 bg-danger-bg p-2 text-sm"
      data-testid="override-field"
    >
      <p>{question ?? `${revealHiddenText(name)} is protected (${protectedReason}). Do it anyway?`}</p>
      <label htmlFor={id} className="block text-xs text-muted">
        Why act on a protected account (kept in the audit log)
      </label>
      <input
        id={id}
        value={value}
        maxLength={500}
        onChange={(e) => onChange(e.target.value)}
        className={cn(inputClass, 'w-72')}
      />
    </div>
  );
}

/** The fields an action takes for an override, or none. */
export function overrideInput(protectedReason: string | null | undefined, reason: string) {
  return protectedReason ? { override: true, overrideReason: reason.trim() } : {};
}

/** The refusal code of a ban, mute or delete-all on a protected person (policy/override.ts). */
const PROTECTED_CODE = 'protected-needs-override';

/** Whether an action's answer is the question "X is protected … Do it anyway?". */
export function asksOverride(answer: { ok: boolean; code?: string }): boolean {
  return !answer.ok && answer.code === PROTECTED_CODE;
}

/**
 * A dialog's "do it anyway?" state for a protected person: the site's question once an action
 * asked it, the reason typed, what the second try sends, and the field to show.
 */
export function useOverride() {
  const [state, setState] = useState<{ question: string; reason: string } | null>(null);
  return {
    /** The question was asked: the dialog shows the field and sends the reason. */
    asking: state !== null,
    /** Asked and no reason yet: the action's button waits. */
    blocked: state !== null && !state.reason.trim(),
    /** The fields the action takes on its second try (none before the question). */
    input: state ? { override: true as const, overrideReason: state.reason.trim() } : {},
    ask: (question: string) => setState({ question, reason: '' }),
    clear: () => setState(null),
    field: (name: string) =>
      state ? (
        <OverrideField
          name={name}
          protectedReason=""
          question={state.question}
          value={state.reason}
          onChange={(reason) => setState({ ...state, reason })}
        />
      ) : null,
  };
}
