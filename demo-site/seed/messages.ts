import type { Db } from '../db';
import { BLOBS } from '../files/blobs';
import { gmtString, localString } from '../time';
import { hugeBody, messageBody, REACTIONS, REPORT_CATEGORIES, REPORT_DESCRIPTIONS } from './content';
import type { Prng } from './prng';
import type { SeedThread } from './threads';

const DAY_MS = 86_400_000;
const BATCH = 20_000;

/** Attachment post ids start after the chat-room posts. */
const FIRST_ATTACHMENT_ID = 1000;

function pickWeighted(rng: Prng, cumulative: Float64Array, threads: SeedThread[]): SeedThread {
  const total = cumulative[cumulative.length - 1] as number;
  const x = rng.next() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return threads[lo] as SeedThread;
}

/**
 * Messages in time order, so autoincrement ids grow with time as on a real site. Each message gets a
 * thread by weight and a sender among its participants; a share gets reactions, replies, files,
 * reports, the pending flag or an AI flag.
 */
export function seedMessages(
  db: Db,
  rng: Prng,
  opts: { count: number; threads: SeedThread[]; nowMs: number; blacklisted: Set<number> },
): void {
  const { count, threads, nowMs } = opts;
  const insertMessage = db.prepare(
    'INSERT INTO messages (thread_id, sender_id, message, created_at, updated_at, is_pending) VALUES (?,?,?,?,?,?)',
  );
  const insertMeta = db.prepare('INSERT INTO message_meta (message_id, key, value) VALUES (?, ?, ?)');
  const insertAttachment = db.prepare(
    `INSERT INTO attachments (id, message_id, thread_id, uploader_id, blob, name, mime, ext, size, dir, date)
     VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const cumulative = new Float64Array(threads.length);
  let acc = 0;
  threads.forEach((t, i) => {
    acc += t.weight;
    cumulative[i] = acc;
  });

  const start = nowMs - 90 * DAY_MS;
  const step = (90 * DAY_MS - 60_000) / count;
  const lastInThread = new Map<number, number>();
  const hugeEvery = Math.max(500, Math.floor(count / 12));
  let attachmentId = FIRST_ATTACHMENT_ID;
  let aiFlags = 0;
  let id = 0;

  for (let done = 0; done < count;) {
    const end = Math.min(count, done + BATCH);
    db.transaction(() => {
      for (let i = done; i < end; i++) {
        const ms = Math.floor(start + i * step + rng.next() * step * 0.9);
        const micro = ms * 10 + rng.int(0, 9);
        const thread = pickWeighted(rng, cumulative, threads);
        const sender = rng.pick(thread.participants);
        let { body } = messageBody(rng);
        if (i > 0 && i % hugeEvery === 0) body = hugeBody(rng);
        const withFiles = rng.chance(0.03);
        if (withFiles && rng.chance(0.4)) body = '<!-- BM-ONLY-FILES -->';
        const pending = opts.blacklisted.has(sender) ? rng.chance(0.6) : rng.chance(0.006);
        id = Number(
          insertMessage.run(thread.id, sender, body, micro, micro, pending ? 1 : 0).lastInsertRowid,
        );

        const prev = lastInThread.get(thread.id);
        if (prev !== undefined && rng.chance(0.05)) insertMeta.run(id, 'replyTo', String(prev));
        lastInThread.set(thread.id, id);

        if (rng.chance(0.05)) {
          const reactions: Record<string, number[]> = {};
          for (const emoji of rng.sample(REACTIONS, rng.int(1, 2))) {
            const who = rng.sample(
              thread.participants.filter((p) => p !== sender),
              rng.int(1, 3),
            );
            if (who.length > 0) reactions[emoji] = who;
          }
          if (Object.keys(reactions).length > 0) insertMeta.run(id, 'reactions', JSON.stringify(reactions));
        }

        if (withFiles) {
          const date = new Date(ms);
          const ym = `${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
          // The hostile SVG/HTML files stay rare but certain: every 40th attachment, SVG and HTML in turn.
          const n = rng.int(1, 3);
          for (let k = 0; k < n; k++) {
            const blob =
              attachmentId % 40 === 7 ? BLOBS[6 + (Math.floor(attachmentId / 40) % 2)] : BLOBS[rng.int(0, 5)];
            if (!blob) continue;
            insertAttachment.run(
              attachmentId++,
              id,
              thread.id,
              sender,
              blob.key,
              blob.name,
              blob.mime,
              blob.ext,
              blob.bytes.length,
              `${ym}/${thread.id}/${rng.uuid()}`,
              gmtString(ms),
            );
          }
        }

        if (!pending && rng.chance(0.006)) {
          const reporters = rng.sample(
            thread.participants.filter((p) => p !== sender && p > 0),
            rng.int(1, 2),
          );
          const reports: Record<string, { category: string; description: string; time: string }> = {};
          for (const r of reporters) {
            reports[String(r)] = {
              category: rng.pick(REPORT_CATEGORIES),
              description: rng.pick(REPORT_DESCRIPTIONS),
              time: localString(ms + rng.int(1, 3600) * 1000),
            };
          }
          if (reporters.length > 0) insertMeta.run(id, 'user_reports', JSON.stringify(reports));
        }

        if (aiFlags < 12 && rng.chance(0.002)) {
          aiFlags++;
          insertMeta.run(id, 'ai_moderation_flagged', '1');
          insertMeta.run(id, 'ai_moderation_categories', JSON.stringify(['harassment']));
          insertMeta.run(
            id,
            'ai_moderation_result',
            JSON.stringify({
              category_scores: { harassment: 0.91, hate: 0.12 },
              reason: 'Insulting language',
            }),
          );
          insertMeta.run(id, 'ai_moderation_provider', 'openai');
        }
      }
    })();
    done = end;
  }
}
