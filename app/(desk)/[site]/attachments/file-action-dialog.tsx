'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import { banUserInThread } from '@/lib/services/threads/actions';
import { DURATIONS, DurationPicker, durationLabel } from '@/components/ui/duration-picker';
import { ReasonFields } from '@/components/decisions/reason-fields';
import { reasonValues } from '@/components/decisions/reason-values';
import { asksOverride, useOverride } from '@/components/policy/override-field';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import { deleteFileMessage } from './actions';
import { uploaderLabel, type FileDialog } from './file-links';

/** The one dialog of the desk: remove a file (by deleting its message) or ban its uploader from the thread. */
export function FileActionDialog({
  siteId,
  dialog: { row, variant },
  picker = null,
  onClose,
  onDone,
}: {
  siteId: number;
  dialog: FileDialog;
  /** The site's reasons: a ban is a decision about the uploader, who may be told of it. */
  picker?: ReasonPicker | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const reasonForm = useRef<HTMLFormElement>(null);
  const withPicker = variant === 'ban' && picker !== null;
  const [duration, setDuration] = useState<number>(DURATIONS[2].minutes);
  const [error, setError] = useState<string | null>(null);
  // A protected uploader: the site's refusal, and the reason to do it anyway (the second try sends it).
  const anyway = useOverride();
  const [pending, start] = useTransition();
  // For labels and messages, which are plain strings; headings use UntrustedText.
  const name = revealHiddenText(row.name ?? `file #${row.id}`);
  const thread = revealHiddenText(row.threadSubject?.trim() || `thread #${row.threadId}`);
  const uploader = revealHiddenText(uploaderLabel(row));

  const submit = () =>
    start(async () => {
      const r =
        variant === 'remove'
          ? await deleteFileMessage({
              siteId,
              threadId: row.threadId,
              messageId: row.messageId,
              attachmentIds: [row.id],
              reason,
            })
          : await banUserInThread({
              siteId,
              threadId: row.threadId,
              bmUserId: row.uploaderId,
              duration,
              ...(withPicker ? reasonValues(reasonForm.current) : { reason }),
              ...anyway.input,
            });
      if (!r.ok && asksOverride(r) && !anyway.asking) {
        setError(null);
        return anyway.ask(r.error);
      }
      if (!r.ok) return setError(r.error);
      onDone(
        variant === 'remove'
          ? `Message #${row.messageId} deleted on the site, with ${name} and every other file in it.`
          : `${uploader} is banned from ${thread} for ${durationLabel(duration)}.`,
      );
      router.refresh();
    });

  return (
    <Dialog
      label={variant === 'remove' ? `Remove ${name}` : `Ban uploader of ${name}`}
      // While the call runs there is nothing to cancel: Cancel is disabled, and so is Escape.
      onClose={() => pending || onClose()}
      title={
        variant === 'remove' ? (
          <>
            Remove <UntrustedText text={row.name ?? `file #${row.id}`} />
          </>
        ) : (
          <>
            Ban <UntrustedText text={uploaderLabel(row)} /> from{' '}
            <UntrustedText text={row.threadSubject?.trim() || `thread #${row.threadId}`} />
          </>
        )
      }
      titleClassName="font-semibold"
      className="w-full max-w-md space-y-3 rounded-lg border border-border bg-surface p-4 text-sm shadow-lg"
    >
      {variant === 'remove' ? (
        <>
          <p
            className="rounded-md border border-danger/40 bg-danger-bg p-2 text-danger"
            data-testid="remove-consequence"
          >
            The site cannot delete a file on its own. BM Desk removes it by deleting the whole message #
            {row.messageId} it was sent in, for everyone in {thread}: the message text and every file attached
            to it are gone for good.
          </p>
        </>
      ) : (
        <>
          <p className="text-muted">They leave the thread and cannot rejoin it until the ban ends.</p>
          <DurationPicker value={duration} onChange={setDuration} />
        </>
      )}
      {withPicker ? (
        <form ref={reasonForm} aria-label="Why" onSubmit={(e) => e.preventDefault()}>
          <ReasonFields picker={picker} />
        </form>
      ) : (
        <input
          aria-label="Reason (kept in the audit log)"
          placeholder="Reason (kept in the audit log)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className={inputClass}
        />
      )}
      {anyway.field(uploader)}
      {error ? (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button variant="danger" disabled={pending || anyway.blocked} onClick={submit}>
          {variant === 'remove'
            ? pending
              ? 'Deleting…'
              : `Delete message #${row.messageId}`
            : pending
              ? 'Banning…'
              : 'Ban from this thread'}
        </Button>
        <Button variant="secondary" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
      </div>
    </Dialog>
  );
}
