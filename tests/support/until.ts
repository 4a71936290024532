/** Polls until `check` holds; for tests of the bus, whose deliveries are asynchronous. */
export async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - started;
}
