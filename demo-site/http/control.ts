import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Ctx } from '../context';
import { addBurst } from '../model/burst';
import { faultSchema, type FaultState } from './faults';
import { readBody, send } from './wp';

/** Call counts per REST route (or path) and per status, for tests that assert on traffic. */
export class Stats {
  total = 0;
  byRoute: Record<string, number> = {};
  byStatus: Record<string, number> = {};

  /**
   * Calls per REST path that reached their route's handler (the request read whole): a request
   * whose client went away mid-way (a BM Desk killed with SIGKILL) is counted in `byRoute` only.
   */
  reached: Record<string, number> = {};

  /** REST requests received and not yet answered, and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;

  count(route: string) {
    this.total++;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  handled(route: string) {
    this.reached[route] = (this.reached[route] ?? 0) + 1;
  }

  enter() {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }

  leave() {
    this.inFlight--;
  }

  /** Uploaded files being served now, and the most at once (downloads are not REST calls). */
  filesInFlight = 0;
  maxFilesInFlight = 0;

  enterFile() {
    this.filesInFlight++;
    this.maxFilesInFlight = Math.max(this.maxFilesInFlight, this.filesInFlight);
  }

  leaveFile() {
    this.filesInFlight--;
  }

  status(code: number) {
    this.byStatus[code] = (this.byStatus[code] ?? 0) + 1;
  }

  reset() {
    this.total = 0;
    this.byRoute = {};
    this.byStatus = {};
    this.reached = {};
    this.maxInFlight = this.inFlight;
    this.maxFilesInFlight = this.filesInFlight;
  }
}

export interface ControlDeps {
  token: () => string;
  faults: FaultState;
  stats: Stats;
  reseed: () => void;
}

const burstSchema = z.object({
  count: z.number().int().min(1).max(2_000_000),
  skipIds: z.number().int().min(0).max(1_000_000_000).default(0),
});

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, { 'Content-Type': 'application/json' }, JSON.stringify(body));

/** /__demo/*: faults, reset, stats and bursts of messages, behind the X-Demo-Control token. */
export async function control(
  ctx: Ctx,
  deps: ControlDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  if (req.headers['x-demo-control'] !== deps.token())
    return json(res, 403, { error: 'bad or missing X-Demo-Control token' });
  const key = `${req.method} ${url.pathname}`;
  if (key === 'GET /__demo/stats') return json(res, 200, { ...deps.stats, faults: deps.faults.faults });
  if (key === 'DELETE /__demo/stats') {
    deps.stats.reset();
    return json(res, 200, { reset: true });
  }
  if (key === 'DELETE /__demo/faults') {
    deps.faults.clear();
    ctx.db.prepare('UPDATE users SET app_password_revoked = 0').run();
    return json(res, 200, { faults: {} });
  }
  if (key === 'POST /__demo/faults') {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8') || '{}');
    } catch {
      return json(res, 400, { error: 'body must be JSON' });
    }
    const parsed = faultSchema.safeParse(body);
    if (!parsed.success) return json(res, 400, { error: parsed.error.message });
    deps.faults.set(parsed.data);
    if (parsed.data.revokePassword) {
      ctx.db
        .prepare('UPDATE users SET app_password_revoked = 1 WHERE login = ?')
        .run(parsed.data.revokePassword);
    }
    return json(res, 200, { faults: parsed.data });
  }
  if (key === 'POST /__demo/burst') {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8') || '{}');
    } catch {
      return json(res, 400, { error: 'body must be JSON' });
    }
    const parsed = burstSchema.safeParse(body);
    if (!parsed.success) return json(res, 400, { error: parsed.error.message });
    return json(res, 200, addBurst(ctx, parsed.data));
  }
  if (key === 'POST /__demo/reset') {
    deps.faults.clear();
    deps.stats.reset();
    deps.reseed();
    return json(res, 200, { reset: true });
  }
  return json(res, 404, { error: 'unknown control route' });
}
