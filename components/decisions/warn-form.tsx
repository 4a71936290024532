'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/field';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import { warnSiteUser } from '@/lib/services/decisions/strike-actions';

/** A warning from the person page: a reason, the moderator's words, and the notice it sends. */
export function WarnForm({
  siteId,
  person,
  picker,
}: {
  siteId: number;
  person: { id: number; name: string };
  picker: ReasonPicker;
}) {
  const router = useRouter();
  const uid = useId();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{
    ok: boolean;
    text: string;
    fields?: Record<string, string[] | undefined>;
  } | null>(null);
  return (
    <form
      className="space-y-2"
      aria-label="Warn"
      data-testid="warn-form"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        start(async () => {
          const r = await warnSiteUser({
            siteId,
            bmUserId: person.id,
            reasonId: data.get('reasonId'),
            reason: data.get('reason'),
          });
          if (!r.ok) {
            setResult({ ok: false, text: r.error, fields: r.fieldErrors });
            return;
          }
          const n = r.data.notice;
          const told =
            n?.status === 'sent'
              ? 'the notice was sent.'
              : n?.status === 'off'
                ? `the notice was not sent: ${n.error ?? 'notices are off.'}`
                : n?.status === 'failed'
                  ? `the notice could not be sent: ${n.error ?? 'the site refused it.'}`
                  : 'the notice is on its way.';
          setResult({ ok: true, text: `Warning recorded for ${person.name}; ${told}` });
          form.reset();
          router.refresh();
        });
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor={`${uid}-reason`} className="block text-xs font-medium text-muted">
            Reason
          </label>
          <select
            id={`${uid}-reason`}
            name="reasonId"
            className={cn(inputClass, 'w-auto')}
            aria-invalid={result?.fields?.reasonId ? true : undefined}
          >
            <option value="">No reason given</option>
            {picker.reasons.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-64 flex-1 space-y-1">
          <label htmlFor={`${uid}-text`} className="block text-xs font-medium text-muted">
            In your own words (optional)
          </label>
          <input id={`${uid}-text`} name="reason" maxLength={4000} className={inputClass} />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          Warn {person.name}
        </Button>
      </div>
      <p className="text-xs text-muted">
        A warning is a strike: the member is sent a notice with the reason and how to appeal.
        {picker.noticesOff ? ` Notices are off: ${picker.noticesOff}` : ''}
      </p>
      {result ? (
        <p
          role="status"
          data-testid="warn-message"
          className={result.ok ? 'text-xs text-ok' : 'text-xs text-danger'}
        >
          {result.text}
          {result.fields ? ' ' + Object.values(result.fields).flat().filter(Boolean).join(' ') : ''}
        </p>
      ) : null}
    </form>
  );
}
