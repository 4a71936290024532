import { flushRoute } from '@/lib/services/queues/flush-route';
import { PENDING_DECISIONS } from '../decisions';

/** Decisions held in their undo window, sent at once as the member leaves the page. */
export const POST = flushRoute(PENDING_DECISIONS);
