'use client';

import { forwardRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { addTriageNote } from '../actions';

/** The `@words` being typed at the end of the text, if any. */
function mentionQuery(text: string): string | null {
  const m = /(?:^|\s)@([\p{L}\p{N} .'-]{0,30})$/u.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}

/** A private note: the team sees it, the site never does. `@Name` notifies that member. */
export const NoteForm = forwardRef<
  HTMLTextAreaElement,
  { on: { siteId: number; threadId: number }; team: { id: number; name: string }[]; onSaved: () => void }
>(function NoteForm({ on, team, onSaved }, ref) {
  const [body, setBody] = useState('');
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const query = mentionQuery(body);
  const matches =
    query === null ? [] : team.filter((m) => m.name.toLowerCase().startsWith(query.trimStart())).slice(0, 6);
  const mention = (name: string) => setBody(body.replace(/@([\p{L}\p{N} .'-]{0,30})$/u, `@${name} `));

  return (
    <form
      className="space-y-2 rounded-lg border border-warn/50 bg-surface p-3"
      aria-label="Private note"
      onSubmit={async (e) => {
        e.preventDefault();
        setSaving(true);
        const r = await addTriageNote({ ...on, body });
        setSaving(false);
        if (!r.ok) return setMessage({ ok: false, text: r.fieldErrors?.body?.[0] ?? r.error });
        setBody('');
        setMessage({
          ok: true,
          text: r.data.mentioned.length ? `Note added; ${r.data.mentioned.length} mentioned.` : 'Note added.',
        });
        onSaved();
      }}
    >
      <p className="text-xs text-muted">Private note: only the team sees it. Type @ to mention someone.</p>
      <div className="relative">
        <textarea
          ref={ref}
          aria-label="Note text"
          value={body}
          rows={3}
          className={inputClass + ' h-auto py-2'}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
            else if ((e.key === 'Enter' || e.key === 'Tab') && matches[0] && query) {
              e.preventDefault();
              mention(matches[0].name);
            }
          }}
        />
        {matches.length > 0 && query !== null ? (
          <ul
            role="listbox"
            aria-label="Team members"
            className="absolute bottom-full left-0 z-10 mb-1 w-64 rounded-md border border-border bg-surface p-1 shadow"
          >
            {matches.map((m) => (
              <li key={m.id} role="option" aria-selected={false}>
                <button
                  type="button"
                  className="w-full rounded px-2 py-1 text-left text-sm hover:bg-surface-2"
                  onMouseDown={(e) => (e.preventDefault(), mention(m.name))}
                >
                  {m.name}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {message ? (
        <p role="status" className={message.ok ? 'text-xs text-ok' : 'text-xs text-danger'}>
          {message.text}
        </p>
      ) : null}
      <Button type="submit" variant="secondary" disabled={saving || !body.trim()}>
        Add note
      </Button>
    </form>
  );
});
