'use client';

import { Coffee, X } from 'lucide-react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { recordMediaExposure } from '@/lib/services/care/actions';
import { DEFAULT_MEDIA_CARE, type ExposureRef, type MediaCareSettings } from '@/lib/services/care/kinds';

type MediaCare = {
  settings: MediaCareSettings;
  /** Reported or flagged items the member revealed today (UTC), as the server last answered. */
  today: number;
  /** Counts one reveal of a reported or flagged item (the server counts each item once a day). */
  record: (siteSlug: string, item: ExposureRef) => void;
};

const Context = createContext<MediaCare>({
  settings: DEFAULT_MEDIA_CARE,
  today: 0,
  record: () => {},
});

export function useMediaCare(): MediaCare {
  return useContext(Context);
}

/**
 * The member's media settings and today's exposure count, for every desk: one provider in the
 * desk layout, read by every protected image and video and by the counter in the header.
 */
export function MediaCareProvider({
  settings,
  today: initialToday,
  children,
}: {
  settings: MediaCareSettings;
  today: number;
  children: React.ReactNode;
}) {
  const [today, setToday] = useState(initialToday);
  const record = useCallback((siteSlug: string, item: ExposureRef) => {
    // Counting never stands in the way of the reveal itself: a failure leaves the count as it was.
    void recordMediaExposure({ siteSlug, kind: item.kind, id: item.id }).then((r) => {
      if (r.ok) setToday(r.data.today);
    });
  }, []);
  const value = useMemo(() => ({ settings, today, record }), [settings, today, record]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** "Revealed today: 12", in the header: reported or flagged media the member has seen today. */
export function ExposureCounter() {
  const { settings, today } = useMediaCare();
  const over = today > settings.exposureLimit;
  return (
    <span
      className={over ? 'text-xs font-medium text-fg' : 'text-xs text-muted'}
      title={`Reported or flagged images and videos you revealed today (UTC). Your daily limit is ${settings.exposureLimit}.`}
      data-testid="exposure-count"
    >
      Revealed today: {today}
    </span>
  );
}

const DISMISSED_KEY = 'bmdesk-break-dismissed';

/**
 * Past the member's daily limit, a gentle suggestion to step away: dismissible, never a lock
 * (revealing keeps working). Dismissed, it stays away for the rest of the day in this browser,
 * unless the count climbs another full limit past where it was dismissed.
 */
export function BreakSuggestion() {
  const { settings, today } = useMediaCare();
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const day = new Date().toISOString().slice(0, 10);
  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? 'null') as {
        day: string;
        at: number;
      } | null;
      // Read once after hydration: the server cannot know what this browser dismissed.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      if (saved?.day === day) setDismissedAt(saved.at);
    } catch {
      // A broken or blocked storage only means the note may show again.
    }
  }, [day]);
  const limit = settings.exposureLimit;
  if (today <= limit) return null;
  if (dismissedAt !== null && today < dismissedAt + limit) return null;
  const dismiss = () => {
    setDismissedAt(today);
    try {
      localStorage.setItem(DISMISSED_KEY, JSON.stringify({ day, at: today }));
    } catch {
      // Dismissed for this page only.
    }
  };
  return (
    <div
      role="status"
      data-testid="break-suggestion"
      className="mb-4 flex items-start gap-3 rounded-lg border border-warn/50 bg-warn-bg px-4 py-3 text-sm"
    >
      <Coffee size={18} className="mt-0.5 shrink-0 text-warn" aria-hidden />
      <p className="flex-1">
        You have revealed {today} reported or flagged images and videos today, more than the {limit} you set
        as your daily limit. A short break away from the screen helps: a walk, a drink, a chat with a
        colleague. Everything keeps working if you carry on.
      </p>
      <button
        type="button"
        onClick={dismiss}
        className="shrink-0 rounded p-1 text-muted hover:bg-surface-2"
        aria-label="Dismiss the break suggestion"
      >
        <X size={16} aria-hidden />
      </button>
    </div>
  );
}
