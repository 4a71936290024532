'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { JobStartFooter } from '@/components/jobs/job-start-footer';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import type { Label } from '@/lib/services/triage/catalogue';
import type { InboxListRow } from '@/lib/services/triage/load-inbox';
import { startTriageBulkJob } from '@/lib/services/jobs/start-actions';
import { plural } from '@/lib/infra/format/plural';

type Mode = null | 'assign' | 'label' | 'resolve';

/** Assign, label or resolve many conversations, each with its own outcome. */
export function BulkTriageActions({
  rows,
  labels,
  team,
  pin,
  close,
}: {
  rows: InboxListRow[];
  labels: Label[];
  team: { id: number; name: string }[];
  pin: () => void;
  close: () => void;
}) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>(null);
  const [assignee, setAssignee] = useState('');
  const [labelId, setLabelId] = useState(labels[0] ? String(labels[0].id) : '');
  const conversations = rows.map((r) => ({ siteId: r.siteId, threadId: r.threadId }));

  // The server runs it as a job per site (the jobs tray shows it); each conversation is audited as one.
  function start() {
    if (mode === 'assign')
      return startTriageBulkJob({ change: 'assign', conversations, assigneeId: assignee });
    if (mode === 'label') return startTriageBulkJob({ change: 'label', conversations, labelId });
    return startTriageBulkJob({ change: 'resolve', conversations });
  }

  const open = (m: Mode) => {
    pin();
    setMode(m);
  };
  const done = () => {
    setMode(null);
    close();
  };
  return (
    <div className="flex flex-1 flex-col gap-2">
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => open('assign')}>
          Assign…
        </Button>
        <Button variant="secondary" onClick={() => open('label')} disabled={labels.length === 0}>
          Label…
        </Button>
        <Button variant="secondary" onClick={() => open('resolve')}>
          Resolve
        </Button>
      </div>
      {mode ? (
        <Dialog
          modal={false}
          label={`Bulk ${mode}`}
          onClose={done}
          className="space-y-2 rounded-md border border-border p-3"
        >
          {mode === 'assign' ? (
            <select
              aria-label="Assign to"
              value={assignee}
              onChange={(e) => setAssignee(e.target.value)}
              className={inputClass + ' w-56'}
            >
              <option value="">Nobody (unassign)</option>
              {team.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          ) : mode === 'label' ? (
            <select
              aria-label="Label to add"
              value={labelId}
              onChange={(e) => setLabelId(e.target.value)}
              className={inputClass + ' w-56'}
            >
              {labels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          ) : (
            <p className="text-sm">
              {plural(rows.length, 'conversation is', 'conversations are')} marked resolved (a new message
              reopens one).
            </p>
          )}
          <JobStartFooter
            key={mode}
            action={`${mode === 'assign' ? 'Assign' : mode === 'label' ? 'Add label to' : 'Resolve'} ${rows.length} conversations`}
            start={start}
            onClose={done}
            onFinished={() => router.refresh()}
          />
        </Dialog>
      ) : null}
    </div>
  );
}
