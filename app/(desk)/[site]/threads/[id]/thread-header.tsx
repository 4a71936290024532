'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { ThreadView } from '@/lib/services/threads/load-thread';
import { changeThreadSubject, eraseThread } from '../actions';
import { JobLiveStatus } from '@/components/jobs/job-live-status';
import { startedJobIds } from '@/components/jobs/job-start-footer';
import { refreshJobs } from '@/components/jobs/jobs-store';
import { startThreadBulkJob } from '@/lib/services/jobs/start-actions';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ActionMessage, useSiteAction } from '@/components/ui/use-site-action';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { plural } from '@/lib/infra/format/plural';

const TYPE_LABEL: Record<string, string> = {
  thread: 'Conversation',
  group: 'Group chat',
  'chat-room': 'Chat room',
  course: 'Course',
};

export function ThreadHeader({
  siteId,
  slug,
  thread,
  canModerate,
}: {
  siteId: number;
  slug: string;
  thread: ThreadView;
  canModerate: boolean;
}) {
  const router = useRouter();
  const { run, pending, message, setMessage } = useSiteAction();
  const [editing, setEditing] = useState(false);
  const [subject, setSubject] = useState(thread.subject);
  const [clearJob, setClearJob] = useState<number[]>([]);
  const base = { siteId, threadId: thread.id };

  /** The plugin deletes 50 messages a call: the server runs the calls as a job (the page may close). */
  async function clearAll() {
    setMessage(null);
    const started = startedJobIds(
      await startThreadBulkJob({ action: 'clear', siteId, threadIds: [thread.id] }),
    );
    if (typeof started === 'string') return setMessage({ ok: false, text: started });
    setClearJob(started);
    refreshJobs();
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-xs text-muted">
            {TYPE_LABEL[thread.type] ?? thread.type} #{thread.id} ·{' '}
            {plural(thread.participants.length, 'participant')}
          </p>
          {editing ? (
            <form
              className="mt-1 flex gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                run(() => changeThreadSubject({ ...base, subject }), 'Subject changed.');
                setEditing(false);
              }}
            >
              <input
                aria-label="Subject"
                value={subject}
                onChange={(e) => setSubject(e.target.value)}
                className={inputClass + ' w-96'}
              />
              <Button type="submit" disabled={pending}>
                Save subject
              </Button>
              <Button variant="ghost" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </form>
          ) : (
            <h1 className="text-lg font-semibold" data-testid="thread-subject">
              <UntrustedText text={thread.subject.trim() || thread.title || `Thread #${thread.id}`} />
            </h1>
          )}
        </div>
        {canModerate ? (
          <div className="flex flex-wrap items-start gap-2" data-testid="thread-actions">
            {!editing ? (
              <Button variant="secondary" onClick={() => setEditing(true)}>
                Change subject
              </Button>
            ) : null}
            <ConfirmButton
              label="Clear messages"
              confirmLabel="Delete every message"
              consequence="Every message and file of this thread is deleted on the site, for good. The thread and its participants stay."
              disabled={clearJob.length > 0}
              onConfirm={clearAll}
            />
            <ConfirmButton
              label="Erase thread"
              confirmLabel="Erase for good"
              consequence="The thread, all its messages, files and participants are deleted on the site. It cannot be undone."
              disabled={pending}
              onConfirm={() =>
                run(async () => {
                  const r = await eraseThread(base);
                  if (r.ok) router.push(`/${slug}/threads`);
                  return r;
                }, 'Thread erased.')
              }
            />
          </div>
        ) : null}
      </div>
      <JobLiveStatus jobIds={clearJob} testId="clear-progress" onFinished={() => router.refresh()} />
      <ActionMessage message={message} />
    </div>
  );
}
