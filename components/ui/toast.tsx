'use client';

import { useSyncExternalStore } from 'react';
import { cn } from './cn';

export type ToastTone = 'info' | 'ok' | 'error';

export type Toast = {
  id: number;
  tone: ToastTone;
  text: string;
  /** One button beside the text (Undo); it closes the toast after it runs. */
  action?: { label: string; run: () => void };
  /** Milliseconds before it goes by itself; 0 keeps it until it is updated or closed. */
  duration: number;
};

// One store for the whole desk: an outcome that lands after the page that started it is gone
// (a decision flushed on navigation) still shows on the next page.
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function emit() {
  for (const l of listeners) l();
}

function schedule(t: Toast) {
  clearTimeout(timers.get(t.id));
  timers.delete(t.id);
  if (t.duration > 0)
    timers.set(
      t.id,
      setTimeout(() => closeToast(t.id), t.duration),
    );
}

const DEFAULT_DURATION: Record<ToastTone, number> = { info: 6_000, ok: 6_000, error: 15_000 };

/** Shows a toast; returns its id, to update or close it. */
export function showToast(t: Omit<Toast, 'id' | 'duration'> & { duration?: number }): number {
  const toast: Toast = { ...t, id: nextId++, duration: t.duration ?? DEFAULT_DURATION[t.tone] };
  toasts = [...toasts.slice(-4), toast];
  schedule(toast);
  emit();
  return toast.id;
}

/** Changes a toast in place (a held decision becomes its outcome), or shows it again if it closed. */
export function updateToast(id: number, t: Omit<Toast, 'id' | 'duration'> & { duration?: number }) {
  const toast: Toast = { action: undefined, ...t, id, duration: t.duration ?? DEFAULT_DURATION[t.tone] };
  toasts = toasts.some((x) => x.id === id)
    ? toasts.map((x) => (x.id === id ? toast : x))
    : [...toasts.slice(-4), toast];
  schedule(toast);
  emit();
}

export function closeToast(id: number) {
  clearTimeout(timers.get(id));
  timers.delete(id);
  if (!toasts.some((t) => t.id === id)) return;
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

const EMPTY: Toast[] = [];

/**
 * Where toasts show, once for every page (the root layout). Two live regions are always in the
 * page, so a screen reader hears what lands in them: outcomes politely, failures at once. They
 * are plain aria-live regions, not role status/alert: a page's own status line stays the one.
 */
export function Toaster() {
  const all = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => EMPTY,
  );
  const list = (errors: boolean) =>
    all
      .filter((t) => (t.tone === 'error') === errors)
      .map((t) => (
        <div
          key={t.id}
          data-testid="toast"
          data-tone={t.tone}
          className={cn(
            'pointer-events-auto flex items-start gap-3 rounded-md border bg-surface px-3 py-2 text-sm shadow-lg',
            t.tone === 'error' ? 'border-danger/50 text-danger' : 'border-border',
            t.tone === 'ok' && 'text-ok',
          )}
        >
          <p className="min-w-0 flex-1" data-testid="toast-text">
            {t.text}
          </p>
          {t.action ? (
            <button
              type="button"
              className="shrink-0 rounded border border-border px-2 text-xs font-medium text-fg hover:bg-surface-2"
              onClick={() => {
                t.action!.run();
              }}
            >
              {t.action.label}
            </button>
          ) : null}
          <button
            type="button"
            aria-label="Close"
            className="shrink-0 text-xs text-muted hover:text-fg"
            onClick={() => closeToast(t.id)}
          >
            ×
          </button>
        </div>
      ));
  return (
    <div className="pointer-events-none fixed bottom-4 left-1/2 z-40 flex w-[min(34rem,calc(100vw-2rem))] -translate-x-1/2 flex-col gap-2">
      <div aria-live="polite" className="flex flex-col gap-2" data-testid="toasts">
        {list(false)}
      </div>
      <div aria-live="assertive" className="flex flex-col gap-2" data-testid="toast-alerts">
        {list(true)}
      </div>
    </div>
  );
}
