/**
 * The users table: people from the index (counts, filters, paging), joined with what only the
 * site knows (who matches an email, who is white/blacklisted) and what only BM Desk knows
 * (bans it made in threads the site does not list restrictions for).
 */
import 'server-only';
import {
  getGuests,
  getModerationList,
  isBmError,
  searchUsers,
  type BmClient,
  type ModerationList,
} from '@/lib/infra/better-messages';
import type { PageRequest, PageResult } from '@/lib/services/site-index/queries/common';
import {
  getIndexedRestrictions,
  getUsers,
  getUsersSlice,
  type UserFilter,
  type UserListRow,
  type UserSort,
} from '@/lib/services/site-index/queries/users';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { siteClient } from '@/lib/services/sites/site-client';
import { getRecordedRestrictionsOfSite } from '@/lib/services/threads/restrictions';

export type TrustStatus = 'trusted' | 'distrusted';

export type UserTableRow = UserListRow & { bans: number; mutes: number; trust: TrustStatus | null };

type SitePerson = { id: number; name: string; isGuest: boolean };

export interface UsersPage {
  result: PageResult<UserTableRow>;
  /** People the site matched who are in no indexed message yet. */
  siteOnly: SitePerson[];
  /** Why the site could not be asked (search by email, trust lists); null when it answered. */
  siteError: string | null;
  trustKnown: boolean;
}

const siteWords = (err: unknown) => (isBmError(err) ? err.message : 'the site did not answer');

/** Name, email or id, as the plugin searches them: members (≤10) and guests (first page). */
async function searchOnSite(client: BmClient, q: string): Promise<SitePerson[]> {
  const [members, guests] = await Promise.all([searchUsers(client, q), getGuests(client, { search: q })]);
  const people = new Map<number, SitePerson>();
  for (const u of members) people.set(u.bmUserId, { id: u.bmUserId, name: u.name, isGuest: u.bmUserId < 0 });
  for (const g of guests.users) people.set(g.bmUserId, { id: g.bmUserId, name: g.name, isGuest: true });
  return [...people.values()];
}

/** Global white/blacklist: bmUserId → trusted (whitelisted) or distrusted (blacklisted). */
async function getTrustMap(client: BmClient): Promise<Map<number, TrustStatus>> {
  const lists: [ModerationList, TrustStatus][] = [
    ['whitelist', 'trusted'],
    ['blacklist', 'distrusted'],
  ];
  const map = new Map<number, TrustStatus>();
  for (const [entries, status] of await Promise.all(
    lists.map(async ([list, status]) => [await getModerationList(client, list), status] as const),
  )) {
    for (const e of entries) map.set(e.bmUserId, status);
  }
  return map;
}

type Restriction = { kind: 'ban' | 'mute'; bmUserId: number; threadId: number };

/** Each row with its bans and mutes in force and its trust (null: not on a list, or not known). */
function withRestrictions(
  rows: UserListRow[],
  indexed: readonly Restriction[],
  recorded: readonly Restriction[],
  trust: Map<number, TrustStatus> | null,
): UserTableRow[] {
  // A restriction is one (kind, thread, person), whether the site lists it, we recorded it, or both.
  const counts = new Map<string, number>();
  for (const key of new Set([...indexed, ...recorded].map((r) => `${r.kind} ${r.bmUserId} ${r.threadId}`))) {
    const who = key.split(' ').slice(0, 2).join(' ');
    counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  return rows.map((r) => ({
    ...r,
    bans: counts.get(`ban ${r.id}`) ?? 0,
    mutes: counts.get(`mute ${r.id}`) ?? 0,
    trust: trust?.get(r.id) ?? null,
  }));
}

/**
 * The users table for a CSV export: the same filter as the page, read from the index a slice at
 * a time. What only the site knows (who matches an email, the white/blacklists) is asked once,
 * not per slice; `siteError` says when the site could not answer (trust then reads "unknown").
 */
export async function openUsersExport(
  siteId: number,
  filter: Omit<UserFilter, 'siteId' | 'searchIds' | 'recordedBanIds'>,
  sort: PageRequest<UserSort>['sort'],
) {
  const client = await siteClient(siteId);
  let siteError: string | null = null;
  const q = filter.search?.trim();
  const [found, recorded, trust] = await Promise.all([
    q
      ? searchOnSite(client, q).catch((err: unknown) => {
          siteError = siteWords(err);
          return [] as SitePerson[];
        })
      : Promise.resolve([] as SitePerson[]),
    getRecordedRestrictionsOfSite(siteId),
    getTrustMap(client).catch((err: unknown) => {
      siteError ??= siteWords(err);
      return null;
    }),
  ]);
  const recordedBanIds = [...new Set(recorded.filter((r) => r.kind === 'ban').map((r) => r.bmUserId))];
  const full: UserFilter = { ...filter, siteId, searchIds: found.map((p) => p.id), recordedBanIds };
  return {
    siteError: siteError as string | null,
    trustKnown: trust !== null,
    slice: async (offset: number, limit: number): Promise<UserTableRow[]> => {
      const rows = await getUsersSlice(full, sort, offset, limit);
      const indexed = await getIndexedRestrictions(
        siteId,
        rows.map((r) => r.id),
      );
      return withRestrictions(rows, indexed, recorded, trust);
    },
  };
}

export async function loadUsersPage(
  siteId: number,
  filter: Omit<UserFilter, 'siteId' | 'searchIds' | 'recordedBanIds'>,
  request: PageRequest<UserSort>,
): Promise<UsersPage> {
  const client = await siteClient(siteId);
  let siteError: string | null = null;
  const q = filter.search?.trim();
  const [found, recorded] = await Promise.all([
    q
      ? searchOnSite(client, q).catch((err: unknown) => {
          siteError = siteWords(err);
          return [] as SitePerson[];
        })
      : Promise.resolve([] as SitePerson[]),
    getRecordedRestrictionsOfSite(siteId),
  ]);
  const recordedBanIds = [...new Set(recorded.filter((r) => r.kind === 'ban').map((r) => r.bmUserId))];
  const page = await getUsers(
    { ...filter, siteId, searchIds: found.map((p) => p.id), recordedBanIds },
    request,
  );
  const ids = page.rows.map((r) => r.id);
  const [indexed, trust, known] = await Promise.all([
    getIndexedRestrictions(siteId, ids),
    getTrustMap(client).catch((err: unknown) => {
      siteError ??= siteWords(err);
      return null;
    }),
    getUserNames(
      siteId,
      found.map((p) => p.id),
    ),
  ]);
  return {
    result: { ...page, rows: withRestrictions(page.rows, indexed, recorded, trust) },
    siteOnly: found.filter((p) => !known.has(p.id)),
    siteError,
    trustKnown: trust !== null,
  };
}
