/**
 * How a person's threads are cut into server calls. A slice runs its threads side by side (up
 * to the site's concurrency), so it holds several rounds of calls; slices are small enough that
 * the progress bar moves. Plain module: the browser and the benchmark use it too.
 */
export const THREADS_PER_CALL = 24;
export const MAX_THREADS_PER_CALL = 100;

export function slices<T>(items: readonly T[], size = THREADS_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
