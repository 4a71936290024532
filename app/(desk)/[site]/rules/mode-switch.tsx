'use client';

import { ActionMessage, useSiteAction } from '@/components/ui/use-site-action';
import { inputClass } from '@/components/ui/field';
import { setRuleMode } from '@/lib/services/rules/actions';
import { MODE_LABELS, MODES, type Mode } from '@/lib/services/rules/labels';

/** Off, dry run or on: saved at once, recorded with who switched it. */
export function ModeSwitch({
  siteId,
  ruleId,
  name,
  mode,
}: {
  siteId: number;
  ruleId: number;
  name: string;
  mode: Mode;
}) {
  const { run, pending, message } = useSiteAction();
  return (
    <div className="space-y-1">
      <select
        aria-label={`Mode of ${name}`}
        className={`${inputClass} w-28`}
        value={mode}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value as Mode;
          run(
            () => setRuleMode({ siteId, ruleId, mode: next }),
            `Switched to ${MODE_LABELS[next].toLowerCase()}.`,
          );
        }}
      >
        {MODES.map((m) => (
          <option key={m} value={m}>
            {MODE_LABELS[m]}
          </option>
        ))}
      </select>
      <ActionMessage message={message} />
    </div>
  );
}
