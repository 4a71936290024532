'use client';

import { useSyncExternalStore } from 'react';
import type { JobsAnswer, JobsRefusal, JobView } from '@/lib/services/jobs/job-view';

/**
 * One poll of GET /api/jobs per tab, shared by the tray and the pages that start jobs: every
 * second while a job is open (or one was just started), every 15 s when idle, every 60 s in a
 * hidden tab.
 */
const FAST_MS = 1000;
const IDLE_MS = 15_000;
const HIDDEN_MS = 60_000;
/** After a start, poll fast this long even before the job shows as open. */
const EAGER_MS = 5000;

export interface JobsSnapshot {
  jobs: JobView[];
  open: number;
  /** Said in words when the last poll failed; the previous jobs stay shown. */
  error: string | null;
  loaded: boolean;
}

let snapshot: JobsSnapshot = { jobs: [], open: 0, error: null, loaded: false };
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight = false;
let eagerUntil = 0;

function emit(next: JobsSnapshot) {
  snapshot = next;
  for (const l of listeners) l();
}

async function poll() {
  if (inFlight) return;
  inFlight = true;
  try {
    const res = await fetch('/api/jobs', { cache: 'no-store', headers: { accept: 'application/json' } });
    const body = (await res.json().catch(() => null)) as JobsAnswer | JobsRefusal | null;
    if (body?.ok) emit({ jobs: body.jobs, open: body.open, error: null, loaded: true });
    else
      emit({
        ...snapshot,
        loaded: true,
        error: body?.error ?? `The jobs could not be read (HTTP ${res.status}).`,
      });
  } catch {
    emit({ ...snapshot, loaded: true, error: 'The jobs could not be read: the desk did not answer.' });
  } finally {
    inFlight = false;
    schedule();
  }
}

function schedule() {
  if (timer) clearTimeout(timer);
  timer = null;
  if (listeners.size === 0) return;
  const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const fast = snapshot.open > 0 || Date.now() < eagerUntil;
  timer = setTimeout(() => void poll(), hidden ? HIDDEN_MS : fast ? FAST_MS : IDLE_MS);
}

function onVisible() {
  if (document.visibilityState === 'visible') void poll();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (listeners.size === 1) {
    document.addEventListener('visibilitychange', onVisible);
    void poll();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      document.removeEventListener('visibilitychange', onVisible);
      if (timer) clearTimeout(timer);
      timer = null;
    }
  };
}

const SERVER_SNAPSHOT: JobsSnapshot = { jobs: [], open: 0, error: null, loaded: false };

/** The member's recent jobs, kept current. */
export function useJobs(): JobsSnapshot {
  return useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => SERVER_SNAPSHOT,
  );
}

/** A job was just started, cancelled or retried: read again now and keep polling fast a while. */
export function refreshJobs() {
  eagerUntil = Date.now() + EAGER_MS;
  void poll();
}
