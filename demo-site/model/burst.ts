import type { Ctx } from '../context';
import { microNow } from '../time';

/**
 * Many messages at once, as a busy site gets them while BM Desk is stopped: `count` messages in
 * existing threads, each from one of the thread's participants, after `skipIds` ids left unused
 * (the trace of messages sent and deleted meanwhile). Answers the ids written.
 */
export function addBurst(ctx: Ctx, opts: { count: number; skipIds: number }) {
  const { db } = ctx;
  const last = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM messages').get() as { id: number };
  if (last.id === 0) throw new Error('no message to follow');
  // Threads and senders as the site's own messages have them (busy threads get more), picked by
  // a fixed stride through the existing ids, so a burst touches as many threads as the seed does.
  const like = db.prepare(
    'SELECT thread_id, sender_id FROM messages WHERE id >= ? AND sender_id > 0 ORDER BY id LIMIT 1',
  );
  const insert = db.prepare(
    'INSERT INTO messages (id, thread_id, sender_id, message, created_at, updated_at, is_pending) VALUES (?,?,?,?,?,?,0)',
  );
  const firstId = last.id + opts.skipIds + 1;
  db.transaction(() => {
    for (let i = 0; i < opts.count; i++) {
      const p = (like.get(1 + ((i * 7919) % last.id)) ?? like.get(1)) as {
        thread_id: number;
        sender_id: number;
      };
      const at = microNow();
      insert.run(firstId + i, p.thread_id, p.sender_id, `<p>Burst message ${firstId + i}</p>`, at, at);
    }
  })();
  return { firstId, lastId: firstId + opts.count - 1 };
}
