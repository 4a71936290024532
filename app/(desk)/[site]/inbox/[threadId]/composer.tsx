'use client';

import { forwardRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { CannedReply } from '@/lib/services/triage/catalogue';
import { fillCannedReply } from '@/lib/services/triage/constants';
import type { SupportAccount } from '@/lib/services/triage/support-accounts';
import type { ReplyDelivery } from '@/lib/services/triage/support-delivery';
import { replyToConversation } from '../actions';

/** The `/word` being typed at the caret's end of the text, if any. */
function slashQuery(text: string): string | null {
  const m = /(?:^|\s)\/([a-z0-9-]*)$/i.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * Replies go to the site as the chosen support account. `/` opens the canned replies, whose
 * variables are filled in as they are inserted.
 */
export const Composer = forwardRef<
  HTMLTextAreaElement,
  {
    on: { siteId: number; threadId: number };
    accounts: SupportAccount[];
    canned: CannedReply[];
    vars: { memberName: string; siteName: string; agentName: string };
    onReplying: (replying: boolean) => void;
    onSent: (delivery: ReplyDelivery) => void;
  }
>(function Composer({ on, accounts, canned, vars, onReplying, onSent }, ref) {
  const usable = accounts.filter((a) => a.canReply);
  const [accountId, setAccountId] = useState(usable[0]?.id ?? 0);
  const [text, setText] = useState('');
  const [focused, setFocused] = useState(false);
  const [pick, setPick] = useState(0);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const query = slashQuery(text);
  const matches =
    query === null ? [] : canned.filter((c) => c.shortcut.toLowerCase().startsWith(query)).slice(0, 8);

  const report = (next: string, hasFocus: boolean) => onReplying(hasFocus || next.trim().length > 0);
  const insert = (c: CannedReply) => {
    const next = text.replace(/\/[a-z0-9-]*$/i, fillCannedReply(c.body, vars));
    setText(next);
    setPick(0);
    report(next, true);
  };

  if (accounts.length === 0) {
    return (
      <p className="rounded-md border border-border p-3 text-sm text-muted" data-testid="reply-off">
        Replying is off: this site has no support account. An admin adds one in Inbox settings.
      </p>
    );
  }
  if (usable.length === 0) {
    return (
      <p className="rounded-md border border-border p-3 text-sm text-muted" data-testid="reply-off">
        Replying is off: no support account of this site has an application password stored. An admin can add
        one in Inbox settings.
      </p>
    );
  }
  return (
    <form
      className="space-y-2 rounded-lg border border-border bg-surface p-3"
      aria-label="Reply"
      onSubmit={async (e) => {
        e.preventDefault();
        setSending(true);
        const r = await replyToConversation({ ...on, supportAccountId: accountId, text });
        setSending(false);
        if (!r.ok) return setError(r.fieldErrors?.text?.[0] ?? r.error);
        setError(null);
        onSent(r.data.delivery);
        setText('');
        report('', focused);
      }}
    >
      <div className="flex items-center gap-2 text-xs">
        <label htmlFor="reply-as" className="text-muted">
          Reply as
        </label>
        <select
          id="reply-as"
          value={accountId}
          onChange={(e) => setAccountId(Number(e.target.value))}
          className={inputClass + ' w-auto'}
        >
          {usable.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <span className="text-muted">· type / for canned replies</span>
      </div>
      <div className="relative">
        <textarea
          ref={ref}
          aria-label="Reply text"
          value={text}
          rows={4}
          className={inputClass + ' h-auto py-2'}
          onFocus={() => (setFocused(true), report(text, true))}
          onBlur={() => (setFocused(false), report(text, false))}
          onChange={(e) => {
            setText(e.target.value);
            setPick(0);
            report(e.target.value, true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') return (e.target as HTMLTextAreaElement).blur();
            if (matches.length === 0) return;
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setPick((p) => (p + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
            } else if (e.key === 'Enter' || e.key === 'Tab') {
              e.preventDefault();
              insert(matches[pick]!);
            }
          }}
        />
        {matches.length > 0 ? (
          <ul
            role="listbox"
            aria-label="Canned replies"
            className="absolute bottom-full left-0 z-10 mb-1 w-80 rounded-md border border-border bg-surface p-1 shadow"
          >
            {matches.map((c, i) => (
              <li key={c.id} role="option" aria-selected={i === pick}>
                <button
                  type="button"
                  className={`w-full rounded px-2 py-1 text-left text-sm ${i === pick ? 'bg-surface-2' : ''}`}
                  onMouseDown={(e) => (e.preventDefault(), insert(c))}
                >
                  <span className="font-mono text-xs text-muted">/{c.shortcut}</span> {c.title}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={sending || !text.trim()}>
        {sending ? 'Sending…' : 'Send reply'}
      </Button>
    </form>
  );
});
