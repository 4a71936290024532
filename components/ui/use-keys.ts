'use client';

import { useEffect, useRef } from 'react';

type KeyHandler = (e: KeyboardEvent) => void;

/**
 * One-key shortcuts for a page (a queue, the inbox, a table), never while typing in a field or
 * with a modifier held. `handlers` is read at the moment of the key, so it may be rebuilt on every
 * render (a queue's keys depend on its decisions); a key mapped to `undefined` is left alone.
 */
export function useKeys(handlers: Partial<Record<string, KeyHandler>>, enabled = true) {
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      const handler = current.current[e.key];
      if (!handler) return;
      e.preventDefault();
      handler(e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
