'use client';

import { useCallback, useRef, useState } from 'react';
import type { BulkItemResult } from './use-bulk-runner';

type Item = { key: string; label: string };

export type SliceAnswer =
  { ok: true; data: { key: string; ok: boolean; error?: string }[] } | { ok: false; error: string };

/**
 * A job whose items go to the server in slices, one call at a time: the server runs each
 * slice's items side by side within the site's concurrency (the browser cannot: it sends server
 * actions one after another). Keeps each item's outcome, can stop between slices, and re-runs
 * only the failures. Same result shape as useBulkRunner, so BulkProgress shows either.
 */
export function useSlicedJob(sliceSize: number) {
  const [results, setResults] = useState<BulkItemResult[]>([]);
  const [total, setTotal] = useState(0);
  const [running, setRunning] = useState(false);
  const stopped = useRef(false);

  const run = useCallback(
    async (items: Item[], call: (keys: string[]) => Promise<SliceAnswer>) => {
      stopped.current = false;
      setRunning(true);
      setTotal(items.length);
      setResults([]);
      const labels = new Map(items.map((i) => [i.key, i.label]));
      for (let i = 0; i < items.length; i += sliceSize) {
        const slice = items.slice(i, i + sliceSize);
        if (stopped.current) {
          const skipped = items.slice(i).map((it) => ({ ...it, ok: false, error: 'Not run: stopped.' }));
          setResults((prev) => [...prev, ...skipped]);
          break;
        }
        const answer = await call(slice.map((s) => s.key)).catch((e: Error): SliceAnswer => ({
          ok: false,
          error: e.message,
        }));
        const entries: BulkItemResult[] = answer.ok
          ? answer.data.map((r) => ({
              key: r.key,
              label: labels.get(r.key) ?? r.key,
              ok: r.ok,
              error: r.error,
            }))
          : slice.map((it) => ({ ...it, ok: false, error: answer.error }));
        setResults((prev) => [...prev, ...entries]);
      }
      setRunning(false);
    },
    [sliceSize],
  );

  const stop = useCallback(() => {
    stopped.current = true;
  }, []);

  const failed = results.filter((r) => !r.ok);
  return { run, stop, results, failed, total, running, done: results.length };
}
