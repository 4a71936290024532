import type { Metadata } from 'next';
import Link from 'next/link';
import { memberWith } from '@/lib/infra/auth/require';
import { getMailSettings } from '@/lib/services/alerts/settings';
import { listSites } from '@/lib/services/sites/queries';
import { MailServerForm } from './mail-form';

export const metadata: Metadata = { title: 'Alerts' };

/** The desk's mail server for alert e-mails, and each site's alert settings. */
export default async function AlertsSettingsPage() {
  await memberWith('alerts.manage', 'the mail server');
  const [mail, sites] = await Promise.all([getMailSettings(), listSites()]);
  return (
    <div className="max-w-3xl space-y-8">
      <div className="space-y-1">
        <h1 className="text-lg font-semibold">Alerts</h1>
        <p className="text-sm text-muted">
          Alert e-mails go through this SMTP server to each member who chose e-mail on their{' '}
          <Link href="/account" className="text-accent underline">
            account page
          </Link>
          . The password is stored sealed and never shown again. A server that is down or slow only delays the
          e-mails (each try gives up after 10 s and is retried later), never the sync or a decision.
        </p>
      </div>
      <section className="space-y-2" aria-labelledby="mail-server">
        <h2 id="mail-server" className="text-base font-semibold">
          Mail server
        </h2>
        <MailServerForm initial={mail} />
      </section>
      <section className="space-y-2" aria-labelledby="site-alerts">
        <h2 id="site-alerts" className="text-base font-semibold">
          Thresholds and webhooks per site
        </h2>
        {sites.length === 0 ? <p className="text-sm text-muted">No site is connected.</p> : null}
        <ul className="list-inside list-disc text-sm">
          {sites.map((s) => (
            <li key={s.id}>
              <Link href={`/${s.slug}/alerts`} className="text-accent underline">
                {s.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
