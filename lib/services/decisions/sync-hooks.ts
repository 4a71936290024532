/**
 * Appeals in the sync's stride: after an incremental pass, members' answers to decision notices
 * become appeals (or one late answer); now and then, notices left pending are sent.
 */
import 'server-only';
import { readState } from '@/lib/services/site-index/sync/context';
import { registerSyncHooks } from '@/lib/services/site-index/sync/hooks';
import { scanForAppeals } from './appeals';
import { deliverPendingNotices } from './notices';

/** Notices left pending are looked for at most this often per site. */
const PENDING_EVERY_MS = 60_000;
const lastPending = new Map<number, number>();
/** The index's highest message id at the last scan: no new message, nothing to look at. */
const lastScanned = new Map<number, number>();

/** The sync's work for appeals and notices, registered under "decisions". */
export function registerDecisionSyncHooks(): void {
  registerSyncHooks('decisions', {
    async afterIncremental(ctx) {
      const { highestId } = await readState(ctx.db, ctx.siteId);
      const highest = highestId ?? 0;
      if (lastScanned.get(ctx.siteId) === highest) return;
      const scan = await scanForAppeals(ctx.siteId);
      // A full batch leaves more for the next pass: look again even without new messages.
      if (scan.opened.length + scan.late.length < 200) lastScanned.set(ctx.siteId, highest);
    },
    async everyTurn(ctx) {
      const now = Date.now();
      if (now - (lastPending.get(ctx.siteId) ?? 0) < PENDING_EVERY_MS) return;
      lastPending.set(ctx.siteId, now);
      await deliverPendingNotices(ctx.siteId, 5);
    },
  });
}

/** Tests: the next pass looks again. */
export function forgetDecisionScans(): void {
  lastScanned.clear();
  lastPending.clear();
}
