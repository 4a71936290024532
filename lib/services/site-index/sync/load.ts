/**
 * How hard we press on a site: every call is timed, the batch size follows the answer times,
 * and the figures land on sync_state so the progress page can show them.
 */
import { aroundCalls, type BmClient } from '@/lib/infra/better-messages';

export class LoadMeter {
  private calls: number[] = [];
  private ewmaMs: number | null = null;
  /** Every call since the meter was made. */
  totalCalls = 0;

  record(ms: number, now = Date.now()) {
    this.calls.push(now);
    this.totalCalls++;
    this.ewmaMs = this.ewmaMs === null ? ms : this.ewmaMs * 0.8 + ms * 0.2;
  }

  callsPerMinute(now = Date.now()): number {
    this.calls = this.calls.filter((t) => t > now - 60_000);
    return this.calls.length;
  }

  get avgAnswerMs(): number | null {
    return this.ewmaMs === null ? null : Math.round(this.ewmaMs);
  }
}

/** The same client, with every request timed by `meter`. */
export function meteredClient(client: BmClient, meter: LoadMeter): BmClient {
  return aroundCalls(client, async (call, req) => {
    const started = performance.now();
    try {
      return await call();
    } finally {
      // Site pages are not the site's API load.
      if (req) meter.record(performance.now() - started);
    }
  });
}

export interface PacerOptions {
  start?: number;
  min?: number;
  max?: number;
  /** Answers faster than this grow the batch; slower than twice it shrink it. */
  targetMs?: number;
}

/** Additive increase while the site answers fast, halving when it slows down or fails. */
export class BatchPacer {
  size: number;
  readonly min: number;
  readonly max: number;
  private readonly targetMs: number;

  constructor(options: PacerOptions = {}) {
    this.min = options.min ?? 50;
    this.max = options.max ?? 500;
    this.targetMs = options.targetMs ?? 2_500;
    this.size = Math.min(this.max, Math.max(this.min, options.start ?? 200));
  }

  answered(ms: number) {
    if (ms < this.targetMs) this.size = Math.min(this.max, this.size + 50);
    else if (ms > this.targetMs * 2) this.size = Math.max(this.min, Math.round(this.size / 2));
  }

  failed() {
    this.size = Math.max(this.min, Math.round(this.size / 2));
  }
}

/** Indexed messages per second over a sliding window. */
export class RateMeter {
  private samples: { at: number; n: number }[] = [];

  add(n: number, now = Date.now()) {
    this.samples.push({ at: now, n });
  }

  perSecond(windowMs = 30_000, now = Date.now()): number | null {
    this.samples = this.samples.filter((s) => s.at > now - windowMs);
    if (this.samples.length === 0) return null;
    const span = Math.max(1_000, now - this.samples[0]!.at);
    return this.samples.reduce((sum, s) => sum + s.n, 0) / (span / 1000);
  }
}
