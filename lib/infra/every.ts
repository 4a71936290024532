/**
 * A background loop of a process: `work` every `everyMs` (the first time after `firstMs`), one
 * run at a time (a tick while one runs is skipped); a failed run is logged as "`name` failed:
 * why" and the next one comes. The timers never keep the process alive. Returns the stop.
 */
export function every(
  name: string,
  everyMs: number,
  work: () => Promise<unknown>,
  firstMs = Math.min(everyMs, 5_000),
): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    work()
      .catch((e: Error) => console.error(`${name} failed: ${e.message}`))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  const first = setTimeout(tick, firstMs);
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}
