'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { JobStartFooter } from '@/components/jobs/job-start-footer';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { startRemoveFilesJob } from '@/lib/services/jobs/start-actions';
import type { FileRow } from './file-row';
import { plural } from '@/lib/infra/format/plural';

/** The messages the selected files were sent in (deleting a message removes all its files). */
function messageCount(rows: FileRow[]): number {
  return new Set(rows.flatMap((r) => (r.messageId ? [r.messageId] : []))).size;
}

export function BulkRemoveFiles({
  siteId,
  rows,
  pin,
  close,
}: {
  siteId: number;
  rows: FileRow[];
  pin: () => void;
  close: () => void;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const messages = messageCount(rows);
  const loose = rows.filter((r) => !r.messageId).length;

  // The server runs it as a job (the jobs tray shows it); each message is audited as one.
  function start() {
    return startRemoveFilesJob({
      siteId,
      attachmentIds: rows.filter((r) => r.messageId).map((r) => r.id),
      reason,
    });
  }

  const done = () => {
    setOpen(false);
    close();
  };
  return (
    <div className="flex flex-1 flex-col gap-2">
      <div>
        <Button variant="danger" onClick={() => (pin(), setOpen(true))}>
          Remove these files
        </Button>
      </div>
      {open ? (
        <Dialog
          modal={false}
          label="Bulk remove files"
          onClose={done}
          className="space-y-2 rounded-md border border-border p-3"
        >
          <p className="text-sm text-danger" data-testid="bulk-remove-consequence">
            The site cannot delete a file on its own. Removing these {plural(rows.length - loose, 'file')}{' '}
            deletes the {plural(messages, 'message')} they were sent in, for good: each message’s text and
            every file attached to it.
            {loose
              ? ` ${plural(loose, 'selected file is', 'selected files are')} in no message and stay.`
              : ''}
          </p>
          <input
            aria-label="Reason (kept in the audit log)"
            placeholder="Reason (kept in the audit log)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className={inputClass}
          />
          <JobStartFooter
            action={`Delete ${plural(messages, 'message')}`}
            variant="danger"
            disabled={messages === 0}
            start={start}
            onClose={done}
            onFinished={() => router.refresh()}
          />
        </Dialog>
      ) : null}
    </div>
  );
}
