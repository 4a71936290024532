/**
 * The one link between `startJob` and this process's runner, kept apart so that starting a job
 * does not load the runner (and the runner does not load the start path). A waker registered by
 * the runner is called; without a running runner, nothing happens and the job waits for one.
 */
const globalForWake = globalThis as unknown as {
  __bmdeskJobsWake?: () => void;
  __bmdeskJobsCancelled?: (jobId: number) => void;
};

export function setWaker(waker: (() => void) | undefined): void {
  globalForWake.__bmdeskJobsWake = waker;
}

export function wakeRunner(): void {
  globalForWake.__bmdeskJobsWake?.();
}

/** The runner hears of a cancel at once: items it claimed ahead and has not started end cancelled. */
export function setCancelListener(listener: ((jobId: number) => void) | undefined): void {
  globalForWake.__bmdeskJobsCancelled = listener;
}

export function notifyCancelled(jobId: number): void {
  globalForWake.__bmdeskJobsCancelled?.(jobId);
}
