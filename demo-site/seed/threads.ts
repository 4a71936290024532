import type { Db } from '../db';
import { defaultRoomSettings } from '../model/chat-rooms';
import { ROOM_NAMES, THREAD_SUBJECTS } from './content';
import type { Prng } from './prng';

export interface SeedThread {
  id: number;
  type: 'thread' | 'chat-room';
  participants: number[];
  /** Relative share of the site's messages this thread gets (busy rooms, quiet 1:1s). */
  weight: number;
}

/** Chat rooms are WordPress posts; their ids come from the same sequence as attachments. */
const FIRST_ROOM_POST_ID = 100;

export function seedThreads(
  db: Db,
  rng: Prng,
  opts: { threads: number; chatRooms: number; userIds: number[]; guestIds: number[]; adminId: number },
): SeedThread[] {
  const insertThread = db.prepare('INSERT INTO threads (id, subject, type) VALUES (?, ?, ?)');
  const insertRecipient = db.prepare(
    'INSERT INTO recipients (thread_id, user_id, unread_count, is_muted, is_pinned) VALUES (?, ?, ?, ?, ?)',
  );
  const insertMeta = db.prepare('INSERT INTO thread_meta (thread_id, key, value) VALUES (?, ?, ?)');
  const insertRoom = db.prepare(
    'INSERT INTO chat_rooms (id, thread_id, title, status, settings) VALUES (?,?,?,?,?)',
  );
  const insertModeration = db.prepare(
    'INSERT INTO moderation (thread_id, user_id, type, expiration, admin_id) VALUES (?, ?, ?, ?, ?)',
  );
  const members = opts.userIds.filter((id) => id !== opts.adminId);
  const out: SeedThread[] = [];
  const nowS = Math.floor(Date.now() / 1000);

  for (let id = 1; id <= opts.threads; id++) {
    let participants: number[];
    let type: SeedThread['type'] = 'thread';
    let subject = rng.pick(THREAD_SUBJECTS);
    const roomIndex = id - 3; // threads 1 and 2 are fixed, rooms follow
    if (id === 1) {
      participants = [2, 3]; // alice <-> bob, a known 1:1 for tests
      subject = 'Hello';
    } else if (id === 2) {
      participants = [2, 3, 4, ...rng.sample(members.slice(4), 2)]; // alice, bob, carol + 2: a known group
      subject = 'Group';
    } else if (roomIndex >= 0 && roomIndex < opts.chatRooms) {
      type = 'chat-room';
      subject = ROOM_NAMES[roomIndex % ROOM_NAMES.length] as string;
      const size = Math.min(members.length, rng.int(12, 60));
      participants = [...new Set([2, ...rng.sample(members, size), ...rng.sample(opts.guestIds, 3)])];
    } else if (rng.chance(0.08) && opts.guestIds.length > 0) {
      participants = [rng.pick(members), rng.pick(opts.guestIds)]; // a guest talking to a member
    } else if (rng.chance(0.3)) {
      participants = rng.sample(members, rng.int(3, 8));
    } else {
      participants = rng.sample(members, 2);
    }
    insertThread.run(id, subject, type);
    const unique = [...new Set(participants)];
    for (const uid of unique)
      insertRecipient.run(id, uid, rng.chance(0.3) ? rng.int(1, 9) : 0, rng.chance(0.05) ? 1 : 0, 0);

    if (type === 'chat-room') {
      const postId = FIRST_ROOM_POST_ID + roomIndex;
      insertMeta.run(id, 'chat_id', String(postId));
      const mods = rng.sample(
        unique.filter((u) => u > 0),
        2,
      );
      insertMeta.run(id, 'moderators', JSON.stringify(mods));
      insertRoom.run(postId, id, subject, 'publish', JSON.stringify(defaultRoomSettings()));
      // A banned member is no longer a participant; a muted one stays.
      const banned = unique.filter((u) => !mods.includes(u) && u !== 2).slice(-1)[0];
      if (banned !== undefined) {
        db.prepare('DELETE FROM recipients WHERE thread_id = ? AND user_id = ?').run(id, banned);
        insertModeration.run(id, banned, 'ban', nowS + 7 * 86_400, opts.adminId);
      }
      const muted = unique.filter((u) => !mods.includes(u) && u !== banned && u !== 2)[0];
      if (muted !== undefined) insertModeration.run(id, muted, 'mute', nowS + 3_600, mods[0] ?? opts.adminId);
      out.push({ id, type, participants: unique.filter((u) => u !== banned), weight: 25 });
    } else {
      if (unique.length > 2) insertMeta.run(id, 'moderators', JSON.stringify([unique[0]]));
      out.push({ id, type, participants: unique, weight: rng.chance(0.1) ? 8 : rng.chance(0.5) ? 2 : 1 });
    }
  }
  return out;
}

/** Global and per-thread pre-moderation lists (durations in the future or permanent). */
export function seedModerationLists(
  db: Db,
  rng: Prng,
  userIds: number[],
  guestIds: number[],
  adminId: number,
): void {
  const insert = db.prepare(
    'INSERT INTO moderation (thread_id, user_id, type, expiration, admin_id) VALUES (?, ?, ?, ?, ?)',
  );
  const nowS = Math.floor(Date.now() / 1000);
  const pool = userIds.filter((id) => id > 4);
  const picks = rng.sample(pool, 6);
  picks
    .slice(0, 3)
    .forEach((uid, i) => insert.run(0, uid, 'whitelist', i === 0 ? null : nowS + 30 * 86_400, adminId));
  picks
    .slice(3, 6)
    .forEach((uid, i) => insert.run(0, uid, 'blacklist', i === 0 ? null : nowS + 86_400, adminId));
  if (guestIds[0] !== undefined) insert.run(0, guestIds[0], 'blacklist', null, adminId);
  insert.run(2, picks[0] ?? 5, 'blacklist', null, adminId);
}
