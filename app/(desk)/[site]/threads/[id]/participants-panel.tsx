'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { Card } from '@/components/ui/field';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import type { ThreadParticipant, ThreadView } from '@/lib/services/threads/load-thread';
import type { RecordedRestriction } from '@/lib/services/threads/restrictions';
import { UserPicker } from '@/components/users/user-picker';
import {
  banUserInThread,
  muteUserInThread,
  unbanUserInThread,
  unmuteUserInThread,
} from '@/lib/services/threads/actions';
import {
  addParticipantsToThread,
  makeThreadModerator,
  removeParticipantFromThread,
  unmakeThreadModerator,
} from '../actions';
import { DURATIONS, DurationPicker, durationLabel } from '@/components/ui/duration-picker';
import { ActionMessage, useSiteAction } from '@/components/ui/use-site-action';
import { asksOverride, useOverride } from '@/components/policy/override-field';
import { ReasonFields } from '@/components/decisions/reason-fields';
import { reasonValues } from '@/components/decisions/reason-values';
import type { ReasonPicker } from '@/lib/services/decisions/picker';

type Restricting = { who: ThreadParticipant; kind: 'ban' | 'mute' } | null;

export function ParticipantsPanel({
  siteId,
  thread,
  recorded,
  canModerate,
  picker,
}: {
  siteId: number;
  thread: ThreadView;
  recorded: RecordedRestriction[];
  canModerate: boolean;
  /** The site's reasons for a ban or a mute (null: the member may not moderate). */
  picker: ReasonPicker | null;
}) {
  const { run, pending, message } = useSiteAction();
  const [restricting, setRestricting] = useState<Restricting>(null);
  // A protected person: the server's question, and the reason to do it anyway.
  const anyway = useOverride();
  const [duration, setDuration] = useState<number>(DURATIONS[1].minutes);
  // The reason fields as sent, kept for the second try a protected person's override takes.
  const [why, setWhy] = useState<ReturnType<typeof reasonValues>>({});
  const [adding, setAdding] = useState<{ id: number; name: string } | null>(null);
  const base = { siteId, threadId: thread.id };
  const nameOf = (id: number) => thread.participants.find((p) => p.id === id)?.name ?? `User #${id}`;

  // The site lists restrictions only for chat rooms; our audit log knows the rest.
  const restrictions = [
    ...thread.siteRestrictions.map((r) => ({ ...r, source: 'site' as const, reason: null as string | null })),
    ...recorded
      .filter((r) => !thread.siteRestrictions.some((s) => s.kind === r.kind && s.bmUserId === r.bmUserId))
      .map((r) => ({ ...r, name: nameOf(r.bmUserId), source: 'audit' as const })),
  ];

  return (
    <Card className="h-fit space-y-3 p-3" data-testid="participants-panel">
      <h2 className="text-sm font-semibold">Participants</h2>
      <ul className="space-y-1.5" data-testid="participants-list">
        {thread.participants.map((p) => (
          <li key={p.id} className="text-sm" data-participant={p.id}>
            <div className="flex items-center justify-between gap-2">
              <span>
                <UntrustedText text={p.name} testId="participant-name" />
                {p.isGuest ? <span className="text-xs text-muted"> (guest)</span> : null}
                {p.moderator ? (
                  <span className="ml-1 rounded bg-surface-2 px-1 text-xs">moderator</span>
                ) : null}
              </span>
              {canModerate ? (
                <details className="relative">
                  <summary
                    className="cursor-pointer list-none rounded px-1 text-xs text-muted hover:bg-surface-2"
                    aria-label={`Actions for ${revealHiddenText(p.name)}`}
                  >
                    •••
                  </summary>
                  <div className="absolute right-0 z-10 mt-1 flex w-44 flex-col rounded-md border border-border bg-surface p-1 shadow-lg">
                    <MenuItem onClick={() => setRestricting({ who: p, kind: 'ban' })}>Ban…</MenuItem>
                    <MenuItem onClick={() => setRestricting({ who: p, kind: 'mute' })}>Mute…</MenuItem>
                    <MenuItem
                      onClick={() =>
                        run(
                          () => removeParticipantFromThread({ ...base, bmUserId: p.id }),
                          `${revealHiddenText(p.name)} removed.`,
                        )
                      }
                    >
                      Remove
                    </MenuItem>
                    {p.moderator ? (
                      <MenuItem
                        onClick={() =>
                          run(
                            () => unmakeThreadModerator({ ...base, bmUserId: p.id }),
                            `${revealHiddenText(p.name)} is no longer a moderator.`,
                          )
                        }
                      >
                        Unmake moderator
                      </MenuItem>
                    ) : (
                      <MenuItem
                        onClick={() =>
                          run(
                            () => makeThreadModerator({ ...base, bmUserId: p.id }),
                            `${revealHiddenText(p.name)} is now a moderator.`,
                          )
                        }
                      >
                        Make moderator
                      </MenuItem>
                    )}
                  </div>
                </details>
              ) : null}
            </div>
          </li>
        ))}
      </ul>

      {restricting ? (
        <Dialog
          modal={false}
          label={`${restricting.kind === 'ban' ? 'Ban' : 'Mute'} ${revealHiddenText(restricting.who.name)}`}
          onClose={() => (setRestricting(null), anyway.clear())}
          className="space-y-2 rounded-md border border-border p-2"
          form={{
            onSubmit: (e) => {
              e.preventDefault();
              const { who, kind } = restricting;
              const call = kind === 'ban' ? banUserInThread : muteUserInThread;
              const label = durationLabel(duration);
              const overriding = anyway.input;
              const given = anyway.asking ? why : reasonValues(e.currentTarget);
              setWhy(given);
              run(
                async () => {
                  const r = await call({ ...base, bmUserId: who.id, duration, ...given, ...overriding });
                  if (!r.ok && asksOverride(r)) {
                    setRestricting({ who, kind });
                    anyway.ask(r.error);
                  } else anyway.clear();
                  return r;
                },
                `${revealHiddenText(who.name)} ${kind === 'ban' ? 'banned' : 'muted'} for ${label}.`,
              );
              setRestricting(null);
            },
          }}
        >
          <p className="text-xs">
            {restricting.kind === 'ban' ? 'Ban' : 'Mute'}{' '}
            <strong>
              <UntrustedText text={restricting.who.name} />
            </strong>
            {restricting.kind === 'ban' ? ': they leave the thread and cannot rejoin while it lasts.' : '.'}
          </p>
          <DurationPicker value={duration} onChange={setDuration} />
          {anyway.asking ? null : picker ? <ReasonFields picker={picker} /> : null}
          {anyway.field(restricting.who.name)}
          <div className="flex gap-2">
            <Button type="submit" variant="danger" disabled={pending || anyway.blocked}>
              {restricting.kind === 'ban' ? 'Ban' : 'Mute'}
            </Button>
            <DialogClose asChild>
              <Button variant="ghost">Cancel</Button>
            </DialogClose>
          </div>
        </Dialog>
      ) : null}

      <ActionMessage message={message} />

      <div>
        <h3 className="text-xs font-semibold text-muted">Bans and mutes in force</h3>
        {restrictions.length === 0 ? (
          <p className="text-xs text-muted">None.</p>
        ) : (
          <ul className="mt-1 space-y-1" data-testid="restrictions">
            {restrictions.map((r) => (
              <li key={`${r.kind}-${r.bmUserId}`} className="flex items-center justify-between gap-2 text-xs">
                <span>
                  {r.kind === 'ban' ? 'Banned' : 'Muted'}: <UntrustedText text={r.name} /> until{' '}
                  {r.until.replace('T', ' ').slice(0, 16)} UTC
                  {r.reason ? (
                    <span className="text-muted">
                      {' '}
                      · <UntrustedText text={r.reason} />
                    </span>
                  ) : null}
                </span>
                {canModerate ? (
                  <Button
                    variant="secondary"
                    disabled={pending}
                    onClick={() =>
                      run(
                        () =>
                          (r.kind === 'ban' ? unbanUserInThread : unmuteUserInThread)({
                            ...base,
                            bmUserId: r.bmUserId,
                          }),
                        `${revealHiddenText(r.name)} ${r.kind === 'ban' ? 'unbanned' : 'unmuted'}.`,
                      )
                    }
                  >
                    {r.kind === 'ban' ? 'Unban' : 'Unmute'}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>

      {canModerate ? (
        <div className="space-y-1">
          <h3 className="text-xs font-semibold text-muted">Add a participant</h3>
          <UserPicker siteId={siteId} label="Add participant" selected={adding} onChange={setAdding} />
          {adding ? (
            <Button
              disabled={pending}
              onClick={() => {
                run(
                  () => addParticipantsToThread({ ...base, bmUserIds: [adding.id] }),
                  `${revealHiddenText(adding.name)} added.`,
                );
                setAdding(null);
              }}
            >
              Add <UntrustedText text={adding.name} />
            </Button>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

function MenuItem({ onClick, children }: { onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      className="rounded px-2 py-1 text-left text-xs hover:bg-surface-2"
      onClick={(e) => {
        (e.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
        onClick();
      }}
    >
      {children}
    </button>
  );
}
