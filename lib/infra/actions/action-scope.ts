/**
 * What one server action makes once and shares with everything it calls (a site opened with
 * its credentials). React's `cache()` does not memoise inside server actions, and the sync worker
 * runs outside any request, so the scope is our own and exists only while an action runs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs `fn` as one action: every `oncePerAction` inside it shares what the first call made. */
export function inActionScope<T>(fn: () => Promise<T>): Promise<T> {
  return scope.run(new Map(), fn);
}

/**
 * Runs `fn` outside any action, and so do the timers and promises it starts: a long-lived loop
 * begun during an action (the sync worker) must not keep that action's openings for hours.
 */
export function outsideActionScope<T>(fn: () => T): T {
  return scope.exit(fn);
}

/**
 * Inside an action, the first `make()` for `key` serves every later call; outside one (the sync
 * worker, scripts, page renders) each call makes its own. A failed `make()` is not kept.
 */
export function oncePerAction<T>(key: string, make: () => Promise<T>): Promise<T> {
  const made = scope.getStore();
  if (!made) return make();
  let value = made.get(key) as Promise<T> | undefined;
  if (!value) {
    value = make();
    made.set(key, value);
    value.catch(() => {
      if (made.get(key) === value) made.delete(key);
    });
  }
  return value;
}
