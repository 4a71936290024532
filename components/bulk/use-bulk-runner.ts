'use client';

import { useCallback, useState } from 'react';

export type BulkItemResult = { key: string; label: string; ok: boolean; error?: string };
type Item = { key: string; label: string };

/**
 * Runs one action per item with a bounded number in flight (the site is someone else's
 * server), keeps each item's outcome, and can re-run only the failures.
 */
export function useBulkRunner(concurrency = 3) {
  const [results, setResults] = useState<BulkItemResult[]>([]);
  const [total, setTotal] = useState(0);
  const [running, setRunning] = useState(false);

  const run = useCallback(
    async (items: Item[], call: (key: string) => Promise<{ ok: boolean; error?: string }>) => {
      setRunning(true);
      setTotal(items.length);
      setResults([]);
      const queue = [...items];
      const worker = async () => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          const r = await call(item.key).catch((e: Error) => ({ ok: false, error: e.message }));
          const entry = { key: item.key, label: item.label, ok: r.ok, error: r.ok ? undefined : r.error };
          setResults((prev) => [...prev, entry]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
      setRunning(false);
    },
    [concurrency],
  );

  const failed = results.filter((r) => !r.ok);
  return { run, results, failed, total, running, done: results.length };
}
