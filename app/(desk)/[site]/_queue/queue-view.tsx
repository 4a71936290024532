'use client';

import { useEffect, useState, useTransition } from 'react';
import { BulkProgress } from '@/components/bulk/bulk-progress';
import { useBulkRunner } from '@/components/bulk/use-bulk-runner';
import { PastTheEnd } from '@/components/data-table/past-the-end';
import { useUrlState } from '@/components/data-table/use-url-state';
import { Button } from '@/components/ui/button';
import { Card, inputClass } from '@/components/ui/field';
import { DURATIONS } from '../threads/durations';
import { PENDING_DECISIONS, REPORT_DECISIONS, type Decision } from './decisions';
import type { LoadedQueue } from './load-queue';
import { QueueDetail } from './queue-detail';
import { QueueFilters } from './queue-filters';
import { QueueItem } from './queue-item';
import type { QueueSearch } from './search-params';

type Props = {
  kind: 'report' | 'pending';
  site: { id: number; slug: string };
  data: LoadedQueue;
  search: QueueSearch;
  canModerate: boolean;
};

export function QueueView({ kind, site, data, search, canModerate }: Props) {
  const { set } = useUrlState();
  const rows = data.result.rows;
  const focused = data.focused;
  const decisions = (kind === 'report' ? REPORT_DECISIONS : PENDING_DECISIONS).filter(
    (d) => canModerate || !d.moderation,
  );
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState<number>(DURATIONS[1].minutes);
  const [scope, setScope] = useState<'global' | 'thread'>('thread');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [help, setHelp] = useState(false);
  const bulk = useBulkRunner(3);
  const index = focused ? rows.findIndex((r) => r.id === focused.id) : -1;

  const focus = (id: number | undefined) => id !== undefined && set({ item: id, page: search.page });

  function decide(d: Decision) {
    if (!focused || pending) return;
    const next = rows[index + 1]?.id ?? rows[index - 1]?.id;
    start(async () => {
      const r = await d.run({
        siteId: site.id,
        messageId: focused.id,
        reason: reason || undefined,
        duration,
        scope,
      });
      setMessage(r.ok ? { ok: true, text: `${d.label}: done.` } : { ok: false, text: r.error });
      if (r.ok) {
        setReason('');
        // The next item opens; the list reloads without the decided one.
        set({ item: next ?? null, page: search.page });
      }
    });
  }

  // One key per decision; j/k move; ? shows the keys. Typing in a field never triggers them.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.metaKey || e.ctrlKey || e.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) return;
      if (e.key === 'j') focus(rows[index + 1]?.id);
      else if (e.key === 'k') focus(rows[index - 1]?.id);
      else if (e.key === '?') setHelp((h) => !h);
      else {
        const d = decisions.find((x) => x.key === e.key);
        if (d) decide(d);
        else return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const toggle = (id: number) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function runBulk(d: Decision) {
    const items = rows
      .filter((r) => selected.has(r.id))
      .map((r) => ({ key: String(r.id), label: `#${r.id} by ${r.senderName ?? r.senderId}` }));
    await bulk.run(items, (key) =>
      d.run({ siteId: site.id, messageId: Number(key), reason: reason || undefined, duration, scope }),
    );
    setSelected(new Set());
    set({ item: null, page: search.page });
  }

  return (
    <div className="space-y-3">
      <QueueFilters kind={kind} siteId={site.id} search={search} senderName={data.senderName} />
      {selected.size > 0 || bulk.total > 0 ? (
        <Card className="space-y-2 p-3" data-testid="bulk-bar">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span>{selected.size} selected</span>
            {decisions
              .filter((d) => d.bulk)
              .map((d) => (
                <Button
                  key={d.id}
                  variant={d.danger ? 'danger' : 'secondary'}
                  disabled={bulk.running || selected.size === 0}
                  onClick={() => runBulk(d)}
                >
                  {d.label} {selected.size}
                </Button>
              ))}
          </div>
          <BulkProgress done={bulk.done} total={bulk.total} results={bulk.results} running={bulk.running} />
        </Card>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        <Card className="overflow-hidden">
          <p className="border-b border-border px-3 py-1.5 text-xs text-muted" data-testid="queue-count">
            {data.result.total} {kind === 'report' ? 'reported' : 'pending'}{' '}
            {data.result.total === 1 ? 'message' : 'messages'}
          </p>
          {rows.length === 0 ? (
            <p className="p-6 text-center text-sm text-muted">
              {data.result.total > 0 && search.page > data.result.pageCount ? (
                <PastTheEnd page={search.page} pageCount={data.result.pageCount} />
              ) : (
                'Nothing waiting. The queue is clear.'
              )}
            </p>
          ) : (
            <ul aria-label="Queue" data-testid="queue-list">
              {rows.map((r) => (
                <QueueItem
                  key={r.id}
                  row={r}
                  kind={kind}
                  focused={r.id === focused?.id}
                  selected={selected.has(r.id)}
                  onFocus={() => focus(r.id)}
                  onToggle={() => toggle(r.id)}
                />
              ))}
            </ul>
          )}
          {data.result.pageCount > 1 ? (
            <div className="flex items-center justify-between border-t border-border px-3 py-1.5 text-xs">
              <Button
                variant="ghost"
                disabled={search.page <= 1}
                onClick={() => set({ page: search.page - 1, item: null })}
              >
                ← Newer page
              </Button>
              <span>
                Page {search.page} of {data.result.pageCount}
              </span>
              <Button
                variant="ghost"
                disabled={search.page >= data.result.pageCount}
                onClick={() => set({ page: search.page + 1, item: null })}
              >
                Next page →
              </Button>
            </div>
          ) : null}
        </Card>
        {focused ? (
          <Card className="space-y-3 p-4">
            <QueueDetail slug={site.slug} item={focused} context={data.context} history={data.history} />
            <div className="space-y-2 border-t border-border pt-3">
              <div className="flex flex-wrap gap-2">
                <input
                  aria-label="Reason"
                  placeholder="Reason (kept in the audit log)"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  className={inputClass + ' max-w-xs'}
                />
                {canModerate ? (
                  <>
                    <select
                      aria-label="Duration"
                      value={duration}
                      onChange={(e) => setDuration(Number(e.target.value))}
                      className={inputClass + ' w-36'}
                    >
                      {DURATIONS.map((d) => (
                        <option key={d.minutes} value={d.minutes}>
                          {d.label}
                        </option>
                      ))}
                    </select>
                    <select
                      aria-label="Scope"
                      value={scope}
                      onChange={(e) => setScope(e.target.value as 'global' | 'thread')}
                      className={inputClass + ' w-36'}
                    >
                      <option value="thread">In this thread</option>
                      <option value="global">Everywhere</option>
                    </select>
                  </>
                ) : null}
              </div>
              <div className="flex flex-wrap gap-2" data-testid="decisions">
                {decisions.map((d) => (
                  <Button
                    key={d.id}
                    variant={d.danger ? 'danger' : 'secondary'}
                    disabled={pending}
                    onClick={() => decide(d)}
                  >
                    {d.label}
                    {d.key ? (
                      <kbd className="ml-1 rounded border border-current/30 px-1 text-[10px] opacity-70">
                        {d.key}
                      </kbd>
                    ) : null}
                  </Button>
                ))}
              </div>
              {message ? (
                <p
                  role="status"
                  data-testid="decision-message"
                  className={message.ok ? 'text-xs text-ok' : 'text-xs text-danger'}
                >
                  {message.text}
                </p>
              ) : null}
            </div>
          </Card>
        ) : null}
      </div>
      {help ? (
        <Card
          className="fixed right-6 bottom-6 z-30 w-72 space-y-1 p-4 text-sm shadow-xl"
          role="dialog"
          aria-label="Keyboard shortcuts"
        >
          <p className="font-semibold">Keyboard</p>
          <p>
            <kbd>j</kbd> / <kbd>k</kbd> next / previous
          </p>
          {decisions
            .filter((d) => d.key)
            .map((d) => (
              <p key={d.id}>
                <kbd>{d.key}</kbd> {d.label}
              </p>
            ))}
          <p>
            <kbd>?</kbd> show or hide this
          </p>
        </Card>
      ) : null}
    </div>
  );
}
