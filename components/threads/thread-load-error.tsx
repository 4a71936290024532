import Link from 'next/link';

/**
 * The site would not give a thread (unreachable, timed out, refused…): its words, which never
 * hold a secret, and a way to try again. The thread view and the inbox conversation share it.
 */
export function ThreadLoadError({
  siteName,
  message,
  retryHref,
}: {
  siteName: string;
  message: string;
  retryHref: string;
}) {
  return (
    <div role="alert" className="mx-auto mt-16 max-w-md text-center" data-testid="thread-error">
      <h1 className="text-base font-semibold">{siteName} did not give this thread</h1>
      <p className="mt-2 text-sm text-muted">{message}</p>
      <Link href={retryHref} className="mt-4 inline-block text-sm text-accent underline">
        Try again
      </Link>
    </div>
  );
}
