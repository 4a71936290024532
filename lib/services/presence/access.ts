import 'server-only';
import { z } from 'zod';
import { getCurrentMember } from '@/lib/infra/auth/current-member';
import type { Member } from '@/lib/infra/auth/members';
import { can } from '@/lib/infra/auth/permissions';
import { getSiteById } from '@/lib/services/sites/queries';
import { MAX_TOPICS, parseTopic, PRESENCE_STATES, type PresenceState } from './topics';

/** A presence route is a public endpoint: it loads and checks the member itself. */
export async function presenceMember(): Promise<Member | Response> {
  const member = await getCurrentMember();
  if (!member) return new Response('Sign in first.\n', { status: 401 });
  if (!can(member.role, 'desk.read')) return new Response('Not allowed.\n', { status: 403 });
  return member;
}

/**
 * Every topic well formed and on a site the member may open (any connected site: there are no
 * per-site grants yet). Null when all pass, else the refusal.
 */
export async function refuseTopics(topics: readonly string[]): Promise<Response | null> {
  if (topics.length === 0 || topics.length > MAX_TOPICS) {
    return new Response(`Give 1 to ${MAX_TOPICS} topics.\n`, { status: 400 });
  }
  const siteIds = new Set<number>();
  for (const t of topics) {
    const parsed = parseTopic(t);
    if (!parsed) return new Response('Unknown topic.\n', { status: 400 });
    siteIds.add(parsed.siteId);
  }
  for (const id of siteIds) {
    if (!(await getSiteById(id))) return new Response('No such site.\n', { status: 404 });
  }
  return null;
}

/** One hook instance in one tab: random, chosen by the browser. */
const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const State = z.enum(PRESENCE_STATES as [PresenceState, ...PresenceState[]]);

export const AnnounceInput = z.object({
  topic: z.string().max(100),
  client: ClientId,
  state: State,
  /** Counts up per tab, so the server can drop an announcement overtaken by a later one. */
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  leave: z.boolean().optional(),
});

/** A list view only watches; a conversation view also announces itself on its one topic. */
export const WatchInput = z
  .object({
    topics: z.array(z.string().max(100)),
    client: ClientId.optional(),
    state: State.default('viewing'),
  })
  .refine((v) => !v.client || v.topics.length === 1, 'announce on exactly one topic');
