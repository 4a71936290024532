'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card, Field } from '@/components/ui/field';
import { setOwnAlertChannels } from './actions';

type Channels = { inApp: boolean; email: boolean; digestMinutes: number };

/** How the member hears of alerts: in BM Desk, by e-mail, and how long e-mails gather into one digest. */
export function AlertChannelsForm({ initial, mailServer }: { initial: Channels; mailServer: boolean }) {
  const [inApp, setInApp] = useState(initial.inApp);
  const [email, setEmail] = useState(initial.email);
  const [digest, setDigest] = useState(String(initial.digestMinutes));
  const [error, setError] = useState<string[] | undefined>();
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    start(async () => {
      const r = await setOwnAlertChannels({ inApp, email, digestMinutes: digest });
      if (r.ok) {
        setError(undefined);
        setSaved('Saved.');
      } else {
        setSaved(null);
        setError(r.fieldErrors?.digestMinutes ?? [r.error]);
      }
    });
  };
  return (
    <Card className="max-w-md p-4">
      <form onSubmit={save} aria-label="Alert channels" noValidate>
        <fieldset disabled={pending} className="space-y-2">
          <legend className="mb-2 text-sm font-semibold">Alerts</legend>
          <p className="text-xs text-muted">
            Alerts tell the team when an item waits too long, reports spike, a rule asks for it or a
            site&apos;s sync fails.
          </p>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={inApp} onChange={(e) => setInApp(e.target.checked)} /> In BM
            Desk&apos;s notifications
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} /> By e-mail
          </label>
          {email && !mailServer ? (
            <p className="text-xs text-warn">
              No mail server is set yet: an admin sets one on the Alerts page.
            </p>
          ) : null}
          <div className="flex items-end gap-2">
            <Field
              label="At most one e-mail every (minutes); alerts in between come as one digest"
              name="digestMinutes"
              type="number"
              inputMode="numeric"
              min={0}
              max={1440}
              value={digest}
              onChange={(e) => setDigest(e.target.value)}
              error={error}
              className="w-72"
            />
            <Button type="submit" variant="secondary">
              Save
            </Button>
          </div>
          <p className="text-xs text-muted" aria-live="polite" data-testid="alert-channels-saved">
            {saved}
          </p>
        </fieldset>
      </form>
    </Card>
  );
}
