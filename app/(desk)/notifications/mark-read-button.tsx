'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { markNotificationsRead } from './actions';

/** Marks the given notifications read (none given: all of them). */
export function MarkReadButton({ ids, label }: { ids: number[]; label: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="ghost"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await markNotificationsRead({ ids });
          if (r.ok) router.refresh();
        })
      }
    >
      {label}
    </Button>
  );
}
