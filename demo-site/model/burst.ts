import type { Ctx } from '../context';
import { microNow } from '../time';

/**
 * Many messages at once, as a busy site gets them while BM Desk is stopped: `count` messages in
 * existing threads, each from one of the thread's participants, after `skipIds` ids left unused
 * (the trace of messages sent and deleted meanwhile). Answers the ids written.
 */
export function addBurst(ctx: Ctx, opts: { count: number; skipIds: number }) {
  const { db } = ctx;
  const pairs = db
    .prepare('SELECT thread_id, user_id FROM recipients WHERE user_id > 0 ORDER BY thread_id, user_id')
    .all() as { thread_id: number; user_id: number }[];
  if (pairs.length === 0) throw new Error('no thread to write in');
  const last = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM messages').get() as { id: number };
  const insert = db.prepare(
    'INSERT INTO messages (id, thread_id, sender_id, message, created_at, updated_at, is_pending) VALUES (?,?,?,?,?,?,0)',
  );
  const firstId = last.id + opts.skipIds + 1;
  db.transaction(() => {
    for (let i = 0; i < opts.count; i++) {
      // A stride through the pairs spreads the burst over many threads and senders.
      const p = pairs[(i * 7919) % pairs.length]!;
      const at = microNow();
      insert.run(firstId + i, p.thread_id, p.user_id, `<p>Burst message ${firstId + i}</p>`, at, at);
    }
  })();
  return { firstId, lastId: firstId + opts.count - 1 };
}
