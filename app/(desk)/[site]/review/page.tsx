import type { Metadata } from 'next';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { getReviewQueue } from '@/lib/services/rules/review';
import { loadReasonPicker } from '@/lib/services/decisions/picker';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { ReviewQueue } from './review-queue';

export const metadata: Metadata = { title: 'Review' };

export default async function ReviewPage({ params }: { params: Promise<{ site: string }> }) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  const canDecide = can(member.role, 'moderation.act');
  const [{ items, open }, reasons] = await Promise.all([
    getReviewQueue(site.id),
    canDecide ? loadReasonPicker(site.id) : null,
  ]);
  return (
    <div className="max-w-4xl space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Review</h1>
        <p className="text-xs text-muted">
          Messages BM Desk’s rules sent for a person to look at, oldest first: keep the message, delete it on
          the site, or dismiss the item.{' '}
          {open > items.length ? `The first ${items.length} of ${open} are shown.` : null}
        </p>
      </div>
      <ReviewQueue siteId={site.id} slug={site.slug} items={items} canDecide={canDecide} reasons={reasons} />
    </div>
  );
}
