'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { LabelChip } from '@/components/triage/chips';
import { Button } from '@/components/ui/button';
import { Field, FormError, inputClass } from '@/components/ui/field';
import type { CannedReply, Label } from '@/lib/services/triage/catalogue';
import { LABEL_COLOURS } from '@/lib/services/triage/constants';
import { deleteCannedReply, deleteTriageLabel, saveCannedReply, saveTriageLabel } from './actions';
import { Saved, useSubmit } from './site-forms';

function useDelete() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const remove = async (call: () => Promise<{ ok: boolean; error?: string }>) => {
    const r = await call();
    if (r.ok) router.refresh();
    else setError(r.error ?? 'Failed.');
  };
  return { error, remove };
}

export function LabelsForm({ labels }: { labels: Label[] }) {
  const { state, pending, onSubmit } = useSubmit((d) => saveTriageLabel(d), 'Label saved.');
  const { error, remove } = useDelete();
  return (
    <section className="space-y-3" aria-labelledby="labels">
      <h2 id="labels" className="text-base font-semibold">
        Labels <span className="text-xs font-normal text-muted">(shared by every site)</span>
      </h2>
      <ul className="flex flex-wrap gap-2" data-testid="labels">
        {labels.length === 0 ? <li className="text-sm text-muted">None yet.</li> : null}
        {labels.map((l) => (
          <li key={l.id} className="inline-flex items-center gap-1">
            <LabelChip name={l.name} colour={l.colour} />
            <button
              type="button"
              aria-label={`Delete label ${l.name}`}
              className="text-xs text-muted hover:text-danger"
              onClick={() => remove(() => deleteTriageLabel({ labelId: l.id }))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {error ? <FormError message={error} /> : null}
      <form onSubmit={onSubmit} className="flex items-end gap-2" aria-label="New label">
        <Field id="label-name" label="Label name" name="name" required error={state?.fields?.name} />
        <label className="space-y-1">
          <span className="block text-xs font-medium text-muted">Colour</span>
          <select name="colour" aria-label="Colour" className={inputClass + ' w-32'} defaultValue="blue">
            {LABEL_COLOURS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" disabled={pending}>
          Add label
        </Button>
      </form>
      <Saved state={state} />
    </section>
  );
}

export function CannedRepliesForm({ canned }: { canned: CannedReply[] }) {
  const { state, pending, onSubmit } = useSubmit((d) => saveCannedReply(d), 'Canned reply saved.');
  const { error, remove } = useDelete();
  return (
    <section className="space-y-3" aria-labelledby="canned">
      <h2 id="canned" className="text-base font-semibold">
        Canned replies <span className="text-xs font-normal text-muted">(shared by every site)</span>
      </h2>
      <p className="text-sm text-muted">
        Typed as <code>/shortcut</code> in the reply box. <code>{'{member.name}'}</code>,{' '}
        <code>{'{site.name}'}</code> and <code>{'{agent.name}'}</code> are filled in.
      </p>
      <ul className="divide-y divide-border rounded-md border border-border" data-testid="canned-replies">
        {canned.length === 0 ? <li className="p-3 text-sm text-muted">None yet.</li> : null}
        {canned.map((c) => (
          <li key={c.id} className="flex items-start justify-between gap-2 p-3 text-sm">
            <span>
              <span className="font-mono text-xs">/{c.shortcut}</span>{' '}
              <span className="font-medium">{c.title}</span>
              <span className="block text-xs whitespace-pre-wrap text-muted">{c.body}</span>
            </span>
            <Button variant="ghost" onClick={() => remove(() => deleteCannedReply({ cannedId: c.id }))}>
              Delete
            </Button>
          </li>
        ))}
      </ul>
      {error ? <FormError message={error} /> : null}
      <form
        onSubmit={onSubmit}
        className="space-y-2 rounded-md border border-border p-3"
        aria-label="New canned reply"
      >
        <div className="grid grid-cols-2 gap-3">
          <Field
            id="canned-shortcut"
            label="Shortcut"
            name="shortcut"
            required
            error={state?.fields?.shortcut}
          />
          <Field id="canned-title" label="Title" name="title" required error={state?.fields?.title} />
        </div>
        <label className="block space-y-1">
          <span className="block text-xs font-medium text-muted">Reply</span>
          <textarea
            name="body"
            aria-label="Reply"
            rows={4}
            required
            className={inputClass + ' h-auto py-2'}
          />
          {state?.fields?.body ? (
            <span className="text-xs text-danger">{state.fields.body.join(' ')}</span>
          ) : null}
        </label>
        <Button type="submit" disabled={pending}>
          Add canned reply
        </Button>
        <Saved state={state} />
      </form>
    </section>
  );
}
