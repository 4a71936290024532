'use client';

import { Button } from '@/components/ui/button';

export default function DeskError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert" className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-base font-semibold">This page could not load</h1>
      <p className="mt-2 text-sm text-muted">
        {error.digest ? `The server logged the cause (reference ${error.digest}).` : error.message}
      </p>
      <Button className="mt-4" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
