/**
 * What a durable job kind is: how to run one item, and how to tell, after a crash, whether an
 * item that was in flight already took effect. Kinds register themselves in `kinds/index.ts`;
 * the runner (`runner.ts`) finds them by name. Every item is audited by the kind itself, under
 * the same per-item action names as the page that does one item at a time.
 */
import 'server-only';
import type { Member } from '@/lib/infra/auth/members';
import type { OpenedSite } from '@/lib/services/sites/open-site';

export type JobMember = Pick<Member, 'id' | 'email' | 'role'>;

export interface JobItemRef {
  seq: number;
  key: string;
  label: string;
}

export interface JobContext<P> {
  jobId: number;
  siteId: number;
  params: P;
  /** Who started the job (null once the member is removed). */
  member: JobMember | null;
  /** The site, opened once for the whole claim; its client waits for the site's limiter. */
  site: OpenedSite;
  /**
   * Optional: a kind calls it once the item's last call to the site is back (before writing its
   * audit outcome or the index), so the runner can claim the next item while it writes.
   */
  called?: () => void;
}

/** done: took effect. gone: the thread or message no longer exists (not an error, not retried). */
export type ItemOutcome = { status: 'done' } | { status: 'gone'; error?: string };

/** After a crash: the item took effect (done), its target is gone, or it must run again (redo). */
export type VerifyOutcome = 'done' | 'gone' | 'redo';

export interface JobKind<P = Record<string, unknown>> {
  kind: string;
  /** Validates stored params before a run (zod `.parse`), so a bad row fails in words. */
  parseParams: (raw: unknown) => P;
  /** Runs one item; throws (BmError or any Error) for a failure, with the site's words. */
  run: (ctx: JobContext<P>, item: JobItemRef) => Promise<ItemOutcome>;
  /**
   * For an item a dead worker left running: did the call take effect? Without it the item is
   * run again, which only idempotent kinds may allow.
   */
  verify?: (ctx: JobContext<P>, item: JobItemRef) => Promise<VerifyOutcome>;
  /**
   * Optional: called once per claim round with the items about to run for the first time, so a
   * kind can write their audit intents in one statement instead of one per item.
   */
  prepare?: (ctx: Omit<JobContext<P>, 'called'>, items: JobItemRef[]) => Promise<void>;
  /** An item `prepare` got ready will not run (its job was cancelled first): close what it opened. */
  unprepare?: (jobId: number, item: JobItemRef) => void;
}

export function defineJobKind<P>(kind: JobKind<P>): JobKind<P> {
  return kind;
}

export interface StartJobInput {
  siteId: number;
  kind: string;
  /** What the jobs tray shows, e.g. "Ban Noah Khan in 2,000 threads". Plain text. */
  label: string;
  params: Record<string, unknown>;
  items: { key: string; label: string }[];
  member: JobMember | null;
}
