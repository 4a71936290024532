'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError } from '@/components/ui/field';
import type { ActionResult } from '@/lib/infra/actions/result';
import { retryAlertDelivery, saveAlertThresholds, saveAlertWebhook, sendTestAlert } from './actions';

type Outcome = { ok: boolean; text: string; fields?: Record<string, string[] | undefined> } | null;

/** Submits a form's fields to an action; shows field errors on refusal and refreshes on success. */
function useSubmit<T>(action: (data: FormData) => Promise<ActionResult<T>>, done: (data: T) => string) {
  const router = useRouter();
  const [state, setState] = useState<Outcome>(null);
  const [pending, setPending] = useState(false);
  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setPending(true);
    const r = await action(new FormData(e.currentTarget));
    setPending(false);
    if (r.ok) {
      setState({ ok: true, text: done(r.data) });
      router.refresh();
    } else setState({ ok: false, text: r.error, fields: r.fieldErrors });
  };
  return { state, pending, onSubmit };
}

function Said({ state }: { state: Outcome }) {
  if (!state) return null;
  return state.ok ? (
    <p role="status" className="text-xs text-ok">
      {state.text}
    </p>
  ) : (
    <FormError message={state.text} />
  );
}

export type ThresholdValues = {
  waitingMinutes: number;
  spikeFactor: number;
  spikeMinReports: number;
  syncFailedMinutes: number;
};

export function ThresholdsForm({ siteId, initial }: { siteId: number; initial: ThresholdValues }) {
  const { state, pending, onSubmit } = useSubmit(
    (d) => saveAlertThresholds(d),
    (r) =>
      r.raised > 0
        ? `Saved. Checked now: ${r.raised} alert${r.raised === 1 ? '' : 's'} raised.`
        : 'Saved. Checked now: nothing to tell.',
  );
  return (
    <section className="space-y-2" aria-labelledby="thresholds">
      <h2 id="thresholds" className="text-base font-semibold">
        When to tell the team
      </h2>
      <form
        onSubmit={onSubmit}
        className="grid max-w-xl grid-cols-2 gap-3"
        aria-label="Thresholds"
        noValidate
      >
        <input type="hidden" name="siteId" value={siteId} />
        <Field
          label="An item waits in reports or pending longer than (minutes)"
          name="waitingMinutes"
          type="number"
          min={0}
          defaultValue={initial.waitingMinutes}
          error={state?.fields?.waitingMinutes}
          hint="0 turns this off."
          className="col-span-2"
        />
        <Field
          label="Reports in an hour above the usual rate times"
          name="spikeFactor"
          type="number"
          step="0.5"
          min={1}
          defaultValue={initial.spikeFactor}
          error={state?.fields?.spikeFactor}
        />
        <Field
          label="… and at least this many reports"
          name="spikeMinReports"
          type="number"
          min={0}
          defaultValue={initial.spikeMinReports}
          error={state?.fields?.spikeMinReports}
          hint="0 turns spike alerts off."
        />
        <Field
          label="The sync has failed for longer than (minutes)"
          name="syncFailedMinutes"
          type="number"
          min={0}
          defaultValue={initial.syncFailedMinutes}
          error={state?.fields?.syncFailedMinutes}
          hint="0 turns this off."
          className="col-span-2"
        />
        <div className="col-span-2 space-y-2">
          <Button type="submit" disabled={pending}>
            Save thresholds
          </Button>
          <Said state={state} />
        </div>
      </form>
    </section>
  );
}

export function WebhookForm({
  siteId,
  url,
  hasSecret,
}: {
  siteId: number;
  url: string | null;
  hasSecret: boolean;
}) {
  const { state, pending, onSubmit } = useSubmit(
    (d) => saveAlertWebhook(d),
    (r) =>
      r.url
        ? r.hasSecret
          ? 'Webhook saved; a secret is stored.'
          : 'Webhook saved, unsigned.'
        : 'Webhook removed.',
  );
  return (
    <section className="space-y-2" aria-labelledby="webhook">
      <h2 id="webhook" className="text-base font-semibold">
        Webhook
      </h2>
      <p className="text-sm text-muted">
        Each alert is posted as JSON that Slack and Discord incoming webhooks read (<code>text</code>,{' '}
        <code>content</code>) with the alert itself in <code>alert</code>. With a secret, the request carries{' '}
        <code>X-BMDesk-Signature: t=&lt;unix time&gt;,v1=&lt;HMAC-SHA256 of &quot;t.body&quot;&gt;</code>.
        Never sent to link-local or cloud-metadata addresses, and redirects are not followed.
      </p>
      <form onSubmit={onSubmit} className="grid max-w-xl gap-3" aria-label="Webhook" noValidate>
        <input type="hidden" name="siteId" value={siteId} />
        <Field
          label="Address (empty removes the webhook)"
          name="url"
          type="url"
          defaultValue={url ?? ''}
          placeholder="https://hooks.slack.com/services/…"
          error={state?.fields?.url}
        />
        <Field
          label="Signing secret"
          name="secret"
          type="password"
          autoComplete="new-password"
          error={state?.fields?.secret}
          hint={
            <span data-testid="webhook-secret-state">
              {hasSecret
                ? 'A secret is stored. Leave empty to keep it; it is never shown again.'
                : 'No secret stored: requests are not signed.'}
            </span>
          }
        />
        <div className="space-y-2">
          <Button type="submit" disabled={pending}>
            Save webhook
          </Button>
          <Said state={state} />
        </div>
      </form>
    </section>
  );
}

export function TestAlertButton({ siteId }: { siteId: number }) {
  const router = useRouter();
  const [state, setState] = useState<Outcome>(null);
  const [pending, setPending] = useState(false);
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          const r = await sendTestAlert({ siteId });
          setPending(false);
          setState(
            r.ok
              ? { ok: true, text: 'Test alert raised: in the app now, by e-mail and webhook within seconds.' }
              : { ok: false, text: r.error },
          );
          if (r.ok) router.refresh();
        }}
      >
        Send a test alert
      </Button>
      <Said state={state} />
    </div>
  );
}

export function RetryButton({ siteId, deliveryId }: { siteId: number; deliveryId: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="text-xs text-accent underline"
        onClick={async () => {
          const r = await retryAlertDelivery({ siteId, deliveryId });
          if (r.ok) router.refresh();
          else setError(r.error);
        }}
      >
        Retry now
      </button>
      {error ? <FormError message={error} /> : null}
    </>
  );
}
