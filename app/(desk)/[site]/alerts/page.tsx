import type { Metadata } from 'next';
import Link from 'next/link';
import { formatWhen } from '@/components/format-when';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { memberWith } from '@/lib/infra/auth/require';
import { recentAlerts, type DeliveryView } from '@/lib/services/alerts/queries';
import { getMailSettings, getSiteAlertSettings } from '@/lib/services/alerts/settings';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { RetryButton, TestAlertButton, ThresholdsForm, WebhookForm } from './forms';

export const metadata: Metadata = { title: 'Alerts' };

const KIND_LABELS: Record<string, string> = {
  waiting: 'Waiting',
  spike: 'Spike',
  rule: 'Rule',
  'sync-failed': 'Sync failed',
};

function DeliveryLine({ siteId, d }: { siteId: number; d: DeliveryView }) {
  const who = d.channel === 'webhook' ? 'webhook' : `e-mail to ${d.memberName ?? 'a former member'}`;
  const status =
    d.status === 'sent'
      ? `sent ${d.sentAt ? formatWhen(d.sentAt) : ''}`
      : d.status === 'digested'
        ? `sent in digest #${d.digestOf}`
        : d.status === 'failed'
          ? `gave up after ${d.attempts} attempts`
          : d.attempts > 0
            ? `retrying (${d.attempts} attempts; next ${formatWhen(d.nextAttemptAt)})`
            : 'waiting to be sent';
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 text-xs" data-status={d.status}>
      <span className="font-medium">{who}</span>
      <span
        className={
          d.status === 'failed' ? 'text-danger' : d.status === 'pending' ? 'text-warn' : 'text-muted'
        }
      >
        {status}
      </span>
      {d.lastError && d.status !== 'sent' && d.status !== 'digested' ? (
        <span className="text-muted">
          · <UntrustedText text={d.lastError} />
        </span>
      ) : null}
      {d.status === 'failed' || (d.status === 'pending' && d.attempts > 0) ? (
        <RetryButton siteId={siteId} deliveryId={d.id} />
      ) : null}
    </li>
  );
}

export default async function AlertsPage({ params }: { params: Promise<{ site: string }> }) {
  await memberWith('alerts.manage', 'the alerts settings');
  const site = await siteFromParams((await params).site);
  const [settings, list, mail] = await Promise.all([
    getSiteAlertSettings(site.id),
    recentAlerts(site.id),
    getMailSettings(),
  ]);
  return (
    <div className="max-w-3xl space-y-8">
      <div className="space-y-1">
        <h1 className="text-lg font-semibold">Alerts · {site.name}</h1>
        <p className="text-sm text-muted">
          The team is told in BM Desk&apos;s notifications, by e-mail (each member chooses on their{' '}
          <Link href="/account" className="text-accent underline">
            account page
          </Link>
          ) and by this site&apos;s webhook.{' '}
          {mail ? (
            <>E-mail goes through {mail.host}.</>
          ) : (
            <>
              No mail server is set yet:{' '}
              <Link href="/alerts" className="text-accent underline">
                set one
              </Link>
              .
            </>
          )}
        </p>
      </div>
      <ThresholdsForm
        siteId={site.id}
        initial={{
          waitingMinutes: settings.waitingMinutes,
          spikeFactor: settings.spikeFactor,
          spikeMinReports: settings.spikeMinReports,
          syncFailedMinutes: settings.syncFailedMinutes,
        }}
      />
      <WebhookForm siteId={site.id} url={settings.webhookUrl} hasSecret={settings.hasWebhookSecret} />
      <TestAlertButton siteId={site.id} />
      <section className="space-y-2" aria-labelledby="recent-alerts">
        <h2 id="recent-alerts" className="text-base font-semibold">
          Recent alerts
        </h2>
        {list.length === 0 ? <p className="text-sm text-muted">None yet.</p> : null}
        <ul
          className="divide-y divide-border rounded-lg border border-border bg-surface"
          data-testid="recent-alerts"
        >
          {list.map((a) => (
            <li key={a.id} className="space-y-1 p-3 text-sm">
              <p>
                <span className="mr-1 rounded bg-warn-bg px-1.5 py-0.5 text-xs font-medium text-warn">
                  {KIND_LABELS[a.kind] ?? a.kind}
                </span>
                {a.link && /^\/(?!\/)/.test(a.link) ? (
                  <Link href={a.link} className="font-medium text-accent underline">
                    <UntrustedText text={a.title} />
                  </Link>
                ) : (
                  <span className="font-medium">
                    <UntrustedText text={a.title} />
                  </span>
                )}{' '}
                <span className="text-muted">· {formatWhen(a.createdAt)}</span>
              </p>
              {a.body ? <p className="whitespace-pre-wrap text-muted">{a.body}</p> : null}
              <ul className="space-y-0.5">
                <li className="text-xs text-muted">
                  in the app: {a.inApp} member{a.inApp === 1 ? '' : 's'}
                </li>
                {a.deliveries.map((d) => (
                  <DeliveryLine key={d.id} siteId={site.id} d={d} />
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
