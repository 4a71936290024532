'use client';

import { useState, useTransition } from 'react';
import { Card } from '@/components/ui/field';
import type { Theme } from '@/lib/services/team/members';
import { setOwnTheme } from '@/lib/services/team/actions';

const LABELS: Record<Theme, string> = { system: 'Follow the system', light: 'Light', dark: 'Dark' };

export function applyTheme(theme: Theme) {
  document.documentElement.classList.remove('light', 'dark');
  if (theme !== 'system') document.documentElement.classList.add(theme);
}

export function ThemeForm({ initial }: { initial: Theme }) {
  const [theme, setThemeState] = useState<Theme>(initial);
  const [pending, start] = useTransition();
  const choose = (next: Theme) => {
    setThemeState(next);
    applyTheme(next);
    start(async () => void (await setOwnTheme({ theme: next })));
  };
  return (
    <Card className="max-w-md p-4">
      <fieldset disabled={pending}>
        <legend className="mb-2 text-sm font-semibold">Theme</legend>
        <div className="flex gap-4">
          {(Object.keys(LABELS) as Theme[]).map((t) => (
            <label key={t} className="flex items-center gap-1.5 text-sm">
              <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => choose(t)} />
              {LABELS[t]}
            </label>
          ))}
        </div>
      </fieldset>
    </Card>
  );
}
