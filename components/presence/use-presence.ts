'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import {
  HEARTBEAT_MS,
  MAX_TOPICS,
  type PresenceOther,
  type PresenceState,
  type PresenceUpdate,
} from '@/lib/services/presence/topics';

/*
 * Live presence of team members on topics. Topic naming: `thread:<siteId>:<threadId>`
 * (build it with `threadTopic(siteId, threadId)` from '@/lib/services/presence/topics').
 *
 * - usePresence(topic, state): this tab is present on the topic while mounted, and sees the
 *   others there. One server-sent-events stream; the server keeps the tab's entry alive for as
 *   long as the stream is open, so a background tab whose timers the browser slows stays shown.
 * - usePresenceMany(topics): only watches (inbox rows): topic → others, one stream for all.
 * Others never include the signed-in member, in any tab.
 */

const ENDPOINT = '/api/presence';

function randomClientId(): string {
  // getRandomValues, unlike randomUUID, also exists on plain-http hosts.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

type Post = { topic: string; client: string; state: PresenceState; seq?: number; leave?: boolean };

function post(body: Post) {
  // keepalive lets a goodbye leave a closing page.
  void fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    keepalive: true,
  }).catch(() => undefined);
}

type Announce = { client: string; state: PresenceState };

/** One EventSource for `topics`; with `announce`, the tab is also present on its single topic. */
function usePresenceStream(
  topics: readonly string[],
  announce?: Announce,
): Readonly<Record<string, PresenceOther[]>> {
  const key = topics.join('\n');
  const client = announce?.client;
  const openState = useRef(announce?.state ?? 'viewing');
  const [heard, setHeard] = useState<{ key: string; byTopic: Record<string, PresenceOther[]> }>({
    key,
    byTopic: {},
  });

  useEffect(() => {
    if (announce) openState.current = announce.state;
  });

  useEffect(() => {
    if (!key) return;
    const params = new URLSearchParams();
    for (const t of key.split('\n')) params.append('topic', t);
    if (client) {
      params.set('client', client);
      params.set('state', openState.current);
    }
    const source = new EventSource(`${ENDPOINT}?${params}`);
    source.addEventListener('presence', (e) => {
      const update = JSON.parse((e as MessageEvent<string>).data) as PresenceUpdate;
      setHeard((prev) => ({
        key,
        byTopic: { ...(prev.key === key ? prev.byTopic : {}), [update.topic]: update.others },
      }));
    });
    // Closed for good (signed out, no access): show nobody rather than a frozen list.
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) setHeard({ key, byTopic: {} });
    });
    return () => source.close();
  }, [key, client]);

  return heard.key === key ? heard.byTopic : {};
}

export function usePresence(
  topic: string,
  state: PresenceState,
): { others: { memberId: number; name: string; state: PresenceState }[] } {
  const [client] = useState(randomClientId);
  const byTopic = usePresenceStream([topic], { client, state });
  const first = useRef(true);
  const latest = useRef(state);
  const seq = useRef(0);

  // The stream announced the first state; a change is sent at once. While not merely viewing,
  // the browser beats too: behind a load balancer the POST may reach another process.
  useEffect(() => {
    latest.current = state;
    if (first.current) {
      first.current = false;
      if (state === 'viewing') return;
    }
    const beat = () => post({ topic, client, state, seq: ++seq.current });
    beat();
    if (state === 'viewing') return;
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [topic, client, state]);
  useEffect(
    () => () => {
      if (latest.current !== 'viewing') post({ topic, client, state: latest.current, leave: true });
    },
    [topic, client],
  );

  return { others: byTopic[topic] ?? [] };
}

/** For list views: topic → the others on it (an empty list until heard), one stream for all. */
export function usePresenceMany(topics: readonly string[]): Readonly<Record<string, PresenceOther[]>> {
  const key = [...new Set(topics)].sort().slice(0, MAX_TOPICS).join('\n');
  const wanted = useMemo(() => (key ? key.split('\n') : []), [key]);
  const byTopic = usePresenceStream(wanted);
  return useMemo(() => Object.fromEntries(wanted.map((t) => [t, byTopic[t] ?? []])), [wanted, byTopic]);
}
