'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Field, FormError, inputClass } from '@/components/ui/field';
import {
  archiveModerationReason,
  moveModerationReason,
  restoreModerationReason,
  saveModerationReason,
} from '@/lib/services/decisions/settings-actions';

export type ReasonRow = {
  id: number;
  code: string;
  title: string;
  memberText: string;
  notify: boolean;
  ground: 'terms' | 'law';
  groundReference: string | null;
  archived: boolean;
};

type Errors = Record<string, string[] | undefined>;

/** Adds a reason (no `reason`) or edits one; keeps what was typed when the server says no. */
function ReasonForm({ siteId, reason, onDone }: { siteId: number; reason?: ReasonRow; onDone?: () => void }) {
  const router = useRouter();
  const uid = useId();
  const [pending, start] = useTransition();
  const [state, setState] = useState<{ ok: boolean; text: string; fields?: Errors } | null>(null);
  const f = state?.fields;
  return (
    <form
      aria-label={reason ? `Edit reason ${reason.code}` : 'New reason'}
      className="grid gap-3 rounded-md border border-border p-3 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        start(async () => {
          const r = await saveModerationReason(data);
          if (!r.ok) {
            setState({ ok: false, text: r.error, fields: r.fieldErrors });
            return;
          }
          setState({ ok: true, text: reason ? 'Reason saved.' : 'Reason added.' });
          if (!reason) form.reset();
          router.refresh();
          if (reason) onDone?.();
        });
      }}
    >
      <input type="hidden" name="siteId" value={siteId} />
      {reason ? <input type="hidden" name="reasonId" value={reason.id} /> : null}
      <Field
        label="Code"
        id={`${uid}-code`}
        name="code"
        defaultValue={reason?.code}
        required
        maxLength={40}
        hint="Short and stable, e.g. spam; shown in exports."
        error={f?.code}
      />
      <Field
        label="Title"
        id={`${uid}-title`}
        name="title"
        defaultValue={reason?.title}
        required
        maxLength={120}
        error={f?.title}
      />
      <div className="space-y-1 sm:col-span-2">
        <label htmlFor={`${uid}-text`} className="block text-xs font-medium text-muted">
          What the member reads
        </label>
        <textarea
          id={`${uid}-text`}
          name="memberText"
          defaultValue={reason?.memberText}
          required
          maxLength={2000}
          rows={2}
          aria-invalid={f?.memberText ? true : undefined}
          aria-describedby={f?.memberText ? `${uid}-text-error` : undefined}
          className={cn(inputClass, 'h-auto py-1.5', f?.memberText && 'border-danger')}
        />
        {f?.memberText ? (
          <p id={`${uid}-text-error`} className="text-xs text-danger">
            {f.memberText.join(' ')}
          </p>
        ) : null}
      </div>
      <div className="space-y-1">
        <label htmlFor={`${uid}-ground`} className="block text-xs font-medium text-muted">
          Ground
        </label>
        <select
          id={`${uid}-ground`}
          name="ground"
          defaultValue={reason?.ground ?? 'terms'}
          className={inputClass}
        >
          <option value="terms">The site’s terms</option>
          <option value="law">The law</option>
        </select>
        {f?.ground ? <p className="text-xs text-danger">{f.ground.join(' ')}</p> : null}
      </div>
      <Field
        label="Reference (optional)"
        id={`${uid}-ref`}
        name="groundReference"
        defaultValue={reason?.groundReference ?? ''}
        maxLength={300}
        hint="The clause relied on, e.g. Terms §4.2."
        error={f?.groundReference}
      />
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input type="checkbox" name="notify" defaultChecked={reason?.notify ?? true} />
        Tell the member by default (a notice, and a strike)
      </label>
      <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {reason ? 'Save reason' : 'Add reason'}
        </Button>
        {onDone ? (
          <Button type="button" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
        {state?.ok ? (
          <p role="status" className="text-xs text-ok">
            {state.text}
          </p>
        ) : null}
      </div>
      {state && !state.ok ? (
        <div className="sm:col-span-2">
          <FormError message={state.text} />
        </div>
      ) : null}
    </form>
  );
}

function ReasonItem({
  siteId,
  reason,
  first,
  last,
  canManage,
}: {
  siteId: number;
  reason: ReasonRow;
  first: boolean;
  last: boolean;
  canManage: boolean;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const call = (fn: () => Promise<{ ok: true } | { ok: false; error: string }>) =>
    start(async () => {
      const r = await fn();
      if (r.ok) {
        setError(null);
        router.refresh();
      } else setError(r.error);
    });
  return (
    <li className="space-y-2 p-3 text-sm" data-testid="reason-row" data-code={reason.code}>
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="font-medium">{reason.title}</span>
        <code className="text-xs text-muted">{reason.code}</code>
        <span className="text-xs text-muted">
          {reason.ground === 'law' ? 'Law' : 'Terms'}
          {reason.groundReference ? ` · ${reason.groundReference}` : ''} ·{' '}
          {reason.notify ? 'tells the member by default' : 'no notice by default'}
        </span>
        {reason.archived ? (
          <span className="rounded bg-surface-2 px-1.5 text-xs" data-testid="archived">
            Archived
          </span>
        ) : null}
        {canManage ? (
          <span className="ml-auto flex flex-wrap gap-1">
            <Button
              variant="ghost"
              disabled={pending || first}
              aria-label={`Move ${reason.title} up`}
              onClick={() =>
                call(() => moveModerationReason({ siteId, reasonId: reason.id, direction: 'up' }))
              }
            >
              ↑
            </Button>
            <Button
              variant="ghost"
              disabled={pending || last}
              aria-label={`Move ${reason.title} down`}
              onClick={() =>
                call(() => moveModerationReason({ siteId, reasonId: reason.id, direction: 'down' }))
              }
            >
              ↓
            </Button>
            <Button variant="secondary" disabled={pending} onClick={() => setEditing((v) => !v)}>
              Edit
            </Button>
            {reason.archived ? (
              <Button
                variant="secondary"
                disabled={pending}
                onClick={() => call(() => restoreModerationReason({ siteId, reasonId: reason.id }))}
              >
                Restore
              </Button>
            ) : (
              <Button
                variant="secondary"
                disabled={pending}
                onClick={() => call(() => archiveModerationReason({ siteId, reasonId: reason.id }))}
              >
                Archive
              </Button>
            )}
          </span>
        ) : null}
      </div>
      <p className="text-muted">{reason.memberText}</p>
      {error ? <FormError message={error} /> : null}
      {editing ? <ReasonForm siteId={siteId} reason={reason} onDone={() => setEditing(false)} /> : null}
    </li>
  );
}

/** The site's reasons in the order decision forms offer them; admins edit, the others read. */
export function ReasonsEditor({
  siteId,
  reasons,
  canManage,
}: {
  siteId: number;
  reasons: ReasonRow[];
  canManage: boolean;
}) {
  // Not a <details>: Chrome does not run the transitions of what a closed one holds.
  const [adding, setAdding] = useState(false);
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-border rounded-md border border-border" data-testid="reasons">
        {reasons.map((r, i) => (
          <ReasonItem
            key={r.id}
            siteId={siteId}
            reason={r}
            first={i === 0}
            last={i === reasons.length - 1}
            canManage={canManage}
          />
        ))}
      </ul>
      {canManage ? (
        adding ? (
          <ReasonForm siteId={siteId} onDone={() => setAdding(false)} />
        ) : (
          <Button variant="secondary" onClick={() => setAdding(true)}>
            Add a reason
          </Button>
        )
      ) : null}
    </div>
  );
}
