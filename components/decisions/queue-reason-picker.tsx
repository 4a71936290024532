'use client';

import type { ReasonPicker } from '@/lib/services/decisions/picker';
import { inputClass } from '@/components/ui/field';
import { cn } from '@/components/ui/cn';

export type QueueReasonChoice = { reasonId: number | null; notify: boolean };

/**
 * The compact reason fields of a keyboard queue: one of the site's reasons and "tell the member",
 * held by the queue (not posted by a form), so the chosen reason stays selected for the next items
 * and every key decision carries it. The moderator's own words are the queue's existing text field.
 * "Tell the member" follows the reason's default when the reason changes; it is off, with why,
 * when the site's notices are off.
 */
export function QueueReasonPicker({
  picker,
  value,
  onChange,
  className,
}: {
  picker: ReasonPicker;
  value: QueueReasonChoice;
  onChange: (value: QueueReasonChoice) => void;
  className?: string;
}) {
  const off = picker.noticesOff;
  return (
    <div className={cn('flex flex-wrap items-center gap-2', className)} data-testid="queue-reason">
      <select
        aria-label="Rule broken"
        title="The reason the member is told (from this site's list)"
        value={value.reasonId === null ? '' : String(value.reasonId)}
        onChange={(e) => {
          const next = picker.reasons.find((r) => String(r.id) === e.target.value);
          onChange({ reasonId: next ? next.id : null, notify: off ? false : (next?.notify ?? false) });
        }}
        className={inputClass + ' w-52'}
      >
        <option value="">No reason from the list</option>
        {picker.reasons.map((r) => (
          <option key={r.id} value={r.id}>
            {r.title}
          </option>
        ))}
      </select>
      <label
        className="flex items-center gap-1.5 text-sm"
        title={off ? `Notices are off: ${off}` : undefined}
      >
        <input
          type="checkbox"
          checked={off ? false : value.notify}
          disabled={Boolean(off)}
          onChange={(e) => onChange({ ...value, notify: e.target.checked })}
        />
        Tell the member
      </label>
      {off ? <span className="text-xs text-muted">(notices are off)</span> : null}
    </div>
  );
}
