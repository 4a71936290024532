'use client';

import { useRouter } from 'next/navigation';
import { UserPicker } from '@/components/users/user-picker';

/** Picks the one person whose decisions the table shows (the `user` parameter). */
export function PersonFilter({
  siteId,
  selected,
  hrefFor,
}: {
  siteId: number;
  selected: { id: number; name: string } | null;
  /** The page's address with this person (null: everyone). */
  hrefFor: Record<string, string>;
}) {
  const router = useRouter();
  return (
    <UserPicker
      siteId={siteId}
      label="Only this person"
      selected={selected}
      onChange={(u) => {
        const params = new URLSearchParams(hrefFor);
        if (u) params.set('user', String(u.id));
        else params.delete('user');
        const q = params.toString();
        router.push(q ? `?${q}` : '?');
      }}
    />
  );
}
