'use client';

import { ListChecks } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { cn } from '@/components/ui/cn';
import type { JobView } from '@/lib/services/jobs/job-view';
import { JobCard, type JobAction } from './job-card';
import { countsInWords } from './job-progress';
import { useJobs } from './jobs-store';

const isOpen = (j: JobView) => j.status === 'queued' || j.status === 'running';

/**
 * The jobs tray, in every desk page's header: a button with the number of open jobs; opened, each
 * recent job with its progress, ETA, Cancel and "Retry the failed". A job finishing is said in a
 * live region, whether the tray is open or not.
 */
export function JobsTray({ cancelJob, retryFailed }: { cancelJob: JobAction; retryFailed: JobAction }) {
  const { jobs, open, error, loaded } = useJobs();
  const [expanded, setExpanded] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // Open or not, by job id, as of the last poll; and the newest id the first poll saw.
  const seen = useRef<{ open: Map<number, boolean>; firstMaxId: number } | null>(null);

  // Say which jobs finished since the last poll: those seen open, and those started since the
  // tray loaded that ended before a poll saw them open (a short job). Not those already finished.
  useEffect(() => {
    if (!loaded) return;
    const previous = seen.current;
    const open = new Map(jobs.map((j) => [j.id, isOpen(j)]));
    seen.current = { open, firstMaxId: previous?.firstMaxId ?? Math.max(0, ...jobs.map((j) => j.id)) };
    if (!previous) return;
    const finished = jobs.filter(
      (j) =>
        !isOpen(j) &&
        (previous.open.get(j.id) === true || (!previous.open.has(j.id) && j.id > previous.firstMaxId)),
    );
    if (finished.length > 0) {
      setAnnouncement(
        finished
          .map(
            (j) =>
              `${j.status === 'cancelled' ? 'Cancelled' : 'Finished'}: ${j.label} — ${countsInWords(j.counts, j.total)}.`,
          )
          .join(' '),
      );
    }
  }, [jobs, loaded]);

  useEffect(() => {
    if (!expanded) return;
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') {
        setExpanded(false);
        buttonRef.current?.focus();
      }
    }
    function onPointer(e: PointerEvent) {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setExpanded(false);
    }
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [expanded]);

  const openJobs = jobs.filter(isOpen);
  const finishedJobs = jobs.filter((j) => !isOpen(j));
  return (
    <div ref={rootRef} className="relative" data-testid="jobs-tray">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={expanded}
        aria-controls={expanded ? panelId : undefined}
        onClick={() => setExpanded((v) => !v)}
        className={cn(
          'inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-xs hover:bg-surface-2',
          open > 0 ? 'text-fg' : 'text-muted',
        )}
        data-testid="jobs-tray-button"
      >
        <ListChecks size={15} aria-hidden />
        Jobs
        {open > 0 ? (
          <span className="rounded bg-accent px-1.5 text-accent-fg" data-testid="jobs-running-count">
            {open}
            <span className="sr-only"> running</span>
          </span>
        ) : null}
      </button>
      {/* A live region without role="status": the page's toasts are the one status region. */}
      <p aria-live="polite" aria-atomic="true" className="sr-only" data-testid="jobs-announcement">
        {announcement}
      </p>
      {expanded ? (
        <section
          id={panelId}
          aria-label="Jobs"
          className="absolute right-0 z-40 mt-1 max-h-[70vh] w-[26rem] max-w-[calc(100vw-2rem)] overflow-auto rounded-md border border-border bg-surface p-3 shadow-lg"
          data-testid="jobs-panel"
        >
          <h2 className="mb-2 text-sm font-semibold">Jobs</h2>
          {error ? (
            <p role="alert" className="mb-2 rounded bg-warn-bg px-2 py-1 text-xs text-warn">
              {error}
            </p>
          ) : null}
          {!loaded ? <p className="text-xs text-muted">Loading…</p> : null}
          {loaded && jobs.length === 0 ? (
            <p className="text-xs text-muted">
              No jobs in the last day. Long bulk actions show here while they run.
            </p>
          ) : null}
          {openJobs.length > 0 ? (
            <ul className="space-y-2" aria-label="Running jobs">
              {openJobs.map((j) => (
                <JobCard key={j.id} job={j} cancelJob={cancelJob} retryFailed={retryFailed} />
              ))}
            </ul>
          ) : null}
          {finishedJobs.length > 0 ? (
            <>
              <h3 className="mt-3 mb-1 text-xs font-medium text-muted">Finished in the last day</h3>
              <ul className="space-y-2" aria-label="Finished jobs">
                {finishedJobs.map((j) => (
                  <JobCard key={j.id} job={j} cancelJob={cancelJob} retryFailed={retryFailed} />
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
