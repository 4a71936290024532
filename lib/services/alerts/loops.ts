/**
 * The two alert loops of a process, beside the sync workers and never inside them: detection
 * (every minute: the index's queues and the sync's state against each site's thresholds) and
 * delivery (every few seconds: e-mail and webhook, with their own short timeouts). A slow mail
 * server or webhook delays only the next delivery pass. `BMDESK_ALERTS=off` starts neither.
 */
import 'server-only';
import { outsideActionScope } from '@/lib/infra/actions/action-scope';
import { every } from '@/lib/infra/every';
import { detectAll } from './detect';
import { deliverDue, type DeliverOptions } from './deliver';

export type AlertLoopOptions = { detectEveryMs?: number; deliverEveryMs?: number; deliver?: DeliverOptions };

type Loops = { stop: () => void };
const globalForAlerts = globalThis as unknown as { __bmdeskAlertLoops?: Loops };

export function startAlertLoops(options: AlertLoopOptions = {}): Loops {
  if (globalForAlerts.__bmdeskAlertLoops) return globalForAlerts.__bmdeskAlertLoops;
  const seconds = Number(process.env.BMDESK_ALERTS_DETECT_SECONDS);
  const detectEveryMs = options.detectEveryMs ?? (seconds > 0 ? seconds * 1000 : 60_000);
  const stops = outsideActionScope(() => [
    every('[alerts] detection', detectEveryMs, () => detectAll()),
    every('[alerts] delivery', options.deliverEveryMs ?? 5_000, () => deliverDue(options.deliver)),
  ]);
  const loops = {
    stop: () => {
      stops.forEach((s) => s());
      globalForAlerts.__bmdeskAlertLoops = undefined;
    },
  };
  globalForAlerts.__bmdeskAlertLoops = loops;
  return loops;
}
