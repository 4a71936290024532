import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md text-center">
      <h1 className="text-base font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-muted">There is nothing at this address, or it was removed.</p>
      <Link href="/" className="mt-4 inline-block text-sm text-accent underline">
        Back to the desk
      </Link>
    </main>
  );
}
