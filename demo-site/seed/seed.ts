import { createIndexes, setOption, type Db } from '../db';
import settingsDefaults from './settings-defaults.json';
import { secretsFor } from './credentials';
import { seedMessages } from './messages';
import { seedLyingNames } from './lying-names';
import { seedGuests, seedUsers, type SeedUser } from './people';
import { Prng } from './prng';
import { resolveSize } from './sizes';
import { seedSupportInbox } from './support-inbox';
import { seedModerationLists, seedThreads } from './threads';

export interface SeedResult {
  users: SeedUser[];
  controlToken: string;
  ms: number;
}

/**
 * Fills an empty database. Every value comes from the seed number; times are laid over the 90 days
 * before the start of the current UTC day, so reseeding the same day gives an identical site.
 */
export function seedSite(
  db: Db,
  seed: number,
  size: string | number | undefined,
  options: { supportInbox?: boolean } = {},
): SeedResult {
  const started = Date.now();
  const dims = resolveSize(size);
  const secrets = secretsFor(seed);
  const nowMs = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const rng = new Prng(seed);

  // Settings as the real test site has them: the plugin's defaults with the moderation features on and
  // stored (allowReports only counts when messagesViewer is *stored* as '1'). Its installer wrote them,
  // not the plugin's save, so there is no `updateTime` until the first save (BM Desk reads that).
  const installed: Record<string, unknown> = { ...settingsDefaults };
  delete installed.updateTime;
  setOption(db, 'settings', installed);
  setOption(db, 'seed', { seed, size: size ?? 'default', dims });
  setOption(db, 'controlToken', secrets.controlToken);

  const people = db.transaction(() => {
    const users = seedUsers(db, rng, dims.users, secrets, nowMs);
    const guestIds = seedGuests(db, rng, dims.guests, secrets.guestSecret, nowMs);
    const threads = seedThreads(db, rng, {
      threads: dims.threads,
      chatRooms: dims.chatRooms,
      userIds: users.map((u) => u.id),
      guestIds,
      adminId: 1,
    });
    seedModerationLists(
      db,
      rng,
      users.map((u) => u.id),
      guestIds,
      1,
    );
    const blacklisted = new Set(
      (
        db.prepare("SELECT user_id FROM moderation WHERE type = 'blacklist' AND thread_id = 0").all() as {
          user_id: number;
        }[]
      ).map((r) => r.user_id),
    );
    return { users, threads, blacklisted };
  })();
  const { users, threads, blacklisted } = people;
  // Messages go in batches of their own: one huge transaction would balloon the WAL on a large seed.
  seedMessages(db, rng, { count: dims.messages, threads, nowMs, blacklisted });
  seedLyingNames(db);
  if (options.supportInbox) seedSupportInbox(db, seed);
  createIndexes(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { users, controlToken: secrets.controlToken, ms: Date.now() - started };
}
