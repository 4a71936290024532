import Link from 'next/link';
import type { ComponentType } from 'react';
import { IgnoredParams } from '@/components/data-table/ignored-params';
import { Card } from '@/components/ui/field';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { parseSearch } from '@/lib/infra/table/search-params';
import { loadQueue } from '@/lib/services/queues/load-queue';
import { queueSearchParams } from '@/lib/services/queues/search-params';
import { getUndoWindow } from '@/lib/services/team/undo-window';
import { listContentOkMarks } from '@/lib/services/decisions/content-ok';
import { loadReasonPicker } from '@/lib/services/decisions/picker';
import { ContentOkMarks } from './content-ok-marks';
import type { QueueViewProps } from './queue-view';

type PageProps = {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * The reports and pending pages are the same shape: a queue, a focused item, decisions. `View` is
 * the desk's client wrapper of QueueView that hands it the desk's decisions (functions cannot be
 * passed from here to the browser).
 */
export async function QueuePage({
  kind,
  props,
  View,
}: {
  kind: 'report' | 'pending';
  props: PageProps;
  View: ComponentType<QueueViewProps>;
}) {
  const member = await requireMember();
  const site = await siteFromParams((await props.params).site);
  const { search, ignored } = parseSearch(queueSearchParams, await props.searchParams);
  const moduleOff =
    kind === 'report' ? site.modules?.reports === false : site.modules?.premoderation === false;
  if (kind === 'report' && moduleOff) {
    return (
      <Card className="mx-auto mt-10 max-w-xl space-y-2 p-6" data-testid="module-off">
        <h1 className="text-base font-semibold">Reports are switched off on {site.name}</h1>
        <p className="text-sm text-muted">
          Members cannot report messages, and the plugin removes its report routes. Turn on{' '}
          <strong>Allow reports</strong> (with the <strong>Messages viewer</strong>, which the plugin
          requires) in the plugin settings, then re-check the site.
        </p>
        <p className="text-sm">
          <Link href={`/${site.slug}/settings`} className="text-accent underline">
            Open the plugin settings in BM Desk
          </Link>
        </p>
      </Card>
    );
  }
  const canModerate = can(member.role, 'moderation.act');
  const [data, undoWindowSeconds, reasons, marks] = await Promise.all([
    loadQueue(site.id, kind, search),
    getUndoWindow(member.id),
    canModerate ? loadReasonPicker(site.id) : null,
    kind === 'report' ? listContentOkMarks(site.id) : [],
  ]);
  return (
    <div className="space-y-3">
      <div className="flex items-baseline justify-between">
        <h1 className="text-lg font-semibold">
          {kind === 'report' ? 'Reported messages' : 'Pending messages'}
        </h1>
        <p className="text-xs text-muted">Press ? for keyboard shortcuts</p>
      </div>
      <IgnoredParams ignored={ignored} />
      {kind === 'pending' && moduleOff ? (
        <p
          className="rounded-md border border-warn/40 bg-warn-bg px-3 py-2 text-sm text-warn"
          data-testid="module-off"
        >
          Pre-moderation is off on this site: new messages are published at once.{' '}
          <Link href={`/${site.slug}/settings`} className="underline">
            Turn it on in the plugin settings
          </Link>
          .
        </p>
      ) : null}
      <View
        kind={kind}
        site={{ id: site.id, slug: site.slug }}
        data={data}
        search={search}
        canModerate={canModerate}
        undoWindowSeconds={undoWindowSeconds}
        reasons={reasons}
      />
      {kind === 'report' && marks.length > 0 ? <ContentOkMarks slug={site.slug} marks={marks} /> : null}
    </div>
  );
}
