'use client';

import { useId, useState } from 'react';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import { inputClass } from '@/components/ui/field';
import { cn } from '@/components/ui/cn';

/**
 * The reason fields of every decision form: one of the site's reasons, the moderator's own
 * words, and "tell the member" (ticked by the reason's default; disabled, with why, when the
 * site's notices are off). Sends `reasonId`, `reason`, `notify`, `notifyShown`.
 */
export function ReasonFields({
  picker,
  defaultReasonId,
  error,
  className,
  askToNotify = true,
}: {
  picker: ReasonPicker;
  defaultReasonId?: number | null;
  error?: string[];
  className?: string;
  /** False where the member is always told (an appeal's answer): no box to tick. */
  askToNotify?: boolean;
}) {
  const uid = useId();
  const [reasonId, setReasonId] = useState<string>(defaultReasonId ? String(defaultReasonId) : '');
  const chosen = picker.reasons.find((r) => String(r.id) === reasonId);
  const [notify, setNotify] = useState<boolean>(chosen?.notify ?? false);
  const off = picker.noticesOff;
  return (
    <fieldset className={cn('space-y-2', className)}>
      <legend className="sr-only">Reason</legend>
      <div className="space-y-1">
        <label htmlFor={`${uid}-reason-id`} className="block text-xs font-medium text-muted">
          Reason
        </label>
        <select
          id={`${uid}-reason-id`}
          name="reasonId"
          value={reasonId}
          onChange={(e) => {
            setReasonId(e.target.value);
            const next = picker.reasons.find((r) => String(r.id) === e.target.value);
            setNotify(next?.notify ?? false);
          }}
          className={inputClass}
        >
          <option value="">No reason given</option>
          {picker.reasons.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${uid}-reason-text`} className="block text-xs font-medium text-muted">
          In your own words (optional)
        </label>
        <textarea
          id={`${uid}-reason-text`}
          name="reason"
          maxLength={4000}
          rows={2}
          aria-invalid={error?.length ? true : undefined}
          className={cn(inputClass, 'h-auto py-1.5', error?.length && 'border-danger')}
        />
        {error?.length ? <p className="text-xs text-danger">{error.join(' ')}</p> : null}
      </div>
      {askToNotify ? (
        <>
          <input type="hidden" name="notifyShown" value="on" />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="notify"
              checked={off ? false : notify}
              disabled={Boolean(off)}
              onChange={(e) => setNotify(e.target.checked)}
            />
            Tell the member (a notice from the moderation account, with how to appeal)
          </label>
          {off ? <p className="text-xs text-muted">Notices are off: {off}</p> : null}
        </>
      ) : null}
    </fieldset>
  );
}
