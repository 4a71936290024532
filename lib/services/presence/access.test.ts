import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { AnnounceInput, refuseTopics, WatchInput } from './access';
import { MAX_TOPICS, parseTopic, threadTopic } from './topics';

describe('presence topics and input', () => {
  it('names a thread topic and reads it back; anything else is no topic', () => {
    expect(threadTopic(3, 1234)).toBe('thread:3:1234');
    expect(parseTopic('thread:3:1234')).toEqual({ siteId: 3, threadId: 1234 });
    for (const bad of ['thread:0:1', 'thread:1:01', 'thread:1', 'site:1:2', 'thread:1:2:3', ' thread:1:2'])
      expect(parseTopic(bad)).toBeNull();
  });

  it('refuses no topics, too many, a malformed one, and a site that does not exist', async () => {
    const db = await getDb();
    const [site] = await db
      .insert(sites)
      .values({
        slug: `pr-${Date.now()}`,
        name: 'Pr',
        url: 'https://pr.test',
        username: 'a',
        sealedPassword: 'x',
      })
      .returning({ id: sites.id });
    const here = threadTopic(site!.id, 1);
    expect(await refuseTopics([here, threadTopic(site!.id, 2)])).toBeNull();
    expect((await refuseTopics([]))?.status).toBe(400);
    const many = Array.from({ length: MAX_TOPICS + 1 }, (_, i) => threadTopic(site!.id, i + 1));
    expect((await refuseTopics(many))?.status).toBe(400);
    expect((await refuseTopics([here, 'thread:x']))?.status).toBe(400);
    expect((await refuseTopics([here, threadTopic(site!.id + 1000, 1)]))?.status).toBe(404);
  });

  it('announces on one topic only; a client id is random-looking, states are the two', () => {
    expect(WatchInput.safeParse({ topics: ['a', 'b'] }).success).toBe(true);
    expect(WatchInput.safeParse({ topics: ['a'], client: 'abcdefgh' }).data?.state).toBe('viewing');
    expect(WatchInput.safeParse({ topics: ['a', 'b'], client: 'abcdefgh' }).success).toBe(false);
    expect(WatchInput.safeParse({ topics: ['a'], client: 'short' }).success).toBe(false);
    expect(WatchInput.safeParse({ topics: ['a'], client: 'abcdefgh', state: 'typing' }).success).toBe(false);
    expect(AnnounceInput.safeParse({ topic: 'a', client: 'abc<def>gh', state: 'viewing' }).success).toBe(
      false,
    );
    expect(
      AnnounceInput.safeParse({ topic: 'a', client: 'abcdefgh', state: 'replying', seq: 4 }).success,
    ).toBe(true);
  });
});
