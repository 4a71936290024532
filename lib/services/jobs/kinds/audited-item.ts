/**
 * One item of a job, audited as the page that does one item at a time audits it: the intent on
 * record before the call (under the same action name, with `job: <id>` in its params), the
 * outcome after. What the call threw goes on record and is thrown again for the runner.
 */
import 'server-only';
import { recordIntent, recordOutcome, type AuditSubject } from '@/lib/infra/actions/audit';
import { classifyError } from '@/lib/infra/actions/classify-error';
import type { AuditOutcome } from '@/lib/infra/actions/outcomes';
import type { JobMember } from '../kind';

export async function auditedItem<T>(
  action: string,
  member: JobMember | null,
  subject: AuditSubject & { siteId: number },
  jobId: number,
  /** Gets this item's audit row, for records that point at it. */
  call: (auditId: number) => Promise<T>,
  /** The outcome for an answer that is not a plain success (a target already gone). */
  outcomeOf: (result: T) => { outcome: AuditOutcome; code?: string; message?: string } = () => ({
    outcome: 'ok',
  }),
): Promise<T> {
  const auditId = await recordIntent(action, member, {
    ...subject,
    params: { ...subject.params, job: jobId },
  });
  const started = performance.now();
  let result: T;
  try {
    result = await call(auditId);
  } catch (err) {
    const c = classifyError(err);
    await recordOutcome(auditId, c.outcome, performance.now() - started, c);
    throw err;
  }
  const { outcome, ...detail } = outcomeOf(result);
  await recordOutcome(auditId, outcome, performance.now() - started, detail);
  return result;
}
