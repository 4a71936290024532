'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { BulkDialogFooter } from '@/components/bulk/bulk-dialog-footer';
import { useBulkRunner } from '@/components/bulk/use-bulk-runner';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import { deleteFileMessage } from './actions';
import type { FileRow } from './file-row';
import { plural } from '@/lib/infra/format/plural';

type Group = { threadId: number; messageId: number; ids: number[]; names: string[] };

/** Selected files, one job per message they were sent in (deleting the message removes them all). */
function byMessage(rows: FileRow[]): Group[] {
  const groups = new Map<number, Group>();
  for (const r of rows) {
    if (!r.messageId) continue;
    const g = groups.get(r.messageId) ?? { threadId: r.threadId, messageId: r.messageId, ids: [], names: [] };
    g.ids.push(r.id);
    g.names.push(revealHiddenText(r.name ?? `file #${r.id}`));
    groups.set(r.messageId, g);
  }
  return [...groups.values()];
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
  const bulk = useBulkRunner(3);
  const groups = byMessage(rows);
  const loose = rows.filter((r) => !r.messageId).length;
  const byKey = new Map(groups.map((g) => [`${g.threadId}:${g.messageId}`, g]));

  async function start(items: { key: string; label: string }[]) {
    await bulk.run(items, (key) => {
      const g = byKey.get(key)!;
      return deleteFileMessage({
        siteId,
        threadId: g.threadId,
        messageId: g.messageId,
        attachmentIds: g.ids,
        reason,
      });
    });
    router.refresh();
  }

  const items = groups.map((g) => ({
    key: `${g.threadId}:${g.messageId}`,
    label: `${g.names.join(', ')} (message #${g.messageId})`,
  }));
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
            deletes the {plural(groups.length, 'message')} they were sent in, for good: each message’s text
            and every file attached to it.
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
          <BulkDialogFooter
            bulk={bulk}
            action={`Delete ${plural(groups.length, 'message')}`}
            variant="danger"
            disabled={groups.length === 0}
            items={items}
            start={start}
            onClose={done}
          />
        </Dialog>
      ) : null}
    </div>
  );
}
