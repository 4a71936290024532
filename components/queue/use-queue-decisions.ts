'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useRef, useState } from 'react';
import { startedJobIds } from '@/components/jobs/job-start-footer';
import { refreshJobs } from '@/components/jobs/jobs-store';
import { DURATIONS } from '@/components/ui/duration-picker';
import { showToast, updateToast } from '@/components/ui/toast';
import type { LoadedQueue } from '@/lib/services/queues/load-queue';
import { startQueueBulkJob } from '@/lib/services/jobs/start-actions';
import { claimQueueItem, releaseQueueClaim } from '@/lib/services/queues/actions';
import type { Decision, DecisionInput, Result } from './decisions';

/**
 * What the next decision carries: the moderator's words (cleared after each decision), the reason
 * from the site's list and "tell the member" (both kept for the next items), how long and where.
 */
export type DecisionForm = {
  reason: string;
  reasonId: number | null;
  notify: boolean;
  duration: number;
  scope: 'global' | 'thread';
};
type Row = LoadedQueue['result']['rows'][number];

/** A decision taken on screen and not yet sent: the item is off the list, `z` brings it back. */
type Held = {
  messageId: number;
  decision: Decision;
  input: DecisionInput;
  toast: number;
  /** The claim taken as the window starts; null when the window is 0 (the send claims). */
  claim: Promise<Result> | null;
  timer: ReturnType<typeof setTimeout> | undefined;
  state: 'held' | 'sending';
};

/** A bulk decision started as a durable job on the server: its items are off the list meanwhile. */
export type BulkJob = { messageIds: number[]; jobIds: number[]; error: string | null; starting: boolean };

/** A decision sent, kept to answer an undo that comes too late. */
type Sent = { messageId: number; decision: Decision; at: Date };

const time = (d: Date) => d.toTimeString().slice(0, 8);
const unreachable = (e: unknown): Result & { ok: false } => ({
  ok: false,
  code: 'network',
  error: `BM Desk did not answer (${e instanceof Error ? e.message : String(e)}).`,
});

/**
 * Decisions at keystroke speed, as a mail client sends: the decided item leaves the list at once
 * and the next one shows; the decision is held for the member's undo window (claimed meanwhile,
 * so nobody else decides the item), then sent. `z` or the toast's Undo brings the item back and
 * sends nothing. A refusal (the site's, or a claim someone else holds) brings it back with the
 * site's words. Decisions still held when the member leaves are sent at once, never dropped: on
 * navigation inside BM Desk, and when the tab closes or goes to the background, with one
 * `keepalive` post to the queue's flush route (the browser delivers it even as the page goes).
 */
export function useQueueDecisions({
  kind,
  site,
  rows,
  focused,
  undoWindowSeconds,
  gone,
  setGone,
  onDecided,
  onRestored,
}: {
  kind: 'report' | 'pending';
  site: { id: number; slug: string };
  rows: Row[];
  focused: Row | null;
  undoWindowSeconds: number;
  /** Items off the list: held, being sent, or sent (until the list reloads without them). */
  gone: ReadonlySet<number>;
  setGone: (change: (gone: ReadonlySet<number>) => ReadonlySet<number>) => void;
  /** The item just decided: the view moves on to the next one. */
  onDecided: (messageId: number) => void;
  /** An undone item is back: the view shows it again. */
  onRestored: (messageId: number) => void;
}) {
  const router = useRouter();
  const [form, setForm] = useState<DecisionForm>({
    reason: '',
    reasonId: null,
    notify: false,
    duration: DURATIONS[1].minutes,
    scope: 'thread',
  });
  const held = useRef(new Map<number, Held>());
  const sent = useRef<Sent[]>([]);
  const [bulk, setBulk] = useState<BulkJob | null>(null);
  const flushUrl = `/${site.slug}/${kind === 'report' ? 'reports' : 'pending'}/flush`;

  const hide = (id: number) => setGone((g) => new Set(g).add(id));
  const show = (id: number) =>
    setGone((g) => {
      const next = new Set(g);
      next.delete(id);
      return next;
    });

  // The reason from the list goes with the decisions that take one (never with a dismissal).
  const input = (messageId: number, d: Decision): DecisionInput => ({
    siteId: site.id,
    messageId,
    reason: form.reason || undefined,
    ...(d.reasons ? { reasonId: form.reasonId ?? undefined, notify: form.notify, notifyShown: true } : {}),
    duration: form.duration,
    scope: form.scope,
  });

  /** The outcome of a send, however it went (an action, or the flush route). */
  function settle(h: Held, r: { ok: true } | { ok: false; error: string; code?: string }) {
    if (!r.ok && r.code === 'already-yours') {
      alreadyDone(h, r.error);
      return;
    }
    if (r.ok) {
      sent.current = [
        ...sent.current.slice(-19),
        { messageId: h.messageId, decision: h.decision, at: new Date() },
      ];
      updateToast(h.toast, { tone: 'ok', text: `${h.decision.label} (message #${h.messageId}): done.` });
    } else {
      putBack(h, r.error);
    }
  }

  /**
   * The member had decided this item before (the list still showed it: the index had not caught
   * up with the site yet). Nothing to put back: it stays off the list, and the list catches up.
   */
  function alreadyDone(h: Held, words: string) {
    updateToast(h.toast, { tone: 'ok', text: `${h.decision.label} (message #${h.messageId}): ${words}` });
    router.refresh();
  }

  function putBack(h: Held, error: string) {
    show(h.messageId);
    updateToast(h.toast, {
      tone: 'error',
      text: `${h.decision.label} (message #${h.messageId}) did not go through: ${error} The message is back in the queue.`,
    });
    // The list catches up with the site (an item someone else handled leaves it).
    router.refresh();
  }

  async function send(h: Held) {
    if (h.state === 'sending') return;
    h.state = 'sending';
    clearTimeout(h.timer);
    held.current.delete(h.messageId);
    updateToast(h.toast, {
      tone: 'info',
      text: `${h.decision.label} (message #${h.messageId}): sending…`,
      duration: 0,
    });
    if (h.claim && !(await h.claim).ok) return; // the claim's refusal has put it back
    settle(h, await h.decision.run(h.input).catch(unreachable));
  }

  function decide(d: Decision) {
    if (!focused || gone.has(focused.id)) return;
    const messageId = focused.id;
    // On screen first: the item leaves and the next one shows before anything is sent.
    hide(messageId);
    onDecided(messageId);
    setForm((f) => ({ ...f, reason: '' }));
    const seconds = undoWindowSeconds;
    const h: Held = {
      messageId,
      decision: d,
      input: input(messageId, d),
      toast: showToast({
        tone: 'info',
        text:
          seconds > 0
            ? `${d.label} (message #${messageId}): sent in ${seconds} s.`
            : `${d.label} (message #${messageId}): sending…`,
        action: seconds > 0 ? { label: 'Undo', run: () => undo(messageId) } : undefined,
        duration: 0,
      }),
      claim: null,
      timer: undefined,
      state: 'held',
    };
    if (seconds === 0) {
      void send(h);
      return;
    }
    h.claim = claimQueueItem({
      siteId: site.id,
      kind,
      messageId,
      decisionId: d.id,
      decision: d.label,
    }).catch(unreachable);
    void h.claim.then((r) => {
      if (r.ok) return;
      if (held.current.get(messageId) === h) {
        clearTimeout(h.timer);
        held.current.delete(messageId);
      }
      if (r.code === 'already-yours') alreadyDone(h, r.error);
      else putBack(h, r.error);
    });
    h.timer = setTimeout(() => void send(h), seconds * 1000);
    held.current.set(messageId, h);
  }

  /** `z` undoes the latest held decision; the toast's button, its own. */
  function undo(messageId?: number) {
    const all = [...held.current.values()];
    const h = messageId === undefined ? all[all.length - 1] : held.current.get(messageId);
    if (!h) return tooLate(messageId);
    clearTimeout(h.timer);
    held.current.delete(h.messageId);
    show(h.messageId);
    onRestored(h.messageId);
    updateToast(h.toast, {
      tone: 'info',
      text: `Undone: ${h.decision.label} (message #${h.messageId}). Nothing was sent.`,
    });
    // The claim goes back once it is in, so the item is free for everyone again.
    void h.claim?.then((r) => {
      if (r.ok)
        void releaseQueueClaim({ siteId: site.id, kind, messageId: h.messageId }).catch(() => undefined);
    });
  }

  function tooLate(messageId?: number) {
    const last =
      messageId === undefined
        ? sent.current[sent.current.length - 1]
        : [...sent.current].reverse().find((s) => s.messageId === messageId);
    if (!last) {
      showToast({
        tone: 'info',
        text:
          messageId === undefined
            ? 'Nothing to undo.'
            : `Too late to undo: message #${messageId} is being sent to the site now.`,
      });
      return;
    }
    showToast({
      tone: 'info',
      text: `Too late to undo: ${last.decision.label} (message #${last.messageId}) was sent to the site at ${time(last.at)}. ${last.decision.afterSend}`,
      duration: 12_000,
    });
  }

  // Leaving: nothing held is dropped. The latest settle() and putBack() are read through a ref.
  const leave = useRef({ settle, putBack });
  useEffect(() => {
    leave.current = { settle, putBack };
  });
  useEffect(() => {
    const pending = held.current;
    /** The tab closes or hides: one keepalive post the browser delivers even as the page goes. */
    const flush = () => {
      const list = [...pending.values()].filter((h) => h.state === 'held');
      if (list.length === 0) return;
      for (const h of list) {
        h.state = 'sending';
        clearTimeout(h.timer);
        pending.delete(h.messageId);
        updateToast(h.toast, {
          tone: 'info',
          text: `${h.decision.label} (message #${h.messageId}): sending…`,
          duration: 0,
        });
      }
      fetch(flushUrl, {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ decisions: list.map((h) => ({ decisionId: h.decision.id, input: h.input })) }),
      })
        .then(async (res) => {
          if (!res.ok) throw new Error(`${res.status} ${(await res.text()).trim()}`);
          const { outcomes } = (await res.json()) as {
            outcomes: ({ messageId: number } & ({ ok: true } | { ok: false; error: string }))[];
          };
          for (const h of list) {
            const o = outcomes.find((x) => x.messageId === h.messageId);
            leave.current.settle(h, o ?? { ok: false, error: 'BM Desk did not say how it went.' });
          }
          router.refresh();
        })
        .catch((e: unknown) => {
          const error = `BM Desk did not answer (${e instanceof Error ? e.message : String(e)}).`;
          for (const h of list) leave.current.putBack(h, error);
        });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      // Navigation inside BM Desk: this page goes, the desk stays; sent now through the same post
      // (the router is busy with the navigation), the outcomes in the toasts of the next page.
      flush();
    };
  }, [flushUrl, router]);

  /**
   * Many items at once: one durable job on the server (it goes on if the page closes), each item
   * decided and audited as the single decision. The items leave the list at once; when the job
   * ends the list reloads, and whatever it did not decide comes back.
   */
  async function decideMany(d: Decision, ids: Set<number>) {
    const messageIds = rows.filter((r) => ids.has(r.id)).map((r) => r.id);
    if (messageIds.length === 0) return;
    setBulk({ messageIds, jobIds: [], error: null, starting: true });
    setGone((g) => new Set([...g, ...messageIds]));
    const answer = await startQueueBulkJob({
      siteId: site.id,
      queue: kind,
      decision: d.id,
      messageIds,
      reason: form.reason || undefined,
    }).catch(unreachable);
    const started = startedJobIds(answer);
    if (typeof started === 'string') {
      setGone((g) => new Set([...g].filter((id) => !messageIds.includes(id))));
      setBulk({ messageIds, jobIds: [], error: started, starting: false });
      return;
    }
    setBulk({ messageIds, jobIds: started, error: null, starting: false });
    refreshJobs();
  }

  /** The job ended: the list reloads from the site's index, with what was not decided back in it. */
  function bulkFinished() {
    const ids = bulk?.messageIds ?? [];
    startTransition(() => {
      router.refresh();
      setGone((g) => new Set([...g].filter((id) => !ids.includes(id))));
    });
  }

  return {
    form,
    setForm,
    decide,
    undo,
    decideMany,
    bulk,
    bulkFinished,
    closeBulk: () => {
      bulkFinished();
      setBulk(null);
    },
  };
}
