'use client';

import { Monitor, Moon, Sun } from 'lucide-react';
import { useState } from 'react';

type Theme = 'system' | 'light' | 'dark';
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const ICON = { system: Monitor, light: Sun, dark: Moon };

/** The theme lives on the member and in a cookie so the server renders the right class: no flash, no inline script. */
export function ThemeToggle({
  initial,
  saveTheme,
}: {
  initial: Theme;
  /** Keeps the choice on the member (the desk layout gives the server action). */
  saveTheme: (input: { theme: Theme }) => Promise<unknown>;
}) {
  const [theme, setTheme] = useState<Theme>(initial);
  const Icon = ICON[theme];
  function cycle() {
    const next = NEXT[theme];
    setTheme(next);
    document.cookie = `theme=${next}; path=/; max-age=31536000; samesite=lax`;
    document.documentElement.classList.remove('light', 'dark');
    if (next !== 'system') document.documentElement.classList.add(next);
    // Kept on the member too, so it follows them to another browser.
    void saveTheme({ theme: next });
  }
  return (
    <button
      type="button"
      onClick={cycle}
      className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-xs text-muted hover:bg-surface-2"
      aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}.`}
      title={`Theme: ${theme}`}
    >
      <Icon size={15} aria-hidden />
      <span className="capitalize">{theme}</span>
    </button>
  );
}
