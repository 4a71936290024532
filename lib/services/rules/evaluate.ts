/**
 * A rule's conditions, compiled once and evaluated against one message. Text tests run in the
 * process (words as obscenity reads them, many lists in one trie walk; regular expressions
 * through RE2 in linear time, after a look for their literal text; input cut at a bound); facts
 * about the sender and the message's neighbours come from a lazy `RuleFacts` source, read over
 * the index as of the message's own time, so the same code judges a new message in the sync
 * pass and a month-old one in "try on history".
 */
import 'server-only';
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import {
  RegExpMatcher,
  assignIncrementingIds,
  collapseDuplicatesTransformer,
  parseRawPattern,
  resolveConfusablesTransformer,
  resolveLeetSpeakTransformer,
  toAsciiLowerCaseTransformer,
} from 'obscenity';
import { RE2 } from 're2-wasm';
import type { Db } from '@/lib/infra/db/client';
import { bigintArray, rowsOf, textSet } from '@/lib/infra/db/rows';
import { indexMessages, indexThreads, indexUsers } from '@/lib/services/site-index/schema';
import { endAllows, needMet, regexEndChars, regexNeeds } from './regex-literals';
import type { RuleCondition, RuleLeaf, RuleLeafType } from './tree';

/** Text longer than this is cut before a regular expression or matcher reads it. */
export const MAX_TEXT_SCANNED = 20_000;

/** A rule that cannot be compiled (an invalid regular expression); `message` is for people. */
export class RuleCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleCompileError';
  }
}

/** The message as the rules see it (from the index, or from the sync as it arrives). */
export interface RuleMessage {
  siteId: number;
  id: number;
  threadId: number;
  senderId: number;
  text: string;
  createdAt: Date;
  pending: boolean;
  reportCount: number;
  /** Distinct reporters' ids. */
  reporters: number[];
  aiFlagged: boolean;
  /** The AI moderation category when known (the index does not keep it yet: null). */
  aiCategory: string | null;
  attachments: { url: string; name?: string }[];
  /** thread | group | chat-room | course; null while the thread's details are not read. */
  threadType: string | null;
}

/** Why a message matched: which test, and what it found (the word, the domain, the count). */
export interface Because {
  condition: RuleLeafType;
  detail: string;
}

type MaybePromise<T> = T | Promise<T>;

export const isPromise = <T>(x: MaybePromise<T>): x is Promise<T> =>
  typeof (x as { then?: unknown } | null)?.then === 'function';

/** `f(x)`, now when x is a value, later when it is a promise. */
function after<T, U>(x: MaybePromise<T>, f: (v: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(x) ? x.then(f) : f(x);
}

export type SenderFacts = { guest: boolean; firstSeenAt: Date | null };

/**
 * What the rules need beyond the message, asked lazily (only when a rule's cheaper tests pass)
 * and as of the message's time so history is judged as it was.
 */
export interface RuleFacts {
  sender(msg: RuleMessage): MaybePromise<SenderFacts>;
  /** The sender's messages up to and including this one, counted up to `cap`. */
  messageCount(msg: RuleMessage, cap: number): MaybePromise<number>;
  /** Distinct threads that got this same text within `minutes` before the message (itself included). */
  sameTextThreads(msg: RuleMessage, minutes: number): MaybePromise<number>;
  /** The sender's messages within `seconds` before this one (itself included), counted up to `cap`. */
  recentFromSender(msg: RuleMessage, seconds: number, cap: number): MaybePromise<number>;
  /**
   * Reads at once what these messages will ask (a pass over many new messages): a few queries
   * per pass instead of a few per message. Optional; without it every question is one query.
   */
  prefetch?(msgs: RuleMessage[], needs: FactNeeds, known?: KnownRange, extra?: ExtraRead): Promise<void>;
}

/** A row of the facts' one statement: what each column holds depends on `kind`. */
export interface FactRow {
  kind: string;
  a: number | string;
  b: number | string | null;
  at: string | Date | null;
  txt: string | null;
  flag: boolean | null;
  n: number | null;
  thread: number | string | null;
}

/**
 * The caller's own reads, run in the facts' statement (one statement, not two): parts with the
 * columns of a FactRow (kind, a bigint, b bigint, at timestamptz, txt text, flag boolean, n int,
 * thread bigint), each with a kind of its own (one letter other than s, w, f, i and k); `take` gets their rows.
 */
export interface ExtraRead {
  parts: SQL[];
  take(row: FactRow): void;
}

/** Runs an extra read on its own (when the facts have nothing to read). */
export async function runExtraRead(db: Db, extra: ExtraRead): Promise<void> {
  if (extra.parts.length === 0) return;
  for (const r of rowsOf<FactRow>(await db.execute(sql.join(extra.parts, sql` UNION ALL `)))) extra.take(r);
}

/**
 * Every indexed message of the site with an id from `lo` to `hi`, as the caller just read them
 * (a rules pass reads its new messages as one id range): prefetch takes what falls in the range
 * from here and asks the database only for the rest.
 */
export interface KnownRange {
  lo: number;
  hi: number;
  rows: KnownRow[];
  /**
   * Below the range: every indexed message with an id under `lo` sent at `from` (ms) or later is
   * in its `rows` (ids under the rules' cursor are all indexed: none arrive later). Prefetch reads it
   * once when asked to (`readBelow`) and the windows reach below the range; the pass carries it
   * on, so the windows' older rows are never read again.
   */
  below?: { from: number; rows: KnownRow[] } | null;
  /**
   * How many messages below the range prefetch may read and hold as `below` (it reads whole
   * windows); 0 or absent: none, the windows are asked per text and sender. Prefetch sets it to 0
   * when the windows held more.
   */
  readBelow?: number;
  /** No indexed message has an id above `hi` (a pass that read up to the highest id). */
  top?: boolean;
  /** Its rows by text and sender (`indexKnown`), carried with it. */
  index?: KnownIndex | null;
}

/**
 * A known range's rows by text (trimmed) and by sender, for every row with an id up to `to`.
 * Built as rows join the range and carried with it; entries of rows dropped from its low end stay,
 * skipped by id, until there are twice as many entries as rows (then it is built again).
 */
export interface KnownIndex {
  to: number;
  byText: Map<string, { id: number; threadId: number; at: number }[]>;
  bySender: Map<number, { id: number; at: number }[]>;
  entries: number;
}

/** The first row with an id at or above `id` (rows in id order). */
function firstAtOrAbove(rows: readonly { id: number }[], id: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The range's index, with the rows that joined it since added (built whole when there is none). */
export function indexKnown(range: KnownRange): KnownIndex {
  if (range.index && range.index.entries > 2 * range.rows.length + 1000) range.index = null;
  const index = (range.index ??= { to: -Infinity, byText: new Map(), bySender: new Map(), entries: 0 });
  for (let i = firstAtOrAbove(range.rows, index.to + 1); i < range.rows.length; i++) {
    const r = range.rows[i]!;
    const at = r.createdAt.getTime();
    const text = r.text.trim();
    const t = text ? index.byText.get(text) : undefined;
    if (t) t.push({ id: r.id, threadId: r.threadId, at });
    else if (text) index.byText.set(text, [{ id: r.id, threadId: r.threadId, at }]);
    const s = index.bySender.get(r.senderId);
    if (s) s.push({ id: r.id, at });
    else index.bySender.set(r.senderId, [{ id: r.id, at }]);
    index.entries++;
    index.to = r.id;
  }
  return index;
}

export interface KnownRow {
  id: number;
  senderId: number;
  threadId: number;
  createdAt: Date;
  text: string;
}

/** What a set of compiled rules will ask of the facts (the widest window of each kind). */
export interface FactNeeds {
  sender: boolean;
  /** The largest `few-messages` count (0: none). */
  messageCount: number;
  /** The longest spam-wave window, minutes (0: none). */
  spamWaveMinutes: number;
  /** The longest flood window, seconds, and its largest cap (0: none). */
  floodSeconds: number;
  floodCap: number;
}

export const NO_NEEDS: FactNeeds = {
  sender: false,
  messageCount: 0,
  spamWaveMinutes: 0,
  floodSeconds: 0,
  floodCap: 0,
};

export function mergeNeeds(a: FactNeeds, b: FactNeeds): FactNeeds {
  return {
    sender: a.sender || b.sender,
    messageCount: Math.max(a.messageCount, b.messageCount),
    spamWaveMinutes: Math.max(a.spamWaveMinutes, b.spamWaveMinutes),
    floodSeconds: Math.max(a.floodSeconds, b.floodSeconds),
    floodCap: Math.max(a.floodCap, b.floodCap),
  };
}

type Row = typeof indexMessages.$inferSelect;

/**
 * The columns a rule reads of a message (what rowToRuleMessage takes), the thread's type from a
 * join with site_index_threads. Given the tests a rule holds, reports and files are read only
 * when it tests them (try on history reads a million rows for a rule with no SQL form).
 */
export function ruleMessageColumns(uses?: ReadonlySet<RuleLeafType>) {
  const m = indexMessages;
  return {
    siteId: m.siteId,
    id: m.id,
    threadId: m.threadId,
    senderId: m.senderId,
    text: m.text,
    createdAt: m.createdAt,
    pending: m.pending,
    reportCount: m.reportCount,
    reports: !uses || uses.has('reports') ? m.reports : sql<Row['reports']>`'[]'::jsonb`,
    aiFlagged: m.aiFlagged,
    attachments: !uses || uses.has('attachment') ? m.attachments : sql<Row['attachments']>`'[]'::jsonb`,
    threadType: indexThreads.type,
  };
}

/** A site_index_messages row (and its thread's type) as the rules see it. */
export function rowToRuleMessage(
  row: Pick<
    Row,
    | 'siteId'
    | 'id'
    | 'threadId'
    | 'senderId'
    | 'text'
    | 'createdAt'
    | 'pending'
    | 'reportCount'
    | 'reports'
    | 'aiFlagged'
    | 'attachments'
  >,
  threadType: string | null = null,
): RuleMessage {
  const reporters = [...new Set((row.reports ?? []).map((r) => r.reporterBmUserId))];
  return {
    siteId: row.siteId,
    id: row.id,
    threadId: row.threadId,
    senderId: row.senderId,
    text: row.text,
    createdAt: row.createdAt,
    pending: row.pending,
    reportCount: row.reportCount,
    reporters,
    aiFlagged: row.aiFlagged,
    aiCategory: null,
    attachments: (row.attachments ?? []).map((f) => ({ url: f.url, ...(f.name ? { name: f.name } : {}) })),
    threadType,
  };
}

/**
 * Per site and sender, what prefetch read that their new messages do not change: guest or not,
 * first seen, and a count of earlier messages that reached the cap it was asked up to (it only
 * grows as they write). Used for a batch from the same id on (a later batch has at least as many
 * messages before it) for a minute: a moderator's delete since may lower them, a minute late at
 * most. A busy site's senders write again and again; each would cost two lookups per pass.
 */
const senderMemo = new Map<
  string,
  { guest: boolean; firstSeenAt: Date | null; capped: number; fromId: number; at: number }
>();
const SENDER_MEMO_MS = 60_000;
const SENDER_MEMO_MAX = 50_000;
/** Messages below a known range that prefetch holds at most (more: asked per window instead). */
export const BELOW_MAX = 20_000;

/** The same facts over the index of one site (works for history too: all as of the message's time). */
export function indexFacts(db: Db, siteId: number): RuleFacts {
  const senders = new Map<number, MaybePromise<SenderFacts>>();
  const m = indexMessages;
  // What prefetch read: answers for the messages it was given, within the windows it was given.
  let pre: {
    ids: Set<number>;
    needs: FactNeeds;
    /** Same text: thread and time of every message with that text in the windows. */
    byText: Map<string, { threadId: number; at: number }[]>;
    /** Per sender: their messages in the flood windows (id, time). */
    bySender: Map<number, { id: number; at: number }[]>;
    /** Per sender: messages below the batch (capped), and their ids within the batch's range. */
    before: Map<number, number>;
    inRange: Map<number, number[]>;
  } | null = null;

  async function countFromIndex(msg: RuleMessage, cap: number): Promise<number> {
    const rows = await db
      .select({ one: sql<number>`1` })
      .from(m)
      .where(and(eq(m.siteId, siteId), eq(m.senderId, msg.senderId), lte(m.id, msg.id)))
      .limit(cap);
    return rows.length;
  }
  async function sameTextFromIndex(msg: RuleMessage, text: string, from: number): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(DISTINCT ${m.threadId})::int` })
      .from(m)
      .where(
        and(
          eq(m.siteId, siteId),
          gte(m.createdAt, new Date(from)),
          lte(m.createdAt, msg.createdAt),
          sql`btrim(${m.text}) = ${text}`,
        ),
      );
    return Math.max(1, row?.n ?? 0);
  }
  async function recentFromIndex(msg: RuleMessage, from: number, cap: number): Promise<number> {
    // The sender's latest `cap` messages up to this one, counted within the window: bounded
    // by the sender index however long their history is.
    const latest = db
      .select({ at: m.createdAt })
      .from(m)
      .where(and(eq(m.siteId, siteId), eq(m.senderId, msg.senderId), lte(m.id, msg.id)))
      .orderBy(sql`${m.id} DESC`)
      .limit(cap)
      .as('latest');
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(latest)
      .where(gte(latest.at, new Date(from)));
    return row?.n ?? 0;
  }

  const facts: RuleFacts = {
    sender(msg) {
      let p = senders.get(msg.senderId);
      if (!p) {
        p = (async () => {
          const [user] = await db
            .select({ isGuest: indexUsers.isGuest })
            .from(indexUsers)
            .where(and(eq(indexUsers.siteId, siteId), eq(indexUsers.id, msg.senderId)));
          const [first] = await db
            .select({ at: m.createdAt })
            .from(m)
            .where(and(eq(m.siteId, siteId), eq(m.senderId, msg.senderId)))
            .orderBy(m.id)
            .limit(1);
          return { guest: msg.senderId < 0 || user?.isGuest === true, firstSeenAt: first?.at ?? null };
        })();
        senders.set(msg.senderId, p);
      }
      return p;
    },
    messageCount(msg, cap) {
      if (pre?.ids.has(msg.id) && cap <= pre.needs.messageCount) {
        const below = pre.before.get(msg.senderId) ?? 0;
        const within = (pre.inRange.get(msg.senderId) ?? []).filter((id) => id <= msg.id).length;
        return Math.min(cap, below + within);
      }
      return countFromIndex(msg, cap);
    },
    sameTextThreads(msg, minutes) {
      const text = msg.text.trim();
      if (!text) return 0;
      const t = msg.createdAt.getTime();
      const from = t - minutes * 60_000;
      if (pre?.ids.has(msg.id) && minutes <= pre.needs.spamWaveMinutes) {
        const threads = new Set<number>([msg.threadId]);
        for (const e of pre.byText.get(text) ?? []) if (e.at >= from && e.at <= t) threads.add(e.threadId);
        return threads.size;
      }
      return sameTextFromIndex(msg, text, from);
    },
    recentFromSender(msg, seconds, cap) {
      const t = msg.createdAt.getTime();
      const from = t - seconds * 1000;
      if (pre?.ids.has(msg.id) && seconds <= pre.needs.floodSeconds && cap <= pre.needs.floodCap) {
        let n = 0;
        for (const e of pre.bySender.get(msg.senderId) ?? []) if (e.id <= msg.id && e.at >= from) n++;
        return Math.min(cap, n);
      }
      return recentFromIndex(msg, from, cap);
    },
    async prefetch(msgs, needs, known, extra) {
      if (msgs.length === 0) return extra ? runExtraRead(db, extra) : undefined;
      const ids = new Set(msgs.map((x) => x.id));
      const senderIds = [...new Set(msgs.map((x) => x.senderId))];
      const times = msgs.map((x) => x.createdAt.getTime());
      const minT = Math.min(...times);
      const maxT = Math.max(...times);
      const minId = Math.min(...ids);
      const maxId = Math.max(...ids);
      const senderArray = bigintArray(senderIds);
      // The rows of the known range come from memory; the database is asked for the others.
      const range = known && minId >= known.lo && maxId <= known.hi ? known : null;
      const texts =
        needs.spamWaveMinutes > 0 ? [...new Set(msgs.map((x) => x.text.trim()).filter(Boolean))] : [];
      const waveFrom = minT - needs.spamWaveMinutes * 60_000;
      const floodFrom = minT - needs.floodSeconds * 1000;
      // How far back the windows reach (Infinity: no window asked).
      const windowFrom = Math.min(
        texts.length > 0 ? waveFrom : Infinity,
        needs.floodSeconds > 0 ? floodFrom : Infinity,
      );
      // The windows' rows outside the range: below it from memory when a pass read them whole
      // before ('known'), read whole now when the pass allows it ('read'), else asked per window
      // (texts, senders) as without a range ('parts').
      const outsideBy: 'none' | 'known' | 'read' | 'parts' =
        windowFrom === Infinity
          ? 'none'
          : !range
            ? 'parts'
            : range.below && range.below.from <= windowFrom
              ? 'known'
              : range.readBelow
                ? 'read'
                : 'parts';
      const byText = new Map<string, { threadId: number; at: number }[]>();
      const bySender = new Map<number, { id: number; at: number }[]>();
      const before = new Map<number, number>();
      const inRange = new Map<number, number[]>();
      const wanted = new Set(senderIds);
      // Senders whose facts a recent batch read: from memory.
      const now = Date.now();
      const unknownSenders: number[] = [];
      for (const id of senderIds) {
        const hit = senderMemo.get(`${siteId}:${id}`);
        if (hit && now - hit.at < SENDER_MEMO_MS && minId >= hit.fromId && hit.capped >= needs.messageCount) {
          if (needs.sender) senders.set(id, { guest: hit.guest, firstSeenAt: hit.firstSeenAt });
          if (needs.messageCount > 0) before.set(id, needs.messageCount);
        } else unknownSenders.push(id);
      }
      // What the database is asked, in one statement of parts told apart by `kind`: one statement
      // costs about a millisecond here, more than most of these parts' own work.
      //   s: per sender, guest or not and first seen (sender), and how many messages before the
      //      batch, up to the largest count a rule asks (messageCount): a = sender, n, flag, at;
      //   w: the messages with the batch's texts in the spam-wave windows: txt, a = thread, at;
      //   f: the messages in the flood windows: a = sender, b = id, at;
      //   i: the senders' messages from the first to the last asked about: a = sender, b = id;
      //   k: every message in the windows outside the known range: a = sender, b = id, at,
      //      txt = text, thread (read whole below it: at most one more than its readBelow).
      const parts: SQL[] = [];
      if ((needs.sender || needs.messageCount > 0) && unknownSenders.length > 0) {
        parts.push(sql`SELECT 's' AS kind, s.id::bigint AS a, NULL::bigint AS b,
          ${
            needs.sender
              ? sql`(SELECT ${m.createdAt} FROM ${m} WHERE ${m.siteId} = ${siteId} AND ${m.senderId} = s.id
            ORDER BY ${m.id} LIMIT 1)`
              : sql`NULL::timestamptz`
          } AS at,
          NULL::text AS txt,
          ${needs.sender ? sql`u.is_guest` : sql`NULL::boolean`} AS flag,
          ${
            needs.messageCount > 0
              ? sql`(SELECT count(*)::int FROM (SELECT 1 FROM ${m} WHERE ${m.siteId} = ${siteId} AND ${m.senderId} = s.id
            AND ${m.id} < ${minId} LIMIT ${needs.messageCount}) x)`
              : sql`NULL::int`
          } AS n, NULL::bigint AS thread
          FROM unnest(${bigintArray(unknownSenders)}) AS s(id)
          LEFT JOIN ${indexUsers} u ON u.site_id = ${siteId} AND u.id = s.id`);
      }
      const windowParts = (outside: SQL): SQL[] => {
        const out: SQL[] = [];
        if (texts.length > 0) {
          out.push(sql`SELECT 'w' AS kind, ${m.threadId} AS a, NULL::bigint AS b, ${m.createdAt} AS at,
          btrim(${m.text}) AS txt, NULL::boolean AS flag, NULL::int AS n, NULL::bigint AS thread
          FROM ${m}
          WHERE ${m.siteId} = ${siteId} AND ${m.createdAt} >= ${new Date(waveFrom)}
            AND ${m.createdAt} <= ${new Date(maxT)} AND btrim(${m.text}) IN ${textSet(texts)}${outside}`);
        }
        if (needs.floodSeconds > 0) {
          // Outside the known range the window holds few rows: read by time, kept by sender here
          // (filtered by sender, PostgreSQL walks each sender's whole history instead).
          out.push(sql`SELECT 'f' AS kind, ${m.senderId} AS a, ${m.id} AS b, ${m.createdAt} AS at,
          NULL::text AS txt, NULL::boolean AS flag, NULL::int AS n, NULL::bigint AS thread
          FROM ${m}
          WHERE ${m.siteId} = ${siteId} AND ${m.createdAt} >= ${new Date(floodFrom)}
            AND ${m.createdAt} <= ${new Date(maxT)}
            AND ${range ? sql`(${m.id} < ${range.lo} OR ${m.id} > ${range.hi})` : sql`${m.senderId} = ANY(${senderArray})`}`);
        }
        return out;
      };
      const rangeOutside = range ? sql` AND (${m.id} < ${range.lo} OR ${m.id} > ${range.hi})` : sql``;
      if (outsideBy === 'parts') parts.push(...windowParts(rangeOutside));
      else if (range && (outsideBy === 'read' || (outsideBy === 'known' && !range.top))) {
        // Below the range (read whole once) and above it (when it may not reach the highest id).
        const where =
          outsideBy === 'known'
            ? sql`${m.id} > ${range.hi}`
            : range.top
              ? sql`${m.id} < ${range.lo}`
              : sql`(${m.id} < ${range.lo} OR ${m.id} > ${range.hi})`;
        // Read whole below: one more than may be held tells that there are too many.
        const limit = outsideBy === 'read' ? sql` LIMIT ${(range.readBelow ?? 0) + 1}` : sql``;
        parts.push(sql`(SELECT 'k' AS kind, ${m.senderId} AS a, ${m.id} AS b, ${m.createdAt} AS at,
          ${m.text} AS txt, NULL::boolean AS flag, NULL::int AS n, ${m.threadId} AS thread
          FROM ${m}
          WHERE ${m.siteId} = ${siteId} AND ${m.createdAt} >= ${new Date(windowFrom)} AND ${where}${limit})`);
      }
      if (needs.messageCount > 0 && !range) {
        parts.push(sql`SELECT 'i' AS kind, ${m.senderId} AS a, ${m.id} AS b, NULL::timestamptz AS at,
          NULL::text AS txt, NULL::boolean AS flag, NULL::int AS n, NULL::bigint AS thread
          FROM ${m}
          WHERE ${m.siteId} = ${siteId} AND ${m.id} >= ${minId} AND ${m.id} <= ${maxId}
            AND ${m.senderId} = ANY(${senderArray})`);
      }
      const addText = (text: string, threadId: number, at: number) => {
        const list = byText.get(text) ?? [];
        list.push({ threadId, at });
        byText.set(text, list);
      };
      const addFlood = (senderId: number, id: number, at: number) => {
        if (!wanted.has(senderId)) return;
        const list = bySender.get(senderId) ?? [];
        list.push({ id, at });
        bySender.set(senderId, list);
      };
      const addWithin = (senderId: number, id: number) => {
        const list = inRange.get(senderId) ?? [];
        list.push(id);
        inRange.set(senderId, list);
      };
      // A message held in memory (the range, below it, outside it), into the windows it falls in.
      const wantedText = new Set(texts);
      const addKnown = (r: KnownRow) => {
        const at = r.createdAt.getTime();
        if (at <= maxT) {
          if (texts.length > 0 && at >= waveFrom) {
            const text = r.text.trim();
            if (wantedText.has(text)) addText(text, r.threadId, at);
          }
          if (needs.floodSeconds > 0 && at >= floodFrom) addFlood(r.senderId, r.id, at);
        }
        if (needs.messageCount > 0 && r.id >= minId && r.id <= maxId) addWithin(r.senderId, r.id);
      };
      if (extra) parts.push(...extra.parts);
      const rows =
        parts.length === 0 ? [] : rowsOf<FactRow>(await db.execute(sql.join(parts, sql` UNION ALL `)));
      const outside: KnownRow[] = [];
      for (const r of rows) {
        const a = Number(r.a);
        if (r.kind === 's') {
          const facts = { guest: a < 0 || r.flag === true, firstSeenAt: r.at ? new Date(r.at) : null };
          if (needs.sender) senders.set(a, facts);
          if (needs.messageCount > 0) before.set(a, Number(r.n));
          // Kept when what it holds stays true for their next batches: both facts read, and the
          // count at its cap (or no count asked of it).
          if (needs.sender && (needs.messageCount === 0 || Number(r.n) >= needs.messageCount)) {
            if (senderMemo.size >= SENDER_MEMO_MAX) senderMemo.clear();
            senderMemo.set(`${siteId}:${a}`, {
              ...facts,
              capped: needs.messageCount === 0 ? 0 : Number(r.n),
              fromId: minId,
              at: now,
            });
          }
        } else if (r.kind === 'w') addText(r.txt!, a, new Date(r.at!).getTime());
        else if (r.kind === 'f') addFlood(a, Number(r.b), new Date(r.at!).getTime());
        else if (r.kind === 'i') addWithin(a, Number(r.b));
        else if (r.kind === 'k')
          outside.push({
            id: Number(r.b),
            senderId: a,
            threadId: Number(r.thread),
            createdAt: new Date(r.at!),
            text: r.txt ?? '',
          });
        else extra?.take(r);
      }
      if (range) {
        if (outsideBy === 'read' && outside.length > (range.readBelow ?? 0)) {
          // Too many to hold (a long window on a busy site): asked per window, and not again.
          range.below = null;
          range.readBelow = 0;
          const more = windowParts(rangeOutside);
          if (more.length > 0) {
            for (const r of rowsOf<FactRow>(await db.execute(sql.join(more, sql` UNION ALL `)))) {
              if (r.kind === 'w') addText(r.txt!, Number(r.a), new Date(r.at!).getTime());
              else addFlood(Number(r.a), Number(r.b), new Date(r.at!).getTime());
            }
          }
        } else {
          for (const r of outside) addKnown(r);
          if (outsideBy === 'read')
            range.below = { from: windowFrom, rows: outside.filter((r) => r.id < range.lo) };
          else if (outsideBy === 'known') for (const r of range.below!.rows) addKnown(r);
        }
        // The rows of the known range, from memory: through its index, so that a pass does not
        // go over every row of a long window for the few texts and senders it asks about.
        const index = indexKnown(range);
        const inKnown = (e: { id: number; at: number }) =>
          e.id >= range.lo && e.id <= range.hi && e.at <= maxT;
        for (const text of texts)
          for (const e of index.byText.get(text) ?? [])
            if (inKnown(e) && e.at >= waveFrom) addText(text, e.threadId, e.at);
        if (needs.floodSeconds > 0) {
          // A sender's count stops at the cap: of their messages before the batch, the last
          // `floodCap` are enough (times rise with ids), then every one up to the batch's end.
          const firstOf = new Map<number, number>();
          for (const x of msgs) firstOf.set(x.senderId, Math.min(firstOf.get(x.senderId) ?? x.id, x.id));
          for (const [sender, first] of firstOf) {
            const list = index.bySender.get(sender) ?? [];
            const at = firstAtOrAbove(list, first);
            let start = at;
            for (let before = 0; start > 0 && before < needs.floodCap;) {
              start--;
              if (list[start]!.id >= range.lo) before++;
              else break;
            }
            for (let i = start; i < list.length; i++) {
              const e = list[i]!;
              if (inKnown(e) && e.at >= floodFrom) addFlood(sender, e.id, e.at);
            }
          }
        }
        if (needs.messageCount > 0)
          for (let i = firstAtOrAbove(range.rows, minId); i < range.rows.length; i++) {
            const r = range.rows[i]!;
            if (r.id > maxId) break;
            addWithin(r.senderId, r.id);
          }
      }
      pre = { ids, needs, byText, bySender, before, inRange };
    },
  };
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Text tests

const re2Cache = new Map<string, RE2>();
const RE2_CACHE_MAX = 500;

function re2(pattern: string, flags: string): RE2 {
  const key = `${flags}/${pattern}`;
  const hit = re2Cache.get(key);
  if (hit) return hit;
  let compiled: RE2;
  try {
    compiled = new RE2(pattern, flags.includes('u') ? flags : `${flags}u`);
  } catch (e) {
    const why = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new RuleCompileError(`The regular expression “${pattern.slice(0, 80)}” is not valid: ${why}`);
  }
  if (re2Cache.size >= RE2_CACHE_MAX) {
    const [oldKey, old] = re2Cache.entries().next().value as [string, RE2];
    re2Cache.delete(oldKey);
    (old as unknown as { wrapper?: { delete?: () => void } }).wrapper?.delete?.();
  }
  re2Cache.set(key, compiled);
  return compiled;
}

const LINK = /(?:https?:\/\/|www\.)[^\s<>"'()[\]{}]+/gi;
const PHONE = () => re2('\\+?[0-9][0-9 ().-]{6,}[0-9]', '');

/**
 * The first match of `r` in the text, or null. Asks RE2 whether it matches first: without the
 * match's position and groups it answers several times faster, and most messages do not match.
 */
function firstMatch(r: RE2, text: string): string | null {
  const t = scanned(text);
  if (!r.test(t)) return null;
  return r.exec(t)?.[0] ?? '';
}
const EMAIL = () => re2('[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}', 'i');

function hasDigits(text: string, n: number): boolean {
  let found = 0;
  const end = Math.min(text.length, MAX_TEXT_SCANNED);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++found >= n) return true;
  }
  return false;
}

function scanned(text: string): string {
  return text.length > MAX_TEXT_SCANNED ? text.slice(0, MAX_TEXT_SCANNED) : text;
}

/** The last text's links: a pass asks for one message's links once per rule that tests them. */
let lastLinks: { text: string; hosts: { url: string; host: string }[] } | null = null;

/** Every link's host in the text (lower case, without `www.` and port). Do not change the answer. */
export function linkHosts(text: string): readonly { url: string; host: string }[] {
  if (lastLinks?.text === text) return lastLinks.hosts;
  const hosts = readLinkHosts(text);
  lastLinks = { text, hosts };
  return hosts;
}

function readLinkHosts(text: string): { url: string; host: string }[] {
  const out: { url: string; host: string }[] = [];
  for (const match of scanned(text).matchAll(LINK)) {
    const url = match[0].replace(/[.,;:!?]+$/, '');
    const withScheme = /^https?:\/\//i.test(url) ? url : `http://${url}`;
    try {
      const host = new URL(withScheme).hostname
        .toLowerCase()
        .replace(/^www\./, '')
        .replace(/\.$/, '');
      if (host) out.push({ url, host });
    } catch {
      // not a URL after all
    }
    if (out.length >= 50) break;
  }
  return out;
}

function domainAllowed(host: string, allow: string[]): boolean {
  return allow.some((a) => {
    const d = a.replace(/^\*?\./, '').replace(/^www\./, '');
    return host === d || host.endsWith(`.${d}`);
  });
}

// obscenity's English thresholds: these letters may legitimately double (free, good, ball, ass).
const DOUBLE_OK = new Map([
  ['b', 2],
  ['e', 2],
  ['o', 2],
  ['l', 2],
  ['s', 2],
  ['g', 2],
]);

function collapseRuns(word: string): string {
  let out = '';
  let run = 0;
  for (const ch of word) {
    run = out.endsWith(ch) ? run + 1 : 1;
    if (run <= (DOUBLE_OK.get(ch) ?? 1)) out += ch;
  }
  return out;
}

/** obscenity's pattern syntax treats [ ] ? | \ specially. */
function escapePattern(word: string): string {
  return word.replace(/[[\]?|\\]/g, (c) => `\\${c}`);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** A match counts only as a whole word: no letter or digit right before or after it (no Scunthorpe). */
function wholeWord(text: string, start: number, endInclusive: number): boolean {
  const before = start > 0 ? text[start - 1]! : '';
  const after = endInclusive + 1 < text.length ? text[endInclusive + 1]! : '';
  return !(before && LETTER_OR_DIGIT.test(before)) && !(after && LETTER_OR_DIGIT.test(after));
}

type WordHit = { word: string; found: string } | null;

export interface WordMatcher {
  /** The first listed word found as a whole word (with look-alike and repeated letters when obfuscation is on). */
  find(text: string): WordHit;
}

/** obscenity's reading of a text: look-alikes, leetspeak, ASCII lower case, repeated letters. */
const obfuscationTransformers = () => [
  resolveConfusablesTransformer(),
  resolveLeetSpeakTransformer(),
  toAsciiLowerCaseTransformer(),
  collapseDuplicatesTransformer({ defaultThreshold: 1, customThresholds: DOUBLE_OK }),
];

/** An obfuscation-aware matcher's words and their patterns, for a scan that joins several. */
const obfuscatedWords = new WeakMap<WordMatcher, { list: string[]; literals: string[] }>();

export function wordMatcher(words: string[], obfuscation: boolean): WordMatcher {
  const list = [...new Set(words.map((w) => w.trim()).filter(Boolean))];
  if (!obfuscation) {
    const lowered = list.map((w) => w.toLowerCase());
    return {
      find(text) {
        const t = scanned(text).toLowerCase();
        for (let i = 0; i < lowered.length; i++) {
          const w = lowered[i]!;
          let at = t.indexOf(w);
          while (at >= 0) {
            if (wholeWord(t, at, at + w.length - 1))
              return { word: list[i]!, found: text.slice(at, at + w.length) };
            at = t.indexOf(w, at + 1);
          }
        }
        return null;
      },
    };
  }
  const patterns = list.map((w) => parseRawPattern(escapePattern(collapseRuns(w.toLowerCase()))));
  const matcher = new RegExpMatcher({
    blacklistedTerms: assignIncrementingIds(patterns),
    blacklistMatcherTransformers: obfuscationTransformers(),
  });
  const made: WordMatcher = {
    find(text) {
      const t = scanned(text);
      for (const m of matcher.getAllMatches(t, true)) {
        if (wholeWord(t, m.startIndex, m.endIndex))
          return { word: list[m.termId]!, found: t.slice(m.startIndex, m.endIndex + 1) };
      }
      return null;
    },
  };
  // The words as the pattern reads them: one literal each (escapePattern leaves no wildcard).
  obfuscatedWords.set(made, { list, literals: list.map((w) => collapseRuns(w.toLowerCase())) });
  return made;
}

/** What a scan found for each of its matchers, per message (read by the word tests). */
const scannedWords = new WeakMap<RuleMessage, Map<WordMatcher, WordHit>>();

type TransformFn = (char: number) => number | undefined;
/** obscenity's transformer containers (simple, or stateful with a factory), as its TransformerSet reads them. */
type TransformerLike =
  { type: 0; transform: TransformFn } | { type: 1; factory: () => { transform: TransformFn; reset(): void } };

/**
 * A text as obscenity's matcher reads it: each code point through the transformers in turn
 * (dropped when one gives nothing), with where each unit of the result came from in the text.
 */
class Reading {
  private readonly steps: TransformFn[] = [];
  private readonly resets: (() => void)[] = [];

  constructor(transformers: unknown[]) {
    for (const t of transformers as TransformerLike[]) {
      if (t.type === 0) this.steps.push(t.transform);
      else {
        const s = t.factory();
        this.steps.push((c) => s.transform(c));
        this.resets.push(() => s.reset());
      }
    }
  }

  read(input: string): { text: string; from: number[] } {
    let text = '';
    const from: number[] = [];
    for (let i = 0; i < input.length;) {
      const at = i;
      let c = input.charCodeAt(i++);
      if (c >= 0xd800 && c <= 0xdbff && i < input.length) {
        const low = input.charCodeAt(i);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      let t: number | undefined = c;
      for (let k = 0; k < this.steps.length && t !== undefined; k++) t = this.steps[k]!(t);
      if (t === undefined) continue;
      const out = String.fromCodePoint(t);
      text += out;
      from.push(at);
      if (out.length === 2) from.push(at);
    }
    for (const r of this.resets) r();
    return { text, from };
  }
}

type TrieNode = { next: Map<number, TrieNode>; terms: number[] };

/**
 * The obfuscation-aware word lists of many rules read in one go. A text is read as obscenity
 * reads it (its own transformers: look-alikes, leetspeak, ASCII lower case, repeated letters)
 * once, and every listed word is looked for in that reading with one walk of a trie, where
 * obscenity runs a regular expression per word. Each list still gets its own first whole-word
 * match, the one its own matcher finds: per word, matches do not overlap (as a global regular
 * expression's), and they are taken in obscenity's order (position, end, then word).
 */
export class WordScan {
  private readonly reading = new Reading(obfuscationTransformers());
  private readonly root: TrieNode = { next: new Map(), terms: [] };
  /** Per term: its list's matcher and its word. */
  private readonly owners: { m: WordMatcher; word: string }[] = [];

  constructor(private readonly matchers: WordMatcher[]) {
    for (const m of matchers) {
      const words = obfuscatedWords.get(m)!;
      words.literals.forEach((literal, k) => {
        const term = this.owners.length;
        this.owners.push({ m, word: words.list[k]! });
        let node = this.root;
        for (let i = 0; i < literal.length; i++) {
          const c = literal.charCodeAt(i);
          let next = node.next.get(c);
          if (!next) node.next.set(c, (next = { next: new Map(), terms: [] }));
          node = next;
        }
        node.terms.push(term);
      });
    }
  }

  /** Reads the message for every list; the word tests then take the answers from it. */
  annotate(msg: RuleMessage): void {
    const t = scanned(msg.text);
    const { text, from } = this.reading.read(t);
    const found: { term: number; start: number; end: number }[] = [];
    const free = new Map<number, number>();
    for (let s = 0; s < text.length; s++) {
      let node: TrieNode | undefined = this.root;
      for (let k = s; k < text.length; k++) {
        node = node.next.get(text.charCodeAt(k));
        if (!node) break;
        for (const term of node.terms) {
          if (s < (free.get(term) ?? 0)) continue;
          free.set(term, k + 1);
          let end = from[k]!;
          // The end is inclusive: a character of two units ends at its second.
          if (end < t.length - 1 && isHigh(t.charCodeAt(end)) && isLow(t.charCodeAt(end + 1))) end++;
          found.push({ term, start: from[s]!, end });
        }
      }
    }
    found.sort((a, b) => a.start - b.start || a.end - b.end || a.term - b.term);
    const hits = new Map<WordMatcher, WordHit>();
    for (const m of this.matchers) hits.set(m, null);
    let left = this.matchers.length;
    for (const match of found) {
      const owner = this.owners[match.term]!;
      if (hits.get(owner.m) !== null || !wholeWord(t, match.start, match.end)) continue;
      hits.set(owner.m, { word: owner.word, found: t.slice(match.start, match.end + 1) });
      if (--left === 0) break;
    }
    scannedWords.set(msg, hits);
  }
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

const scanCache = new Map<string, WordScan>();
const matcherIds = new WeakMap<WordMatcher, number>();
let nextMatcherId = 1;

/** One scan over the obfuscation-aware lists of these rules (kept while the rules do not change), or null. */
export function wordScanFor(rules: CompiledConditions[]): WordScan | null {
  const matchers = [...new Set(rules.flatMap((r) => r.words))].filter((m) => obfuscatedWords.has(m));
  if (matchers.length < 2) return null;
  const key = matchers
    .map((m) => {
      let id = matcherIds.get(m);
      if (id === undefined) matcherIds.set(m, (id = nextMatcherId++));
      return id;
    })
    .join(',');
  let scan = scanCache.get(key);
  if (!scan) {
    if (scanCache.size >= 50) scanCache.clear();
    scan = new WordScan(matchers);
    scanCache.set(key, scan);
  }
  return scan;
}

// ---------------------------------------------------------------------------------------------
// Compiling

const IMAGE = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'bmp', 'heic', 'svg', 'tif', 'tiff']);
const VIDEO = new Set(['mp4', 'webm', 'mov', 'm4v', 'avi', 'mkv', 'ogv', '3gp']);
const AUDIO = new Set(['mp3', 'm4a', 'aac', 'ogg', 'oga', 'wav', 'flac', 'opus', 'weba']);

export function attachmentKind(file: { url: string; name?: string }): 'image' | 'video' | 'audio' | 'file' {
  const base = (file.name || file.url).split(/[?#]/)[0]!;
  const ext = (base.match(/\.([a-z0-9]{1,5})$/i)?.[1] ?? '').toLowerCase();
  if (IMAGE.has(ext)) return 'image';
  if (VIDEO.has(ext)) return 'video';
  if (AUDIO.has(ext)) return 'audio';
  return 'file';
}

/**
 * A test that cannot be answered: the fact it reads is not known yet (the thread's type before
 * its details are read, an AI flag's category). Neither a match nor a miss, so its negation is
 * unknown too, and a rule whose answer is unknown does not act: a rule never acts on what BM Desk
 * has not seen ("not in a group" must not fire in a group whose details were not read yet).
 */
export const UNKNOWN = Symbol('unknown');
type Answer = Because | null | typeof UNKNOWN;

type Test = (msg: RuleMessage, facts: RuleFacts) => Promise<Answer> | Answer;

type Node =
  | { kind: 'leaf'; cost: number; test: Test; words?: WordMatcher }
  | { kind: 'all' | 'any'; cost: number; children: Node[] }
  | { kind: 'not'; cost: number; child: Node };

/** A rule's conditions, ready to evaluate (compiled once per rule version). */
export interface CompiledConditions {
  readonly root: Node;
  /** Whether any test reads facts beyond the message (the sender, counts over the index). */
  readonly needsFacts: boolean;
  /** What it will ask of the facts, for a pass's prefetch. */
  readonly needs: FactNeeds;
  /** Its word lists (a pass reads the obfuscation-aware ones of all rules in one scan). */
  readonly words: WordMatcher[];
}

const because = (condition: RuleLeafType, detail: string): Because => ({ condition, detail });

function leafNeeds(leaf: RuleLeaf): FactNeeds {
  switch (leaf.type) {
    case 'guest':
    case 'account-younger':
      return { ...NO_NEEDS, sender: true };
    case 'few-messages':
      return { ...NO_NEEDS, messageCount: leaf.count };
    case 'spam-wave':
      return { ...NO_NEEDS, spamWaveMinutes: leaf.minutes };
    case 'flood':
      return { ...NO_NEEDS, floodSeconds: leaf.seconds, floodCap: leaf.messages + 1 };
    default:
      return NO_NEEDS;
  }
}

function treeNeeds(tree: RuleCondition): FactNeeds {
  if ('all' in tree || 'any' in tree) {
    return ('all' in tree ? tree.all : tree.any).map(treeNeeds).reduce(mergeNeeds, NO_NEEDS);
  }
  if ('not' in tree) return treeNeeds(tree.not);
  return leafNeeds(tree);
}

function compileLeaf(leaf: RuleLeaf): { cost: number; test: Test; words?: WordMatcher } {
  switch (leaf.type) {
    case 'words': {
      const matcher = wordMatcher(leaf.words, leaf.obfuscation ?? true);
      return {
        cost: 1,
        words: matcher,
        test: (msg) => {
          const scan = scannedWords.get(msg);
          const hit = scan?.has(matcher) ? scan.get(matcher)! : matcher.find(msg.text);
          return hit
            ? because(
                'words',
                hit.found.toLowerCase() === hit.word.toLowerCase()
                  ? hit.word
                  : `${hit.word} (as “${hit.found}”)`,
              )
            : null;
        },
      };
    }
    case 'regex': {
      const r = re2(leaf.pattern, leaf.caseSensitive ? '' : 'i');
      // The literal text every match contains: a message without it is a miss without RE2.
      const need = regexNeeds(leaf.pattern, !leaf.caseSensitive);
      // Anchored at the end: the characters the text must end with.
      const end = regexEndChars(leaf.pattern, !leaf.caseSensitive);
      return {
        cost: 1,
        test: (msg) => {
          if (!needMet(need, msg.text, !leaf.caseSensitive)) return null;
          if (end && !endAllows(end, scanned(msg.text))) return null;
          const m = firstMatch(r, msg.text);
          return m !== null ? because('regex', m.slice(0, 100)) : null;
        },
      };
    }
    case 'link':
      return {
        cost: 0,
        test: (msg) => {
          const hosts = linkHosts(msg.text);
          return hosts.length ? because('link', hosts[0]!.url.slice(0, 200)) : null;
        },
      };
    case 'domain-outside': {
      const allow = leaf.allow.map((d) => d.toLowerCase());
      return {
        cost: 0,
        test: (msg) => {
          const out = linkHosts(msg.text).find((h) => !domainAllowed(h.host, allow));
          return out ? because('domain-outside', out.host) : null;
        },
      };
    }
    case 'phone':
      return {
        cost: 1,
        test: (msg) => {
          // A phone number has at least 8 digits: most messages are ruled out without RE2.
          if (!hasDigits(msg.text, 8)) return null;
          const m = firstMatch(PHONE(), msg.text);
          return m !== null ? because('phone', m) : null;
        },
      };
    case 'email':
      return {
        cost: 1,
        test: (msg) => {
          if (!msg.text.includes('@')) return null;
          const m = firstMatch(EMAIL(), msg.text);
          return m !== null ? because('email', m) : null;
        },
      };
    case 'guest':
      return {
        cost: 5,
        test: (msg, facts) =>
          msg.senderId < 0
            ? because('guest', 'sent as a guest')
            : after(facts.sender(msg), (f) => (f.guest ? because('guest', 'sent as a guest') : null)),
      };
    case 'account-younger':
      return {
        cost: 5,
        test: (msg, facts) =>
          after(facts.sender(msg), ({ firstSeenAt }) => {
            const since = firstSeenAt ?? msg.createdAt;
            const days = (msg.createdAt.getTime() - since.getTime()) / 86_400_000;
            return days < leaf.days
              ? because('account-younger', `first seen ${Math.floor(days)} days before`)
              : null;
          }),
      };
    case 'few-messages':
      return {
        cost: 5,
        test: (msg, facts) =>
          after(facts.messageCount(msg, leaf.count), (n) =>
            n < leaf.count ? because('few-messages', `${n} messages`) : null,
          ),
      };
    case 'spam-wave':
      return {
        cost: 10,
        test: (msg, facts) =>
          after(facts.sameTextThreads(msg, leaf.minutes), (n) =>
            n >= leaf.threads
              ? because('spam-wave', `same text in ${n} threads within ${leaf.minutes} min`)
              : null,
          ),
      };
    case 'flood':
      return {
        cost: 5,
        test: (msg, facts) =>
          after(facts.recentFromSender(msg, leaf.seconds, leaf.messages + 1), (n) =>
            n > leaf.messages ? because('flood', `${n} messages within ${leaf.seconds} s`) : null,
          ),
      };
    case 'reports':
      return {
        cost: 0,
        test: (msg) => {
          const n = msg.reporters.length ? new Set(msg.reporters).size : msg.reportCount;
          return n >= leaf.count ? because('reports', `${n} reporters`) : null;
        },
      };
    case 'ai-flag':
      return {
        cost: 0,
        test: (msg) => {
          if (!msg.aiFlagged) return null;
          if (leaf.category) {
            if (msg.aiCategory === null) return UNKNOWN;
            if (msg.aiCategory.toLowerCase() !== leaf.category.toLowerCase()) return null;
          }
          return because('ai-flag', msg.aiCategory ?? 'flagged');
        },
      };
    case 'thread-type':
      return {
        cost: 0,
        test: (msg) =>
          msg.threadType === null
            ? UNKNOWN
            : (leaf.types as string[]).includes(msg.threadType)
              ? because('thread-type', msg.threadType)
              : null,
      };
    case 'attachment':
      return {
        cost: 0,
        test: (msg) => {
          const hit = msg.attachments.find((f) => (leaf.kinds as string[]).includes(attachmentKind(f)));
          return hit
            ? because('attachment', `${attachmentKind(hit)}: ${(hit.name || hit.url).slice(0, 120)}`)
            : null;
        },
      };
    default: {
      const never: never = leaf;
      throw new RuleCompileError(`Unknown condition ${(never as { type: string }).type}.`);
    }
  }
}

function compileNode(tree: RuleCondition, depth: number): Node {
  if (depth > 10) throw new RuleCompileError('The conditions are nested too deep.');
  if (tree && typeof tree === 'object') {
    if ('all' in tree || 'any' in tree) {
      const list = 'all' in tree ? tree.all : tree.any;
      if (!Array.isArray(list) || list.length === 0)
        throw new RuleCompileError('An empty group of conditions.');
      // Cheap tests first: a text test that fails spares the index queries.
      const children = list.map((c) => compileNode(c, depth + 1)).sort((a, b) => a.cost - b.cost);
      return {
        kind: 'all' in tree ? 'all' : 'any',
        cost: children.reduce((s, c) => s + c.cost, 0),
        children,
      };
    }
    if ('not' in tree) {
      const child = compileNode(tree.not, depth + 1);
      return { kind: 'not', cost: child.cost, child };
    }
    if ('type' in tree) return { kind: 'leaf', ...compileLeaf(tree) };
  }
  throw new RuleCompileError('A condition has no known shape.');
}

function usesFacts(node: Node): boolean {
  if (node.kind === 'leaf') return node.cost >= 5;
  if (node.kind === 'not') return usesFacts(node.child);
  return node.children.some(usesFacts);
}

/** Compiles a rule's condition tree; throws RuleCompileError (in words) when it cannot. */
function wordsOf(node: Node): WordMatcher[] {
  if (node.kind === 'leaf') return node.words ? [node.words] : [];
  if (node.kind === 'not') return wordsOf(node.child);
  return node.children.flatMap(wordsOf);
}

export function compileConditions(tree: RuleCondition): CompiledConditions {
  const root = compileNode(tree, 0);
  return { root, needsFacts: usesFacts(root), needs: treeNeeds(tree), words: wordsOf(root) };
}

type Result = Because[] | null | typeof UNKNOWN;

// Module-level, not per call: a pass calls these for every rule and message.
const leafResult = (h: Answer): Result => (h === UNKNOWN ? UNKNOWN : h ? [h] : null);
const negated = (x: Result): Result => (x === UNKNOWN ? UNKNOWN : x ? null : []);
const known = (x: Result): Because[] | null => (x === UNKNOWN ? null : x);

/**
 * Three-valued: the reasons (a match), null (a miss) or UNKNOWN, as SQL treats NULL. Synchronous
 * until a test asks the facts: a pass evaluates 20 rules over thousands of messages, and most
 * answers come from the text alone, without a promise per node.
 */
function evalNode(node: Node, msg: RuleMessage, facts: RuleFacts): Result | Promise<Result> {
  switch (node.kind) {
    case 'leaf': {
      const hit = node.test(msg, facts);
      return isPromise(hit) ? hit.then(leafResult) : leafResult(hit);
    }
    case 'all':
      return evalAll(node.children, 0, msg, facts, [], false);
    case 'any':
      return evalAny(node.children, 0, msg, facts, false);
    case 'not': {
      const r = evalNode(node.child, msg, facts);
      return isPromise(r) ? r.then(negated) : negated(r);
    }
  }
}

/** A miss anywhere is a miss; else one unknown leaves the whole unknown. */
function evalAll(
  children: Node[],
  from: number,
  msg: RuleMessage,
  facts: RuleFacts,
  out: Because[],
  unknown: boolean,
): Result | Promise<Result> {
  for (let i = from; i < children.length; i++) {
    const r = evalNode(children[i]!, msg, facts);
    if (isPromise(r)) {
      return r.then((x) =>
        x === null
          ? null
          : evalAll(
              children,
              i + 1,
              msg,
              facts,
              x === UNKNOWN ? out : [...out, ...x],
              unknown || x === UNKNOWN,
            ),
      );
    }
    if (r === null) return null;
    if (r === UNKNOWN) unknown = true;
    else out.push(...r);
  }
  return unknown ? UNKNOWN : out;
}

/** The first match; else unknown when any child was, else a miss. */
function evalAny(
  children: Node[],
  from: number,
  msg: RuleMessage,
  facts: RuleFacts,
  unknown: boolean,
): Result | Promise<Result> {
  for (let i = from; i < children.length; i++) {
    const r = evalNode(children[i]!, msg, facts);
    if (isPromise(r)) {
      return r.then((x) =>
        x !== null && x !== UNKNOWN ? x : evalAny(children, i + 1, msg, facts, unknown || x === UNKNOWN),
      );
    }
    if (r === UNKNOWN) unknown = true;
    else if (r) return r;
  }
  return unknown ? UNKNOWN : null;
}

/** Why the message matches the conditions, or null when it does not. */
export function matchMessage(
  compiled: CompiledConditions,
  msg: RuleMessage,
  facts: RuleFacts,
): Because[] | null | Promise<Because[] | null> {
  const r = evalNode(compiled.root, msg, facts);
  return isPromise(r) ? r.then(known) : known(r);
}
