import Link from 'next/link';

export function Forbidden({ what }: { what: string }) {
  return (
    <div className="mx-auto mt-16 max-w-md text-center" data-testid="forbidden">
      <h1 className="text-base font-semibold">Not for your role</h1>
      <p className="mt-2 text-sm text-muted">
        Your role cannot open {what}. Ask an owner or admin if you need it.
      </p>
      <Link href="/" className="mt-4 inline-block text-sm text-accent underline">
        Back to the desk
      </Link>
    </div>
  );
}
