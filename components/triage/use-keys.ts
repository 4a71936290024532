'use client';

import { useEffect, useRef } from 'react';

/** One-key shortcuts, never while typing in a field or with a modifier held. */
export function useKeys(handlers: Record<string, (e: KeyboardEvent) => void>, enabled = true) {
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

export const LIST_SHORTCUTS: [string, string][] = [
  ['j / k', 'Next / previous conversation'],
  ['Enter', 'Open the conversation'],
  ['a', 'Assign to me'],
  ['e', 'Resolve'],
  ['s', 'Snooze…'],
  ['l', 'Label…'],
  ['?', 'Show these shortcuts'],
];

export const CONVERSATION_SHORTCUTS: [string, string][] = [
  ['j / k', 'Next / previous conversation in the inbox'],
  ['a', 'Assign to me'],
  ['e', 'Resolve'],
  ['s', 'Snooze…'],
  ['l', 'Label…'],
  ['r', 'Reply'],
  ['n', 'Add a private note'],
  ['Esc', 'Leave the field you are typing in'],
  ['?', 'Show these shortcuts'],
];
