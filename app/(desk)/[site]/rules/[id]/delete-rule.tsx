'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormError } from '@/components/ui/field';
import { deleteRule } from '@/lib/services/rules/actions';

export function DeleteRule({
  siteId,
  slug,
  ruleId,
  name,
}: {
  siteId: number;
  slug: string;
  ruleId: number;
  name: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-2 border-t border-border pt-4">
      <ConfirmButton
        label="Delete rule"
        confirmLabel="Delete it"
        consequence={`“${name}” and the record of its matches go. What it already did on the site stays.`}
        disabled={pending}
        onConfirm={() =>
          start(async () => {
            const r = await deleteRule({ siteId, ruleId });
            if (r.ok) router.push(`/${slug}/rules`);
            else setError(r.error);
          })
        }
      />
      <FormError message={error} />
    </div>
  );
}
