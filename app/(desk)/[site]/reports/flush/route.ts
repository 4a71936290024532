import { flushRoute } from '@/lib/services/queues/flush-route';
import { REPORT_DECISIONS } from '../decisions';

/** Decisions held in their undo window, sent at once as the member leaves the page. */
export const POST = flushRoute(REPORT_DECISIONS);
