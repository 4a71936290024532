import Link from 'next/link';

/**
 * What a desk shows in place of a page whose address names something that is not there: which
 * thing, and the way back. The sentence under the heading is the root not-found page's own.
 */
export function NotFoundNotice({ title, back }: { title: string; back: { href: string; label: string } }) {
  return (
    <div className="mx-auto mt-16 max-w-md text-center" data-testid="not-found">
      <h1 className="text-base font-semibold break-words">{title}</h1>
      <p className="mt-2 text-sm text-muted">There is nothing at this address, or it was removed.</p>
      <Link href={back.href} className="mt-4 inline-block text-sm text-accent underline">
        {back.label}
      </Link>
    </div>
  );
}
