/**
 * Presence topics and shapes, shared by the server and the browser (no zod, no db here).
 *
 * Topic naming: `thread:<siteId>:<threadId>`, e.g. `thread:3:1234`: one topic per thread of
 * one connected site. A list view (inbox rows) watches many topics in one stream.
 */
export type PresenceState = 'viewing' | 'replying';

export const PRESENCE_STATES: readonly PresenceState[] = ['viewing', 'replying'];

/** Another team member on a topic, as a watcher sees them. */
export type PresenceOther = { memberId: number; name: string; state: PresenceState };

/** What the stream sends for one topic each time its list of others changes. */
export type PresenceUpdate = { topic: string; others: PresenceOther[] };

/** How many topics one stream may watch (a page of inbox rows stays far below). */
export const MAX_TOPICS = 200;

/** The browser announces every this many ms; the server forgets an entry after PRESENCE_TTL_MS. */
export const HEARTBEAT_MS = 5_000;
export const PRESENCE_TTL_MS = 15_000;

const THREAD_TOPIC = /^thread:([1-9][0-9]{0,9}):([1-9][0-9]{0,14})$/;

export function threadTopic(siteId: number, threadId: number): string {
  return `thread:${siteId}:${threadId}`;
}

export function parseTopic(topic: string): { siteId: number; threadId: number } | null {
  const m = THREAD_TOPIC.exec(topic);
  if (!m) return null;
  return { siteId: Number(m[1]), threadId: Number(m[2]) };
}
