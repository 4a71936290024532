'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError } from '@/components/ui/field';
import { removeMailServer, saveMailServer, sendTestEmail } from './actions';

type Outcome = { ok: boolean; text: string; fields?: Record<string, string[] | undefined> } | null;

function Said({ state, id }: { state: Outcome; id?: string }) {
  if (!state) return null;
  return state.ok ? (
    <p role="status" className="text-xs text-ok" data-testid={id}>
      {state.text}
    </p>
  ) : (
    <FormError message={state.text} />
  );
}

export type MailValues = {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  hasPassword: boolean;
  fromAddress: string;
};

export function MailServerForm({ initial }: { initial: MailValues | null }) {
  const router = useRouter();
  const [state, setState] = useState<Outcome>(null);
  const [test, setTest] = useState<Outcome>(null);
  const [pending, setPending] = useState(false);
  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setPending(true);
    const r = await saveMailServer(new FormData(form));
    setPending(false);
    if (r.ok) {
      setState({
        ok: true,
        text: r.data.hasPassword ? 'Saved; a password is stored.' : 'Saved, without a password.',
      });
      const password = form.elements.namedItem('password');
      if (password instanceof HTMLInputElement) password.value = '';
      router.refresh();
    } else setState({ ok: false, text: r.error, fields: r.fieldErrors });
  };
  return (
    <div className="space-y-4">
      <form
        onSubmit={onSubmit}
        className="grid max-w-xl grid-cols-2 gap-3"
        aria-label="Mail server"
        noValidate
      >
        <Field
          label="Host"
          name="host"
          defaultValue={initial?.host ?? ''}
          placeholder="smtp.example.com"
          error={state?.fields?.host}
        />
        <Field
          label="Port"
          name="port"
          type="number"
          defaultValue={initial?.port ?? 587}
          error={state?.fields?.port}
        />
        <label className="col-span-2 flex items-center gap-2 text-xs">
          <input type="checkbox" name="secure" defaultChecked={initial?.secure ?? false} /> TLS from the start
          (port 465); otherwise STARTTLS when the server offers it
        </label>
        <Field
          label="User name (optional)"
          name="username"
          autoComplete="off"
          defaultValue={initial?.username ?? ''}
          error={state?.fields?.username}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          error={state?.fields?.password}
          hint={
            <span data-testid="mail-password-state">
              {initial?.hasPassword
                ? 'A password is stored. Leave empty to keep it; it is never shown again.'
                : 'No password stored.'}
            </span>
          }
        />
        {initial?.hasPassword ? (
          <label className="col-span-2 flex items-center gap-2 text-xs">
            <input type="checkbox" name="removePassword" /> Remove the stored password
          </label>
        ) : null}
        <Field
          label="Alerts come from (address)"
          name="fromAddress"
          type="email"
          defaultValue={initial?.fromAddress ?? ''}
          placeholder="bm-desk@example.com"
          error={state?.fields?.fromAddress}
          className="col-span-2"
        />
        <div className="col-span-2 space-y-2">
          <Button type="submit" disabled={pending}>
            Save mail server
          </Button>
          <Said state={state} />
        </div>
      </form>
      {initial ? (
        <div className="flex flex-wrap items-start gap-3">
          <div className="space-y-2">
            <Button
              variant="secondary"
              disabled={pending}
              onClick={async () => {
                setPending(true);
                setTest(null);
                const r = await sendTestEmail({ confirm: 'yes' });
                setPending(false);
                setTest(r.ok ? { ok: true, text: `Sent to ${r.data.to}.` } : { ok: false, text: r.error });
              }}
            >
              Send a test e-mail
            </Button>
            <Said state={test} id="test-email-result" />
          </div>
          <Button
            variant="ghost"
            disabled={pending}
            onClick={async () => {
              const r = await removeMailServer({ confirm: 'yes' });
              if (r.ok) router.refresh();
              else setState({ ok: false, text: r.error });
            }}
          >
            Remove the mail server
          </Button>
        </div>
      ) : null}
    </div>
  );
}
