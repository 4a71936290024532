import { getCurrentMember } from '@/lib/infra/auth/current-member';
import { can } from '@/lib/infra/auth/permissions';
import type { JobsAnswer, JobsRefusal } from '@/lib/services/jobs/job-view';
import { listRecentJobs } from '@/lib/services/jobs/queries';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * The jobs tray's poll: the member's recent jobs as JSON. A public endpoint, so it checks the
 * session itself; it never answers a bare 500: a failure is said in words the tray shows.
 */
export async function GET() {
  try {
    const member = await getCurrentMember();
    if (!member) return refusal('Your session has ended. Sign in again.', 401);
    if (!can(member.role, 'desk.read')) return refusal('Your role may not see jobs.', 403);
    const jobs = await listRecentJobs(member);
    const open = jobs.filter((j) => j.status === 'queued' || j.status === 'running').length;
    return Response.json({ ok: true, jobs, open } satisfies JobsAnswer, { headers: NO_STORE });
  } catch (err) {
    console.error(`[api/jobs] ${err instanceof Error ? err.message : String(err)}`);
    return refusal('The jobs could not be read just now; the tray tries again shortly.', 503);
  }
}

function refusal(error: string, status: number) {
  return Response.json({ ok: false, error } satisfies JobsRefusal, { status, headers: NO_STORE });
}
