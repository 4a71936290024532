'use client';

import { pageTableProps } from '@/components/data-table/page-props';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { PresenceBadge } from '@/components/presence/presence-badge';
import { usePresenceMany } from '@/components/presence/use-presence';
import { KeyMenu, ShortcutsHelp } from '@/components/triage/key-menu';
import { LIST_SHORTCUTS } from '@/components/triage/shortcuts';
import { showToast, updateToast } from '@/components/ui/toast';
import { useKeys } from '@/components/ui/use-keys';
import { threadTopic } from '@/lib/services/presence/topics';
import type { Label } from '@/lib/services/triage/catalogue';
import { SNOOZE_CHOICES } from '@/lib/services/triage/constants';
import type { InboxSearch } from '@/lib/services/triage/inbox-search';
import type { InboxListRow } from '@/lib/services/triage/load-inbox';
import type { PageResult } from '@/lib/services/site-index/queries/common';
import { assignConversation, labelConversation, setConversationStatus } from '@/lib/services/triage/actions';
import { BulkTriageActions } from './bulk-triage-actions';
import { inboxColumns, rowKey } from './inbox-columns';
import { InboxToolbar } from './inbox-toolbar';

type Dialog = { row: InboxListRow; variant: 'snooze' | 'label' } | { variant: 'help' } | null;

export function InboxTable({
  result,
  search,
  labels,
  team,
  me,
  now,
  allSites,
  empty,
}: {
  result: PageResult<InboxListRow>;
  search: InboxSearch;
  labels: Label[];
  team: { id: number; name: string }[];
  me: number;
  now: number;
  allSites: boolean;
  empty: string;
}) {
  const router = useRouter();
  const [focus, setFocus] = useState(-1);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const labelMap = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  // Collision warnings on the rows: who else has each conversation open.
  const presence = usePresenceMany(result.rows.map((r) => threadTopic(r.siteId, r.threadId)));
  const columns = useMemo(
    () =>
      inboxColumns({
        labels: labelMap,
        now,
        allSites,
        presence: (r) => <PresenceBadge others={presence[threadTopic(r.siteId, r.threadId)] ?? []} compact />,
      }),
    [labelMap, now, allSites, presence],
  );

  const links = () =>
    Array.from(document.querySelectorAll<HTMLAnchorElement>('[data-testid="conversation-link"]'));
  const move = (delta: number) => {
    const all = links();
    if (all.length === 0) return;
    const current = all.findIndex((a) => a === document.activeElement);
    const from = current >= 0 ? current : focus;
    const next = Math.min(all.length - 1, Math.max(0, from + delta));
    all[next]!.focus();
    setFocus(next);
  };
  const focused = (): InboxListRow | undefined => {
    const current = links().findIndex((a) => a === document.activeElement);
    return rows[current >= 0 ? current : focus];
  };
  async function act(
    row: InboxListRow | undefined,
    call: (on: { siteId: number; threadId: number }) => Promise<{ ok: boolean; error?: string }>,
    done: string,
  ) {
    if (!row) return setMessage({ ok: false, text: 'Move to a conversation first (j / k).' });
    const r = await call({ siteId: row.siteId, threadId: row.threadId });
    setMessage(r.ok ? { ok: true, text: done } : { ok: false, text: r.error ?? 'Failed.' });
    if (r.ok) router.refresh();
  }

  // Resolving is at keystroke speed: the row leaves and the next one takes the focus at once, the
  // change (the desk's own, reversible) is sent at once too, and Undo (or z) sets the status back.
  const [resolved, setResolved] = useState<ReadonlySet<string>>(() => new Set());
  const [undoable, setUndoable] = useState<(() => void) | null>(null);
  const rows = result.rows.filter((r) => !resolved.has(rowKey(r)));
  function resolve(row: InboxListRow | undefined) {
    if (!row) return setMessage({ ok: false, text: 'Move to a conversation first (j / k).' });
    const key = rowKey(row);
    const name = row.subject?.trim() || `Thread #${row.threadId}`;
    const on = { siteId: row.siteId, threadId: row.threadId };
    const index = rows.indexOf(row);
    const setGone = (gone: boolean) =>
      setResolved((s) => {
        const next = new Set(s);
        if (gone) next.add(key);
        else next.delete(key);
        return next;
      });
    setGone(true);
    // The row below moves up into the focused place (or the one above, at the end).
    const stay = Math.min(index, rows.length - 2);
    setFocus(stay);
    requestAnimationFrame(() => links()[stay]?.focus());
    const back = () => {
      setUndoable(null);
      setGone(false);
      updateToast(toast, {
        tone: 'info',
        text: `Undoing: “${name}” goes back to ${row.status}…`,
        duration: 0,
      });
      void setConversationStatus({
        ...on,
        status: row.status,
        snoozeMinutes:
          row.status === 'snoozed' && row.snoozedUntil
            ? Math.max(1, Math.round((new Date(row.snoozedUntil).getTime() - Date.now()) / 60_000))
            : undefined,
      }).then((r) => {
        updateToast(
          toast,
          r.ok
            ? { tone: 'ok', text: `Undone: “${name}” is ${row.status} again.` }
            : { tone: 'error', text: `Undo failed: ${r.error}` },
        );
        router.refresh();
      });
    };
    const toast = showToast({
      tone: 'ok',
      text: `Resolved: “${name}”.`,
      action: { label: 'Undo', run: back },
    });
    setUndoable(() => back);
    void setConversationStatus({ ...on, status: 'resolved' }).then(
      (r) => {
        if (r.ok) return router.refresh();
        setGone(false);
        setUndoable(null);
        updateToast(toast, { tone: 'error', text: `“${name}” was not resolved: ${r.error}` });
      },
      (e: Error) => {
        setGone(false);
        updateToast(toast, { tone: 'error', text: `“${name}” was not resolved: ${e.message}` });
      },
    );
  }

  useKeys(
    {
      j: () => move(1),
      k: () => move(-1),
      a: () => act(focused(), (on) => assignConversation({ ...on, assigneeId: me }), 'Assigned to you.'),
      e: () => resolve(focused()),
      z: () => undoable?.(),
      s: () => {
        const row = focused();
        if (row) setDialog({ row, variant: 'snooze' });
      },
      l: () => {
        const row = focused();
        if (row && labels.length) setDialog({ row, variant: 'label' });
      },
      '?': () => setDialog({ variant: 'help' }),
    },
    dialog === null,
  );

  return (
    <>
      {message ? (
        <p
          role="status"
          data-testid="action-message"
          className={message.ok ? 'text-xs text-ok' : 'text-xs text-danger'}
        >
          {message.text}
        </p>
      ) : null}
      <DataTable
        label="Conversations"
        columns={columns}
        {...pageTableProps(
          { ...result, rows, total: result.total - (result.rows.length - rows.length) },
          search,
        )}
        getRowId={rowKey}
        empty={empty}
        toolbar={<InboxToolbar search={search} labels={labels} team={team} />}
        bulkActions={(selected, controls) => (
          <BulkTriageActions rows={selected} labels={labels} team={team} {...controls} />
        )}
      />
      <p className="text-xs text-muted">
        Press <kbd className="rounded border border-border px-1">?</kbd> for keyboard shortcuts.
      </p>
      {dialog?.variant === 'help' ? (
        <ShortcutsHelp shortcuts={LIST_SHORTCUTS} onClose={() => setDialog(null)} />
      ) : null}
      {dialog && dialog.variant === 'snooze' ? (
        <KeyMenu
          title="Snooze for…"
          options={SNOOZE_CHOICES.map((c) => ({ key: String(c.minutes), label: c.label }))}
          onClose={() => setDialog(null)}
          onChoose={(minutes) => {
            setDialog(null);
            void act(
              dialog.row,
              (on) => setConversationStatus({ ...on, status: 'snoozed', snoozeMinutes: Number(minutes) }),
              'Snoozed.',
            );
          }}
        />
      ) : null}
      {dialog && dialog.variant === 'label' ? (
        <KeyMenu
          title="Label"
          options={labels.map((l) => ({
            key: String(l.id),
            label: `${dialog.row.labelIds.includes(l.id) ? 'Remove' : 'Add'} ${l.name}`,
          }))}
          onClose={() => setDialog(null)}
          onChoose={(labelId) => {
            setDialog(null);
            const add = !dialog.row.labelIds.includes(Number(labelId));
            void act(
              dialog.row,
              (on) => labelConversation({ ...on, labelId: Number(labelId), add }),
              add ? 'Label added.' : 'Label removed.',
            );
          }}
        />
      ) : null}
    </>
  );
}
