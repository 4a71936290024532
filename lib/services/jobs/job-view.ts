/**
 * What the jobs tray reads (the JSON of GET /api/jobs). A plain module: the tray imports these
 * types, never the database.
 */
import type { JobItemStatus, JobStatus } from './schema';

export type JobItemCounts = Record<JobItemStatus, number>;

export interface FailedJobItem {
  seq: number;
  label: string;
  code: string | null;
  error: string | null;
}

export interface JobView {
  id: number;
  siteId: number;
  siteSlug: string;
  siteName: string;
  kind: string;
  /** Plain text: it may hold a person's name; shown as text, never HTML. */
  label: string;
  status: JobStatus;
  total: number;
  counts: JobItemCounts;
  /** Who started it (null once removed). */
  startedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds left at the rate items finished since the job started; null until one finished. */
  etaSeconds: number | null;
  /** Whether the asking member may cancel it and retry its failed items. */
  canAct: boolean;
  /** The failed items (the first ones), with the site's words. */
  failed: FailedJobItem[];
}

export interface JobsAnswer {
  ok: true;
  jobs: JobView[];
  /** Jobs queued or running. */
  open: number;
}

export interface JobsRefusal {
  ok: false;
  error: string;
}

/** Items that will not change any more. */
export function settledCount(counts: JobItemCounts): number {
  return counts.done + counts.failed + counts.gone + counts.cancelled;
}
