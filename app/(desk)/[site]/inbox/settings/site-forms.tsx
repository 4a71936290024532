'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError } from '@/components/ui/field';
import type { ActionResult } from '@/lib/infra/actions/result';
import type { SupportAccount } from '@/lib/services/triage/support-accounts';
import { removeSupportAccount, saveSupportAccount, setResponseTarget } from './actions';

/** Submits a form's fields to an action; keeps the typed values and shows field errors on refusal. */
export function useSubmit<T>(
  action: (data: FormData) => Promise<ActionResult<T>>,
  done: string | ((data: T) => { ok: boolean; text: string }),
) {
  const router = useRouter();
  const [state, setState] = useState<{
    ok: boolean;
    text: string;
    fields?: Record<string, string[] | undefined>;
  } | null>(null);
  const [pending, setPending] = useState(false);
  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setPending(true);
    const r = await action(new FormData(form));
    setPending(false);
    if (r.ok) {
      setState(typeof done === 'string' ? { ok: true, text: done } : done(r.data));
      form.reset();
      router.refresh();
    } else setState({ ok: false, text: r.error, fields: r.fieldErrors });
  };
  return { state, pending, onSubmit };
}

export function Saved({ state }: { state: { ok: boolean; text: string } | null }) {
  if (!state) return null;
  return state.ok ? (
    <p role="status" className="text-xs text-ok">
      {state.text}
    </p>
  ) : (
    <FormError message={state.text} />
  );
}

export function SupportAccountsForm({ siteId, accounts }: { siteId: number; accounts: SupportAccount[] }) {
  const router = useRouter();
  const { state, pending, onSubmit } = useSubmit(
    (d) => saveSupportAccount(d),
    (saved) => saved.notice,
  );
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="space-y-3" aria-labelledby="support-accounts">
      <h2 id="support-accounts" className="text-base font-semibold">
        Support accounts
      </h2>
      <p className="text-sm text-muted">
        WordPress users who answer for the team. A thread with one of them in it enters the inbox; their
        messages answer the site&apos;s users. With an application password of their own, BM Desk can reply as
        them (stored sealed, never shown again). Saving one puts it on the site&apos;s pre-moderation
        whitelist, so the plugin does not hold its replies; a reply held anyway is approved at once with the
        site&apos;s admin credential.
      </p>
      <ul className="divide-y divide-border rounded-md border border-border" data-testid="support-accounts">
        {accounts.length === 0 ? <li className="p-3 text-sm text-muted">None yet.</li> : null}
        {accounts.map((a) => (
          <li key={a.id} className="flex items-center justify-between gap-2 p-3 text-sm">
            <span>
              <span className="font-medium">{a.name}</span>{' '}
              <span className="text-muted">
                #{a.bmUserId} · {a.username} ·{' '}
                {a.canReply ? 'can reply' : 'replying off (no application password)'}
              </span>
            </span>
            <Button
              variant="ghost"
              onClick={async () => {
                const r = await removeSupportAccount({ siteId, accountId: a.id });
                if (r.ok) router.refresh();
                else setError(r.error);
              }}
            >
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {error ? <FormError message={error} /> : null}
      <form
        onSubmit={onSubmit}
        className="grid grid-cols-2 gap-3 rounded-md border border-border p-3"
        aria-label="Support account"
      >
        <input type="hidden" name="siteId" value={siteId} />
        <Field
          label="WordPress user id"
          id="triage-bmUserId"
          name="bmUserId"
          inputMode="numeric"
          required
          error={state?.fields?.bmUserId}
        />
        <Field
          label="Name shown to the team"
          id="triage-name"
          name="name"
          required
          error={state?.fields?.name}
        />
        <Field
          label="WordPress username"
          id="triage-username"
          name="username"
          required
          autoComplete="off"
          error={state?.fields?.username}
        />
        <Field
          label="Application password (optional)"
          id="triage-appPassword"
          name="appPassword"
          type="password"
          autoComplete="new-password"
          error={state?.fields?.appPassword}
          hint="Leave empty to keep the stored one."
        />
        <label className="col-span-2 flex items-center gap-2 text-xs">
          <input type="checkbox" name="removePassword" /> Remove the stored password (turns replying off)
        </label>
        <div className="col-span-2 space-y-2">
          <Button type="submit" disabled={pending}>
            Save support account
          </Button>
          <Saved state={state} />
        </div>
      </form>
    </section>
  );
}

export function TargetForm({ siteId, minutes }: { siteId: number; minutes: number }) {
  const { state, pending, onSubmit } = useSubmit((d) => setResponseTarget(d), 'Target saved.');
  return (
    <section className="space-y-2" aria-labelledby="target">
      <h2 id="target" className="text-base font-semibold">
        Response target
      </h2>
      <form onSubmit={onSubmit} className="flex items-end gap-2">
        <input type="hidden" name="siteId" value={siteId} />
        <Field
          label="Waiting time shown red after (minutes)"
          id="triage-targetMinutes"
          name="targetMinutes"
          inputMode="numeric"
          defaultValue={minutes}
          key={minutes}
          error={state?.fields?.targetMinutes}
        />
        <Button type="submit" disabled={pending}>
          Save target
        </Button>
      </form>
      <Saved state={state} />
    </section>
  );
}
