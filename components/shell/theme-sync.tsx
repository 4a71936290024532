'use client';

import { useEffect } from 'react';
import type { Theme } from '@/lib/services/team/members';

/** The member's saved theme wins over a browser's cookie (another device, a fresh sign-in). */
export function ThemeSync({ theme }: { theme: Theme }) {
  useEffect(() => {
    document.cookie = `theme=${theme}; path=/; max-age=31536000; samesite=lax`;
    document.documentElement.classList.remove('light', 'dark');
    if (theme !== 'system') document.documentElement.classList.add(theme);
  }, [theme]);
  return null;
}
