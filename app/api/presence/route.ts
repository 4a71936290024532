import { AnnounceInput, presenceMember, refuseTopics, WatchInput } from '@/lib/services/presence/access';
import { getPresence } from '@/lib/services/presence';
import { presenceStream } from '@/lib/services/presence/stream';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events: the others on each `?topic=` (several for a list view), at once and on
 * every change. With `&client=…&state=…` (one topic) the member is also present on that topic
 * for as long as the stream stays open.
 */
export async function GET(request: Request) {
  const member = await presenceMember();
  if (member instanceof Response) return member;
  const params = new URL(request.url).searchParams;
  const input = WatchInput.safeParse({
    topics: [...new Set(params.getAll('topic'))],
    client: params.get('client') ?? undefined,
    state: params.get('state') ?? undefined,
  });
  if (!input.success) return new Response('Bad presence input.\n', { status: 400 });
  const { topics, client, state } = input.data;
  const refused = await refuseTopics(topics);
  if (refused) return refused;
  const announce = client
    ? { topic: topics[0]!, client, memberId: member.id, name: member.name.slice(0, 80), state }
    : undefined;
  const stream = presenceStream(getPresence(), {
    topics,
    memberId: member.id,
    signal: request.signal,
    announce,
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: compression would hold events back until its buffer fills.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}

/** A tab's state on one topic (`{topic, client, state}`), or its goodbye (`leave: true`). */
export async function POST(request: Request) {
  const member = await presenceMember();
  if (member instanceof Response) return member;
  // JSON only: a cross-site form cannot send it without a preflight we never grant.
  if (!request.headers.get('content-type')?.startsWith('application/json')) {
    return new Response('Send JSON.\n', { status: 415 });
  }
  const input = AnnounceInput.safeParse(await request.json().catch(() => null));
  if (!input.success) return new Response('Bad presence input.\n', { status: 400 });
  const { topic, client, state, seq, leave } = input.data;
  const refused = await refuseTopics([topic]);
  if (refused) return refused;
  const presence = getPresence();
  if (leave) presence.leave(topic, client, member.id);
  else presence.announce({ topic, client, memberId: member.id, name: member.name.slice(0, 80), state, seq });
  return new Response(null, { status: 204 });
}
