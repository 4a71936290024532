'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';

/**
 * The empty state of a page number beyond the last one: the rows exist, this page has none of
 * them. Saying "nothing here" beside a row count would contradict it.
 */
export function PastTheEnd({ page, pageCount }: { page: number; pageCount: number }) {
  const pathname = usePathname();
  const params = new URLSearchParams(useSearchParams().toString());
  if (pageCount <= 1) params.delete('page');
  else params.set('page', String(pageCount));
  const query = params.toString();
  return (
    <span data-testid="past-the-end">
      Page {page.toLocaleString('en')} is past the end: there{' '}
      {pageCount === 1 ? 'is 1 page' : `are ${pageCount.toLocaleString('en')} pages`}.{' '}
      <Link href={query ? `${pathname}?${query}` : pathname} className="text-accent underline">
        Go to the last page
      </Link>
    </span>
  );
}
