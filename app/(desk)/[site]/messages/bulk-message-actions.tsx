'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { JobStartFooter } from '@/components/jobs/job-start-footer';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { plural } from '@/lib/infra/format/plural';
import { startMessagesBulkJob } from '@/lib/services/messages/actions';
import type { MessagesScope } from '@/lib/services/messages/scope';

type Mode = null | 'delete' | 'approve' | 'reject';

const WORDS: Record<Exclude<Mode, null>, { title: string; verb: string }> = {
  delete: { title: 'Delete messages', verb: 'Delete' },
  approve: { title: 'Approve pending messages', verb: 'Approve the pending of' },
  reject: { title: 'Reject pending messages', verb: 'Reject the pending of' },
};

/**
 * Delete, approve or reject over the chosen rows or every match: one durable job, its live counts
 * below (the jobs tray shows it too). Approve and reject take only the pending among them.
 */
export function BulkMessageActions({
  siteId,
  scope,
  count,
  pin,
  close,
}: {
  siteId: number;
  scope: MessagesScope;
  /** How many messages the scope holds (as the page counted them). */
  count: number;
  pin?: () => void;
  close?: () => void;
}) {
  const [mode, setMode] = useState<Mode>(null);
  const [reason, setReason] = useState('');
  const router = useRouter();
  const what = scope.kind === 'all' ? `all ${plural(count, 'matching message')}` : plural(count, 'message');
  const open = (m: Mode) => {
    pin?.();
    setMode(m);
  };
  const done = () => {
    setMode(null);
    close?.();
  };
  return (
    <div className="flex flex-1 flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        <Button variant="danger" onClick={() => open('delete')}>
          Delete {what}
        </Button>
        <Button variant="secondary" onClick={() => open('approve')}>
          Approve pending
        </Button>
        <Button variant="secondary" onClick={() => open('reject')}>
          Reject pending
        </Button>
      </div>
      {mode ? (
        <Dialog
          modal={false}
          label={WORDS[mode].title}
          onClose={done}
          className="space-y-2 rounded-md border border-border p-3"
        >
          {mode === 'delete' ? (
            <p className="text-sm text-danger">
              Deleting removes {what} from the site for good, with their files. It cannot be undone.
            </p>
          ) : (
            <p className="text-sm">
              Only the pending messages among {what} are {mode === 'approve' ? 'approved' : 'rejected'}.
            </p>
          )}
          <input
            aria-label="Reason (kept in the audit log)"
            placeholder="Reason (kept in the audit log)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className={inputClass}
          />
          <JobStartFooter
            key={mode}
            action={`${WORDS[mode].verb} ${what}`}
            variant={mode === 'delete' || mode === 'reject' ? 'danger' : 'primary'}
            start={() => startMessagesBulkJob({ siteId, action: mode, scope, reason })}
            onClose={done}
            onFinished={() => router.refresh()}
          />
        </Dialog>
      ) : null}
    </div>
  );
}
