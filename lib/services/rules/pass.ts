/**
 * The rules pass: after each incremental sync, every rule in dry run or on is evaluated over the
 * messages the index took in since the rules' cursor (trigger 'message', and 'pending' for held
 * ones) and the messages whose report count grew (trigger 'report'). Never on history: the cursor
 * starts at the highest id indexed when the site's first rule appears, and only moves over ids
 * the index has covered. One rule_matches row per (rule, trigger, message): never acted on twice.
 */
import 'server-only';
import { and, asc, eq, getTableColumns, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { wpUserIdsWithRoles, type BmClient } from '@/lib/infra/better-messages';
import { activeMemberColumns, activeMemberOf, type Member } from '@/lib/infra/auth/members';
import { members } from '@/lib/infra/db/schema';
import type { Db } from '@/lib/infra/db/client';
import { errorWords } from '@/lib/infra/db/error-words';
import { bigintArray, jsonRows, jsonValue, rowsOf, storable } from '@/lib/infra/db/rows';
import { loadProtected, protectedAccountsValue, type ProtectedSet } from '@/lib/services/policy/protected';
import type { MessageRow } from '@/lib/services/site-index/convert';
import { indexMessages, indexThreads, syncState, type SyncStateRow } from '@/lib/services/site-index/schema';
import { readState, type PassWrites } from '@/lib/services/site-index/sync/context';
import { openRanges } from '@/lib/services/site-index/sync/coverage';
import { registerSyncHooks } from '@/lib/services/site-index/sync/hooks';
import { openSite, type OpenedSite } from '@/lib/services/sites/open-site';
import {
  onlyReview,
  runActions,
  RuleActionBug,
  sendManyToReview,
  switchedByMember,
  type ActionOutcome,
} from './act';
import {
  compileConditions,
  type ExtraRead,
  indexFacts,
  isPromise,
  type FactNeeds,
  type KnownRange,
  matchMessage,
  mergeNeeds,
  NO_NEEDS,
  rowToRuleMessage,
  runExtraRead,
  ruleMessageColumns,
  RuleCompileError,
  BELOW_MAX,
  type Because,
  type CompiledConditions,
  type RuleFacts,
  type RuleMessage,
  wordScanFor,
} from './evaluate';
import { ruleMatches, rules, rulesCursor, rulesReportMarks } from './schema';
import { actionsSchema, boundedConditionSchema, TRIGGERS, type RuleAction, type RuleTrigger } from './tree';

/** New messages evaluated per pass at most (the rest the next pass). */
export const PASS_BATCH = 2000;

type RuleRow = typeof rules.$inferSelect;

interface LiveRule {
  row: RuleHead;
  compiled: CompiledConditions;
  actions: RuleAction[];
  triggers: Set<RuleTrigger>;
}

export interface PassContext {
  db: Db;
  siteId: number;
  client: BmClient;
  running?: () => boolean;
  /** What the incremental pass before this one stored: its new messages are not read again. */
  written?: PassWrites | null;
}

export interface PassSummary {
  evaluated: number;
  matched: number;
  acted: number;
  cursor: number | null;
}

// ---------------------------------------------------------------------------------------------
// Compiling (once per rule version)

const compiledCache = new Map<string, { compiled: CompiledConditions; actions: RuleAction[] }>();

const versionOf = (row: RuleHead) => `${row.id}:${row.updatedAt.getTime()}`;

/** A rule's columns but its conditions and actions, which are read only for a version not compiled yet. */
const { conditions: ruleConditions, actions: ruleActions, ...ruleHead } = getTableColumns(rules);
const ruleBody = { id: ruleHead.id, conditions: ruleConditions, actions: ruleActions };
type RuleHead = Omit<RuleRow, 'conditions' | 'actions'>;

function compileRule(
  row: RuleHead,
  body: Pick<RuleRow, 'conditions' | 'actions'> | undefined,
): { compiled: CompiledConditions; actions: RuleAction[] } {
  const key = versionOf(row);
  const hit = compiledCache.get(key);
  if (hit) return hit;
  if (!body) throw new RuleCompileError('The rule could not be read.');
  const tree = boundedConditionSchema.safeParse(body.conditions);
  if (!tree.success)
    throw new RuleCompileError(`The conditions are not valid: ${tree.error.issues[0]?.message}`);
  const actions = actionsSchema.safeParse(body.actions);
  if (!actions.success)
    throw new RuleCompileError(`The actions are not valid: ${actions.error.issues[0]?.message}`);
  const made = { compiled: compileConditions(tree.data), actions: actions.data };
  if (compiledCache.size > 1000) compiledCache.clear();
  compiledCache.set(key, made);
  return made;
}

/** Switches a rule off with the reason shown on the rules page; the sync goes on. */
export async function switchRuleOff(db: Db, ruleId: number, reason: string): Promise<void> {
  await db
    .update(rules)
    .set({ mode: 'off', error: reason.slice(0, 1000), errorAt: new Date() })
    .where(eq(rules.id, ruleId));
  console.error(`[rules] rule ${ruleId} switched off: ${reason}`);
}

// ---------------------------------------------------------------------------------------------
// The cursor

/** The highest id below which the index has every message: above an open catch-up range's floor, ids are missing. */
export function coveredTo(state: Pick<SyncStateRow, 'highestId' | 'catchUp'>): number {
  let to = state.highestId ?? 0;
  for (const r of openRanges(state)) to = Math.min(to, r.floor);
  return to;
}

/**
 * Starts the site's rules cursor at what the index holds now (call when a site's first rule is
 * saved; the pass calls it too). Messages and reports already there are history: never acted on.
 */
export async function startRulesCursor(db: Db, siteId: number): Promise<number> {
  const [existing] = await db.select().from(rulesCursor).where(eq(rulesCursor.siteId, siteId));
  if (existing) return existing.messageId;
  const state = await readState(db, siteId);
  const at = coveredTo(state);
  const inserted = await db
    .insert(rulesCursor)
    .values({ siteId, messageId: at })
    .onConflictDoNothing()
    .returning({ messageId: rulesCursor.messageId });
  if (inserted.length === 0) {
    const [row] = await db.select().from(rulesCursor).where(eq(rulesCursor.siteId, siteId));
    return row!.messageId;
  }
  // What is reported or pending now is history too.
  const m = indexMessages;
  await db.execute(sql`
    INSERT INTO ${rulesReportMarks} (site_id, message_id, report_count, pending_seen)
    SELECT ${m.siteId}, ${m.id}, ${m.reportCount}, ${m.pending}
    FROM ${m}
    WHERE ${m.siteId} = ${siteId} AND (${m.reportCount} > 0 OR ${m.pending})
    ON CONFLICT DO NOTHING`);
  return at;
}

// ---------------------------------------------------------------------------------------------
// Guards

/** Site users with one of these roles (WordPress user ids = the plugin's ids for members), cached a minute. */
const roleCache = new Map<string, { ids: Set<number>; at: number }>();

async function usersWithRoles(client: BmClient, siteId: number, roles: string[]): Promise<Set<number>> {
  const key = `${siteId}:${[...roles].sort().join(',')}`;
  const hit = roleCache.get(key);
  if (hit && Date.now() - hit.at < 60_000) return hit.ids;
  const ids = await wpUserIdsWithRoles(client, roles);
  roleCache.set(key, { ids, at: Date.now() });
  return ids;
}

// ---------------------------------------------------------------------------------------------
// The pass

interface Candidate {
  msg: RuleMessage;
  trigger: RuleTrigger;
  /** A report on a message the rules had not seen reported: only rules switched on before it act. */
  reportedAt?: Date | null;
  unmarked?: boolean;
}

/** Messages above the covered id already evaluated (the index read them past a gap): not again. */
const seenAbove = new Map<number, Set<number>>();

/**
 * What a site's last pass in this process left for the next one, used only when the next pass
 * starts at the cursor this one committed (another process moved it, or a pass stopped half-way:
 * read afresh).
 * - `range`: the rows the last passes read, for the next pass's windows (flood, spam wave): a
 *   burst's windows reach back over the previous passes' messages, which the database would
 *   otherwise read again every pass. One id range with every message the index held in it when
 *   it was read; it ends at the cursor, so the next pass's range continues it. A message deleted
 *   since still counts in a window: it was sent. Trimmed to the longest window and CARRY_MAX rows.
 * - `cooldown`: each rule's senders last matched within the longest cooldown, as the pass knew
 *   them (read at the start, and its own matches since), for the rules in `rules`; and the
 *   cooldown runs the passes fold a flood into (CooldownRun), with their rows' ids.
 */
interface Carried {
  cursor: number;
  range: KnownRange | null;
  cooldown: {
    longest: number;
    rules: Set<number>;
    last: Map<string, number>;
    runs: Map<string, CooldownRun>;
  } | null;
}
const carried = new Map<number, Carried>();
const CARRY_MAX = 20_000;
/** Sites whose windows held more rows than are kept (since when): asked per window for BELOW_RETRY_MS. */
const belowTooMany = new Map<number, number>();
const BELOW_RETRY_MS = 10 * 60_000;

/**
 * What the next pass may take from memory: the known rows up to the new cursor, within the
 * windows, and what is known below them (the rows dropped from the low end move its start past
 * their times, so that it stays true).
 */
function carryOver(siteId: number, known: KnownRange, to: number, needs: FactNeeds): KnownRange | null {
  const windowMs = Math.max(needs.spamWaveMinutes * 60_000, needs.floodSeconds * 1000);
  if (windowMs === 0 || to < known.lo) return null;
  let newest = -Infinity;
  for (const r of known.rows) if (r.id <= to) newest = Math.max(newest, r.createdAt.getTime());
  const cutoff = newest - windowMs;
  // Dropped from the low end only, so that the range stays whole: [lo, to] holds every row in it.
  let from = 0;
  let lo = known.lo;
  let end = known.rows.length;
  let droppedUpTo = -Infinity;
  while (end > 0 && known.rows[end - 1]!.id > to) end--;
  while (from < end && (end - from > CARRY_MAX || known.rows[from]!.createdAt.getTime() < cutoff)) {
    const at = known.rows[from]!.createdAt.getTime();
    // A row still within the windows dropped: the windows hold more than is kept.
    if (at >= cutoff) belowTooMany.set(siteId, Date.now());
    droppedUpTo = Math.max(droppedUpTo, at);
    lo = known.rows[from]!.id + 1;
    from++;
  }
  // Kept in place when nothing leaves (the window has not moved past its oldest rows).
  const rows = from === 0 && end === known.rows.length ? known.rows : known.rows.slice(from, end);
  let below: KnownRange['below'] = null;
  if (known.below) {
    const start = Math.max(known.below.from, droppedUpTo + 1);
    below = { from: start, rows: known.below.rows.filter((r) => r.createdAt.getTime() >= start) };
  }
  // Its index stays unless rows left from the top (read again by the next pass: not twice).
  const index = end === known.rows.length ? known.index : null;
  return { lo, hi: to, rows, below, index };
}

/** `to` with `more` appended (in place; push(...more) overflows the stack for long lists). */
function pushAll<T>(to: T[], more: T[]): T[] {
  for (const x of more) to.push(x);
  return to;
}

type FreshRow = ReturnType<typeof rowToFresh>;

function rowToFresh(siteId: number, r: MessageRow, threadType: string | null) {
  return {
    siteId,
    id: r.id,
    threadId: r.threadId,
    senderId: r.senderId,
    text: storable(r.text),
    createdAt: r.createdAt,
    pending: r.pending,
    reportCount: r.reportCount,
    reports: r.reports,
    aiFlagged: r.aiFlagged,
    attachments: r.attachments.map((f) => ({ ...f, url: storable(f.url) })),
    threadType,
  };
}

type Bound = number | SQL;

/**
 * A value the rules' statement answers once (a scalar sub-select), on its first row only: the
 * driver parses a JSON value on every row that carries it.
 */
const firstRuleOnly = (value: SQL) =>
  sql`CASE WHEN row_number() OVER (ORDER BY ${rules.id}) = 1 THEN ${value} END`;

/**
 * What was recorded for these messages, as a part of the facts' statement (kind 'r': a = rule,
 * b = message, txt = trigger): each id looked up in rule_matches_message. One array parameter,
 * not a list of them: the statement costs the same for 10 ids or 2,000. A lookup per id, fenced
 * (OFFSET 0), because with no statistics (autovacuum may be off) the planner took a site's
 * matches for a few thousand and walked all of them: 180 ms at a million (bench/rules-recorded.ts).
 */
export function recordedPart(siteId: number, messageIds: number[]): SQL {
  return sql`SELECT 'r' AS kind, r.rule_id::bigint AS a, r.message_id AS b, NULL::timestamptz AS at,
    r.trigger AS txt, NULL::boolean AS flag, NULL::int AS n, NULL::bigint AS thread
    FROM unnest(${bigintArray(messageIds)}) AS x(id)
    CROSS JOIN LATERAL (
      SELECT rule_id, message_id, trigger FROM ${ruleMatches}
      WHERE site_id = ${siteId} AND message_id = x.id OFFSET 0
    ) r`;
}

/** Sites whose last rules pass found rules: only theirs carry the check of what was stored. */
const sitesWithRules = new Set<number>();

/**
 * What the index says of the rows an incremental pass stored, as one JSON value a statement can
 * carry (a scalar sub-select: computed once however many rows carry it): how many rows lie
 * above the cursor up to `highest`, how many of them a transaction other than the pass's wrote
 * last, the types of the threads, whether any report count grew, and the highest id indexed.
 * Null: nothing handed over.
 */
function writtenCheck(siteId: number, written: PassWrites, cursor: Bound, highest: Bound): SQL | null {
  if (written.xids.size === 0 || written.rows.size === 0) return null;
  const threads = [...new Set([...written.rows.values()].map((r) => r.threadId))];
  const mk = rulesReportMarks;
  return sql`(SELECT json_build_object(
      'n', count(*),
      'other', count(*) FILTER (WHERE NOT (m.xmin::text::bigint = ANY(${bigintArray([...written.xids])}))),
      'types', (SELECT json_agg(json_build_array(t.id, t.type)) FROM ${indexThreads} t
        WHERE t.site_id = ${siteId} AND t.id = ANY(${bigintArray(threads)})),
      'grew', EXISTS (SELECT 1 FROM ${indexMessages}
        LEFT JOIN ${mk} ON ${mk.siteId} = ${indexMessages.siteId} AND ${mk.messageId} = ${indexMessages.id}
        WHERE ${reportsGrown(siteId, highest)}),
      'max', (SELECT max(x.id) FROM ${indexMessages} x WHERE x.site_id = ${siteId}))
    FROM ${indexMessages} m
    WHERE m.site_id = ${siteId} AND m.id > ${cursor} AND m.id <= ${highest})`;
}

/** What `writtenCheck` answers. */
interface WrittenCheck {
  n: number;
  other: number;
  types: [number | string, string | null][] | null;
  grew: boolean;
  max: number | string | null;
}

const parseCheck = (check: unknown) => jsonValue<WrittenCheck | null>(check);

/**
 * The new messages (ids above the cursor up to `highest`) as the incremental pass just stored
 * them, when the index holds exactly those rows as that pass left them (`check`, from
 * `writtenCheck`): as many, and each last written by one of its transactions (a moderator's
 * approve or delete since, or a row another writer stored, is another transaction). Else null:
 * they are read from the index.
 */
function takeWritten(
  siteId: number,
  written: PassWrites,
  c: WrittenCheck | null,
  cursor: number,
  highest: number,
): { rows: FreshRow[]; reportsGrew: boolean } | null {
  if (!c) return null;
  const rows = [...written.rows.values()]
    .filter((r) => r.id > cursor && r.id <= highest)
    .sort((a, b) => a.id - b.id);
  if (rows.length === 0 || rows.length >= PASS_BATCH) return null;
  if (Number(c.n) !== rows.length || Number(c.other) !== 0) return null;
  const types = new Map((c.types ?? []).map(([id, type]) => [Number(id), type]));
  return {
    rows: rows.map((r) => rowToFresh(siteId, r, types.get(r.threadId) ?? null)),
    reportsGrew: c.grew === true,
  };
}

/** `takeWritten` with its own statement (the pass carries the check in its first one). */
export async function asWritten(
  db: Db,
  siteId: number,
  written: PassWrites,
  cursor: number,
  highest: number,
): Promise<{ rows: FreshRow[]; reportsGrew: boolean } | null> {
  const check = writtenCheck(siteId, written, cursor, highest);
  if (!check) return null;
  const [row] = rowsOf<{ written_check: unknown }>(await db.execute(sql`SELECT ${check} AS written_check`));
  return takeWritten(siteId, written, parseCheck(row?.written_check ?? null), cursor, highest);
}

/**
 * Messages (with a report, up to `highest`) whose report count grew since the rules last saw it:
 * reported rows first (the partial index), joined with their marks.
 */
function reportsGrown(siteId: number, highest: Bound) {
  const m = indexMessages;
  const mk = rulesReportMarks;
  return sql`${m.siteId} = ${siteId} AND ${m.id} <= ${highest} AND ${m.reportCount} > 0
    AND ${m.reportCount} > coalesce(${mk.reportCount}, 0)`;
}

function latestReportTime(reports: { time: string | null }[]): Date | null {
  let latest: number | null = null;
  for (const r of reports) {
    const t = r.time ? Date.parse(r.time) : NaN;
    if (!Number.isNaN(t)) latest = Math.max(latest ?? t, t);
  }
  return latest === null ? null : new Date(latest);
}

export async function runRulesPass(ctx: PassContext): Promise<PassSummary> {
  const { db, siteId } = ctx;
  const summary: PassSummary = { evaluated: 0, matched: 0, acted: 0, cursor: null };
  // Taken once, whatever this pass does: what a pass stored is never kept past the next one.
  const written = ctx.written;
  ctx.written = null;
  // The rules (with the member who switched each on), the cursor and what the index covers, in
  // one statement; read only (the sync made the state row before there was anything to
  // evaluate). No rules: nothing to do.
  const read = await db
    .select({
      rule: ruleHead,
      switcher: activeMemberColumns,
      cursor: rulesCursor.messageId,
      stateOf: syncState.siteId,
      highestId: syncState.highestId,
      catchUp: syncState.catchUp,
      // Whether what the incremental pass stored can stand for the new messages (one sub-select);
      // not asked of a site that had no rules at its last pass (most sites: planned for nothing).
      check: sql<unknown>`${firstRuleOnly(
        (written && sitesWithRules.has(siteId)
          ? writtenCheck(
              siteId,
              written,
              sql`(SELECT ${rulesCursor.messageId} FROM ${rulesCursor} WHERE ${rulesCursor.siteId} = ${siteId})`,
              sql`(SELECT ${syncState.highestId} FROM ${syncState} WHERE ${syncState.siteId} = ${siteId})`,
            )
          : null) ?? sql`NULL`,
      )}`,
      // Who is marked protected or a support account, for the guards.
      accounts: sql<unknown>`${firstRuleOnly(
        sitesWithRules.has(siteId) ? protectedAccountsValue(siteId) : sql`NULL`,
      )}`,
    })
    .from(rules)
    .leftJoin(members, eq(members.id, rules.switchedBy))
    .leftJoin(rulesCursor, eq(rulesCursor.siteId, rules.siteId))
    .leftJoin(syncState, eq(syncState.siteId, rules.siteId))
    .where(eq(rules.siteId, siteId))
    .orderBy(asc(rules.id));
  const at = read[0];
  if (at) sitesWithRules.add(siteId);
  else sitesWithRules.delete(siteId);
  if (!at) return summary;
  const siteRules = read.map((r) => r.rule);
  if (at.cursor === null) {
    summary.cursor = await startRulesCursor(db, siteId);
    return summary;
  }
  const cursor = at.cursor;
  if (at.stateOf === null || at.catchUp === null) return summary;
  const state = { highestId: at.highestId, catchUp: at.catchUp };
  const covered = coveredTo(state);
  const highest = state.highestId ?? 0;

  // Conditions and actions only for the versions not compiled yet (a rule just saved).
  const active = siteRules.filter((row) => row.mode === 'dry-run' || row.mode === 'on');
  const unread = active.filter((row) => !compiledCache.has(versionOf(row))).map((row) => row.id);
  const bodies = new Map(
    unread.length === 0
      ? []
      : (await db.select(ruleBody).from(rules).where(inArray(rules.id, unread))).map((b) => [b.id, b]),
  );
  const live: LiveRule[] = [];
  for (const row of active) {
    try {
      const { compiled, actions } = compileRule(row, bodies.get(row.id));
      const triggers = new Set(
        row.triggers.filter((t): t is RuleTrigger => (TRIGGERS as readonly string[]).includes(t)),
      );
      live.push({ row, compiled, actions, triggers });
    } catch (e) {
      await switchRuleOff(
        db,
        row.id,
        e instanceof RuleCompileError ? e.message : `It could not be read: ${(e as Error).message}`,
      );
    }
  }

  const m = indexMessages;
  const t = indexThreads;
  const columns = ruleMessageColumns();
  const check = parseCheck(at.check);
  const handed = written ? takeWritten(siteId, written, check, cursor, highest) : null;
  const fresh =
    handed?.rows ??
    (await db
      .select(columns)
      .from(m)
      .leftJoin(t, and(eq(t.siteId, m.siteId), eq(t.id, m.threadId)))
      .where(and(eq(m.siteId, siteId), gt(m.id, cursor), lte(m.id, highest)))
      .orderBy(asc(m.id))
      .limit(PASS_BATCH));
  const above = seenAbove.get(siteId) ?? new Set<number>();
  const fresher = fresh.filter((r) => !above.has(r.id));
  // The cursor moves over what was read, never past the covered ids.
  const full = fresh.length === PASS_BATCH;
  const lastRead = fresh.length ? fresh[fresh.length - 1]!.id : cursor;
  const nextCursor = Math.max(cursor, Math.min(covered, full ? lastRead : highest));
  // Read whole: every row from the cursor up to the highest id (or the last row, when cut).
  const readTo = full ? lastRead : Math.max(cursor, highest);
  const before = carried.get(siteId);
  carried.delete(siteId);
  const continues = before && before.cursor === cursor ? before : null;
  const range = continues?.range ?? null;
  // What was just read, after the rows the last passes read when it continues them.
  const tooMany = belowTooMany.get(siteId);
  if (tooMany !== undefined && Date.now() - tooMany > BELOW_RETRY_MS) belowTooMany.delete(siteId);
  const known: KnownRange = {
    lo: range ? range.lo : cursor + 1,
    hi: readTo,
    // The carried rows grow in place (this pass owns them now): a copy a pass is a burst of garbage.
    rows: pushAll(
      range?.rows ?? [],
      fresh.map(({ id, senderId, threadId, createdAt, text }) => ({
        id,
        senderId,
        threadId,
        createdAt,
        text,
      })),
    ),
    index: range?.index ?? null,
    below: range?.below ?? null,
    readBelow: belowTooMany.has(siteId) ? 0 : BELOW_MAX,
    // No message above what was read (the index's highest id, as the check read it).
    top: !full && check?.max != null && Number(check.max) <= readTo,
  };

  // Reports that grew since the rules last saw them (and pending ones not seen yet below the cursor).
  const mk = rulesReportMarks;
  // The handed-over check already asked whether there are any.
  const grown =
    handed && !handed.reportsGrew
      ? []
      : await db
          .select({
            ...columns,
            markCount: mk.reportCount,
            marked: sql<boolean>`${mk.messageId} IS NOT NULL`,
          })
          .from(m)
          .leftJoin(t, and(eq(t.siteId, m.siteId), eq(t.id, m.threadId)))
          .leftJoin(mk, and(eq(mk.siteId, m.siteId), eq(mk.messageId, m.id)))
          .where(reportsGrown(siteId, highest))
          .limit(PASS_BATCH);

  const candidates: Candidate[] = [];
  for (const r of fresher) {
    const msg = rowToRuleMessage(r, r.threadType);
    candidates.push({ msg, trigger: 'message' });
    if (msg.pending) candidates.push({ msg, trigger: 'pending' });
  }
  for (const r of grown) {
    candidates.push({
      msg: rowToRuleMessage(r, r.threadType),
      trigger: 'report',
      reportedAt: latestReportTime(r.reports),
      unmarked: !r.marked && r.id <= cursor,
    });
  }

  const needs: FactNeeds = live.map((r) => r.compiled.needs).reduce(mergeNeeds, NO_NEEDS);
  let cooldown = continues?.cooldown ?? null;
  let committed = false;
  // Cooldown runs whose rows are behind and that no pass of this one will write: those of a last
  // pass this one does not continue, and (below) those due when nothing is evaluated.
  const runUpdates =
    !continues && before?.cooldown ? dueRunUpdates(before.cooldown.runs.values(), Date.now(), true) : [];
  // The end of the pass, as parts of a WITH: the cursor moved, and the marks of reports dismissed
  // since lowered (a new one counts again). Driven from the marks still counting reports (a few),
  // each message looked up by its key: never a scan of the site's messages.
  const commitParts = (): SQL[] => [
    ...(runUpdates.length > 0 ? [outcomesUpdate('runs', runUpdates)] : []),
    ...(nextCursor !== cursor
      ? [
          sql`moved AS (UPDATE ${rulesCursor} SET message_id = ${nextCursor}, updated_at = ${new Date()}
            WHERE site_id = ${siteId})`,
        ]
      : []),
    sql`lowered AS (UPDATE ${mk} SET report_count = x.now
      FROM (
        SELECT k.message_id,
          (SELECT ${m.reportCount} FROM ${m} WHERE ${m.siteId} = ${siteId} AND ${m.id} = k.message_id) AS now
        FROM ${mk} k
        WHERE k.site_id = ${siteId} AND k.report_count > 0
      ) x
      WHERE ${mk.siteId} = ${siteId} AND ${mk.messageId} = x.message_id AND x.now < ${mk.reportCount})`,
  ];
  if (live.length > 0 && candidates.length > 0) {
    const facts = indexFacts(db, siteId);
    // Who switched each rule on, as read with the rules (still active or not).
    const switchers = new Map<number, Member | null>();
    for (const r of read)
      if (r.rule.switchedBy !== null) switchers.set(r.rule.switchedBy, activeMemberOf(r.switcher));
    const pass = new PassActor(ctx, live, facts, switchers, at.accounts);
    // What was recorded for these messages and who is in a cooldown: read in the facts' statement.
    // A pass that continues this process's last one asks only of reported messages: nothing
    // else recorded the new ones (and were it another process, recording them once more is
    // refused by the rows' key, so never acted on twice); its cooldowns come from that pass.
    const recordedOf = continues ? candidates.filter((c) => c.trigger === 'report') : candidates;
    const preload = pass.preloadRead(
      [...new Set(recordedOf.map((c) => c.msg.id))],
      continues?.cooldown ?? null,
    );
    // A few queries for the whole batch instead of a few per message.
    if (needs !== NO_NEEDS && facts.prefetch) {
      const msgs = new Map(candidates.map((c) => [c.msg.id, c.msg]));
      // The new messages were just read as one id range: the facts take them from memory.
      // Reported messages from before (a few) ask their own queries, so that the new ones are
      // read from memory and their windows stay around their own time.
      const all = [...msgs.values()];
      const inRange = all.filter((x) => x.id >= known.lo && x.id <= known.hi);
      const few = all.length - inRange.length <= 50;
      await facts.prefetch(few ? inRange : all, needs, known, preload);
      // Its windows held too many rows below the range to keep: asked per window for a while.
      if (!known.readBelow && !belowTooMany.has(siteId)) belowTooMany.set(siteId, Date.now());
    } else {
      await runExtraRead(db, preload);
    }
    // The word lists of every rule read each message once.
    const scan = wordScanFor(live.map((r) => r.compiled));
    if (scan) for (const msg of new Set(candidates.map((c) => c.msg))) scan.annotate(msg);
    let interrupted = false;
    for (const c of candidates) {
      if (ctx.running && !ctx.running()) {
        interrupted = true;
        break;
      }
      summary.evaluated++;
      for (const rule of pass.rules) {
        if (!rule.triggers.has(c.trigger)) continue;
        // A report the rules never saw counted is new only if made after the rule was switched on.
        if (c.trigger === 'report' && c.unmarked) {
          const since = rule.row.switchedAt ?? rule.row.createdAt;
          if (!c.reportedAt || c.reportedAt < since) continue;
        }
        // Synchronous unless a test asks the facts: no promise per rule and message.
        const matched = pass.match(rule, c);
        const because = isPromise(matched) ? await matched : matched;
        if (!because) continue;
        const r = await pass.consider(rule, c, because);
        if (r === 'matched' || r === 'queued') summary.matched++;
      }
    }
    // What ends the pass, with the matches when nothing acts (else after the actions).
    const ready = !pass.aborted && !interrupted && grown.length === 0;
    summary.acted = await pass.flush(ready ? commitParts() : null);
    committed = pass.committed;
    cooldown = pass.cooldownsAfter();
    // Stopped half-way or without the guards: the cursor stays, the next pass goes over them again.
    if (pass.aborted || interrupted) return summary;
  }

  // Commit what was read: the report marks, the cursor, and what was seen above the covered ids.
  summary.cursor = nextCursor;
  if (cooldown && !committed && cooldown === continues?.cooldown)
    runUpdates.push(...dueRunUpdates(cooldown.runs.values(), Date.now()));
  if (grown.length) {
    await db
      .insert(mk)
      .values(
        grown.map((r) => ({ siteId, messageId: r.id, reportCount: r.reportCount, pendingSeen: r.pending })),
      )
      .onConflictDoUpdate({
        target: [mk.siteId, mk.messageId],
        set: { reportCount: sql`excluded.report_count` },
      });
  }
  if (!committed) await db.execute(sql`WITH ${sql.join(commitParts(), sql`, `)} SELECT 1`);
  // Committed: what this process keeps for the next pass.
  carried.set(siteId, {
    cursor: nextCursor,
    range: carryOver(siteId, known, nextCursor, needs),
    cooldown: cooldown ?? null,
  });
  for (const r of fresher) if (r.id > nextCursor) above.add(r.id);
  for (const id of above) if (id <= nextCursor) above.delete(id);
  if (above.size) seenAbove.set(siteId, above);
  else seenAbove.delete(siteId);
  return summary;
}

type MatchRow = Required<
  Pick<
    typeof ruleMatches.$inferInsert,
    | 'ruleId'
    | 'siteId'
    | 'trigger'
    | 'messageId'
    | 'threadId'
    | 'senderId'
    | 'dryRun'
    | 'skipped'
    | 'because'
    | 'outcomes'
  >
>;

/** Ids of a cooldown row's folded messages shown at most. */
const FOLD_IDS_SHOWN = 50;

/**
 * A flood in a sender's cooldown is one row per rule and sender and cooldown, not one per
 * message (nor per pass: a flood lasts many): the first match's row, with the others' count and
 * ids (the first FOLD_IDS_SHOWN) as a `cooldown` outcome that the rule's page shows and its
 * counters add up. The passes of one process fold into the row while they continue each other.
 */
interface CooldownRun {
  /** The run's first match, while not written yet (this pass). */
  row: MatchRow | null;
  /** Its rule_matches row, once written. */
  id: number | null;
  /** When the sender's match that started the cooldown was recorded (lastMatched). */
  since: number;
  /** When that cooldown ends. */
  until: number;
  more: number;
  shown: number[];
  /** Folded into since its row was last written, and whether the ids shown changed. */
  changed: boolean;
  shownChanged: boolean;
  writtenAt: number;
}

/**
 * A run's row is brought up to date when the ids it shows change, else at most once a
 * RUN_WRITE_MS and in its cooldown's last RUN_WRITE_MS: a flood folds into its runs every pass,
 * and rewriting each run's row every pass cost more than the rest of the pass's writes. So the
 * count a rule's page shows for a long flood may be up to a minute behind.
 */
const RUN_WRITE_MS = 60_000;

type OutcomesUpdate = { id: number; outcomes: Record<string, unknown>[] };

/** The runs whose rows are due to be written (`all`: every one folded into since), marked written. */
function dueRunUpdates(runs: Iterable<CooldownRun>, now: number, all = false): OutcomesUpdate[] {
  const out: OutcomesUpdate[] = [];
  for (const run of runs) {
    if (!run.changed || run.id === null) continue;
    if (!all && !run.shownChanged && now - run.writtenAt < RUN_WRITE_MS && run.until - now >= RUN_WRITE_MS)
      continue;
    out.push({ id: run.id, outcomes: [foldedOutcome(run)] });
    Object.assign(run, { changed: false, shownChanged: false, writtenAt: now });
  }
  return out;
}

/** Match rows' new outcomes, as a part of a WITH named `name`. */
function outcomesUpdate(name: string, updates: OutcomesUpdate[]): SQL {
  return sql`${sql.identifier(name)} AS (UPDATE ${ruleMatches} SET outcomes = v.outcomes
    FROM jsonb_to_recordset(${jsonRows(updates)}::jsonb) AS v(id bigint, outcomes jsonb)
    WHERE ${ruleMatches.id} = v.id)`;
}

function foldedOutcome(run: Pick<CooldownRun, 'more' | 'shown'>): Record<string, unknown> {
  const shown = run.shown.map((id) => `#${id}`);
  return {
    type: 'cooldown',
    outcome: 'skipped',
    more: run.more,
    message: `${run.more} more of this sender's messages matched within the cooldown: ${shown.join(', ')}${run.more > shown.length ? ', …' : ''}`,
  };
}

/**
 * Writes match rows in one statement with one parameter (the rows as JSON): a pass records
 * hundreds (dry runs, cooldowns), and building a statement with ten parameters per row costs
 * more than the insert itself. Rows already recorded (another process) are left; returns the
 * ids of those written, by `${rule}:${trigger}:${message}`. In the same statement: `outcomes`,
 * rows written before whose outcomes change (cooldown runs), and `also`, the caller's own
 * data-modifying parts of a WITH (`name AS (…)`).
 */
async function insertMatches(
  db: Db,
  rows: MatchRow[],
  outcomes: OutcomesUpdate[] = [],
  also: SQL[] = [],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const parts = [...also];
  if (outcomes.length > 0) parts.push(outcomesUpdate('updated', outcomes));
  const ctes = parts.length > 0 ? sql`WITH ${sql.join(parts, sql`, `)} ` : sql``;
  if (rows.length === 0) {
    if (parts.length > 0) await db.execute(sql`${ctes}SELECT 1`);
    return out;
  }
  const written = await db.execute(sql`
    ${ctes}INSERT INTO ${ruleMatches} (rule_id, site_id, "trigger", message_id, thread_id, sender_id, dry_run, skipped, because, outcomes)
    SELECT r.rule_id, r.site_id, r."trigger", r.message_id, r.thread_id, r.sender_id, r.dry_run, r.skipped,
      coalesce(r.because, '[]'::jsonb), coalesce(r.outcomes, '[]'::jsonb)
    FROM jsonb_to_recordset(${jsonRows(
      rows.map((r) => ({
        rule_id: r.ruleId,
        site_id: r.siteId,
        trigger: r.trigger,
        message_id: r.messageId,
        thread_id: r.threadId,
        sender_id: r.senderId,
        dry_run: r.dryRun,
        skipped: r.skipped,
        because: r.because,
        outcomes: r.outcomes,
      })),
    )}::jsonb) AS r(rule_id int, site_id int, "trigger" text, message_id bigint, thread_id bigint,
      sender_id bigint, dry_run boolean, skipped text, because jsonb, outcomes jsonb)
    ON CONFLICT DO NOTHING
    RETURNING id, rule_id, "trigger", message_id`);
  for (const r of rowsOf<{ id: number; rule_id: number; trigger: string; message_id: number }>(written))
    out.set(`${Number(r.rule_id)}:${r.trigger}:${Number(r.message_id)}`, Number(r.id));
  return out;
}

/**
 * One pass's matching and acting, with what it loads once: protected accounts, members, the site,
 * the matches already recorded for these messages and each rule's senders still in cooldown.
 * Matches that do nothing (dry run, skipped) are written together at the end of the pass; a match
 * that acts is written before it acts, so it is never acted on twice.
 */
class PassActor {
  aborted = false;
  /** Whether flush wrote the commit it was given. */
  committed = false;
  private protectedSet: Promise<ProtectedSet> | null = null;
  private members = new Map<number, Promise<Member | null>>();
  private site: Promise<OpenedSite> | null = null;
  /** Rules switched off during the pass, with why. */
  private off = new Map<number, string>();
  /** `${rule}:${trigger}:${message}` already recorded. */
  private recorded = new Set<string>();
  /** `${rule}:${sender}` → when last matched (not skipped). */
  private lastMatched = new Map<string, number>();
  /** For which rules, and how far back, `lastMatched` holds every match (as preloadRead set it up). */
  private cooldownKnown: { longest: number; rules: Set<number> } | null = null;
  private buffered: MatchRow[] = [];
  /** `${rule}:${trigger}:${sender}` → the sender's cooldown run: its first row and what is folded into it. */
  private runs = new Map<string, CooldownRun>();
  /** Runs another took the place of, folded into since their row was written. */
  private retired: CooldownRun[] = [];
  /** Matches that act, carried out together when the pass has evaluated every message. */
  private toAct: { row: MatchRow; rule: LiveRule; msg: RuleMessage; trigger: RuleTrigger; member: Member }[] =
    [];

  constructor(
    private ctx: PassContext,
    readonly rules: LiveRule[],
    private facts: RuleFacts,
    /** The members who switched the rules on, read with the rules. */
    private switchers: Map<number, Member | null> = new Map(),
    /** The support and marked protected accounts, when read with the rules (protectedAccountsValue). */
    private accounts: unknown = null,
  ) {}

  /**
   * What was recorded for these messages (kind 'r': a = rule, b = message, txt = trigger), and
   * the senders matched within each rule's cooldown (kind 'c': a = rule, b = sender, at = last),
   * as parts of the facts' statement.
   */
  preloadRead(messageIds: number[], memo: Carried['cooldown']): ExtraRead {
    const { siteId } = this.ctx;
    const ruleIds = this.rules.map((r) => r.row.id);
    const rm = ruleMatches;
    const parts: SQL[] = [];
    const longest = Math.max(0, ...this.rules.map((r) => r.row.cooldownSeconds));
    // The last pass's cooldowns, when they hold every rule and reach back as far.
    const fromMemo = memo !== null && memo.longest >= longest && ruleIds.every((id) => memo.rules.has(id));
    if (fromMemo) for (const [key, at] of memo.last) this.lastMatched.set(key, at);
    // The runs go on only where the cooldown read is the one they began in; the others' rows are
    // still written when due.
    for (const [key, run] of memo?.runs ?? []) this.runs.set(key, { ...run, shown: [...run.shown] });
    this.cooldownKnown = fromMemo ? memo : { longest, rules: new Set(ruleIds) };
    if (ruleIds.length > 0 && messageIds.length > 0) parts.push(recordedPart(siteId, messageIds));
    if (!fromMemo && ruleIds.length > 0 && longest > 0) {
      parts.push(sql`SELECT 'c' AS kind, ${rm.ruleId}::bigint AS a, ${rm.senderId} AS b, max(${rm.at}) AS at,
        NULL::text AS txt, NULL::boolean AS flag, NULL::int AS n, NULL::bigint AS thread
        FROM ${rm}
        WHERE ${rm.ruleId} = ANY(${bigintArray(ruleIds)})
          AND ${rm.at} > ${new Date(Date.now() - longest * 1000)} AND ${rm.skipped} IS NULL
        GROUP BY ${rm.ruleId}, ${rm.senderId}`);
    }
    return {
      parts,
      take: (r) => {
        if (r.kind === 'r') this.recorded.add(`${Number(r.a)}:${r.txt}:${Number(r.b)}`);
        else if (r.kind === 'c')
          this.lastMatched.set(`${Number(r.a)}:${Number(r.b)}`, new Date(r.at!).getTime());
      },
    };
  }

  private guardsFor(): Promise<ProtectedSet> {
    this.protectedSet ??= loadProtected(this.ctx.siteId, {
      client: this.ctx.client,
      stale: true,
      accounts: this.accounts,
    });
    return this.protectedSet;
  }

  private async skipReason(
    rule: LiveRule,
    msg: RuleMessage,
  ): Promise<{ why: string; cooldown: boolean } | null> {
    const why = (await this.guardsFor()).reasonFor(msg.senderId);
    if (why) return { why: `protected account: ${why}`, cooldown: false };
    if (rule.row.exemptRoles.length > 0 && msg.senderId > 0) {
      const exempt = await usersWithRoles(this.ctx.client, this.ctx.siteId, rule.row.exemptRoles);
      if (exempt.has(msg.senderId))
        return { why: `exempt role (${rule.row.exemptRoles.join(', ')})`, cooldown: false };
    }
    if (rule.row.cooldownSeconds > 0) {
      const last = this.lastMatched.get(`${rule.row.id}:${msg.senderId}`);
      if (last !== undefined && Date.now() - last < rule.row.cooldownSeconds * 1000) {
        return { why: `cooldown: this sender matched within ${rule.row.cooldownSeconds} s`, cooldown: true };
      }
    }
    return null;
  }

  /** Why the rule matches the message, or null (also when the rule is off or fails: it goes off). */
  match(rule: LiveRule, c: Candidate): Because[] | null | Promise<Because[] | null> {
    if (this.aborted || this.off.has(rule.row.id)) return null;
    try {
      const r = matchMessage(rule.compiled, c.msg, this.facts);
      return isPromise(r) ? r.catch((e: unknown) => this.failed(rule, c, e)) : r;
    } catch (e) {
      return this.failed(rule, c, e);
    }
  }

  /** A rule that threw is switched off with the reason; the pass goes on without it. */
  private async failed(rule: LiveRule, c: Candidate, e: unknown): Promise<null> {
    const why = `It failed on message #${c.msg.id}: ${errorWords(e)}`;
    this.off.set(rule.row.id, why);
    await switchRuleOff(this.ctx.db, rule.row.id, why);
    return null;
  }

  async consider(
    rule: LiveRule,
    c: Candidate,
    because: Because[],
  ): Promise<'none' | 'matched' | 'queued' | 'skipped'> {
    if (this.aborted || this.off.has(rule.row.id)) return 'none';
    const { db, siteId } = this.ctx;
    // Already recorded (an earlier pass, another process): never twice.
    const key = `${rule.row.id}:${c.trigger}:${c.msg.id}`;
    if (this.recorded.has(key)) return 'none';
    let skip: { why: string; cooldown: boolean } | null;
    try {
      skip = await this.skipReason(rule, c.msg);
    } catch (e) {
      // Without knowing who is protected, no decision: the next pass tries again.
      console.error(`[rules] site ${siteId}: guards unknown, pass stopped: ${(e as Error).message}`);
      this.aborted = true;
      return 'none';
    }
    const skipped = skip?.why ?? null;
    const dryRun = rule.row.mode === 'dry-run';
    // A sender's further matches within one cooldown join the first one's row.
    const run = skip?.cooldown ? `${rule.row.id}:${c.trigger}:${c.msg.senderId}` : null;
    const since = this.lastMatched.get(`${rule.row.id}:${c.msg.senderId}`) ?? 0;
    const open = run ? this.runs.get(run) : undefined;
    if (open && open.since === since) {
      this.recorded.add(key);
      open.more++;
      if (open.shown.length < FOLD_IDS_SHOWN) {
        open.shown.push(c.msg.id);
        open.shownChanged = true;
      }
      open.changed = true;
      return 'skipped';
    }
    let member: Member | null = null;
    if (!skipped && !dryRun) {
      member = await this.member(rule.row.switchedBy);
      if (!member) {
        const why = 'The team member who switched it on is no longer active: switch it on again.';
        this.off.set(rule.row.id, why);
        await switchRuleOff(db, rule.row.id, why);
        return 'none';
      }
    }
    this.recorded.add(key);
    if (!skipped) this.lastMatched.set(`${rule.row.id}:${c.msg.senderId}`, Date.now());
    const row: MatchRow = {
      ruleId: rule.row.id,
      siteId,
      trigger: c.trigger,
      messageId: c.msg.id,
      threadId: c.msg.threadId,
      senderId: c.msg.senderId,
      dryRun,
      skipped,
      because: because as unknown as Record<string, unknown>[],
      outcomes: dryRun && !skipped ? rule.actions.map((a) => ({ type: a.type, outcome: 'would' })) : [],
    };
    if (skipped || dryRun) {
      this.buffered.push(row);
      // A run of the same sender under an earlier cooldown: its row is written as it stands.
      const ended = run ? this.runs.get(run) : undefined;
      if (ended?.changed) this.retired.push(ended);
      if (run)
        this.runs.set(run, {
          row,
          id: null,
          since,
          until: since + rule.row.cooldownSeconds * 1000,
          more: 0,
          shown: [],
          changed: false,
          shownChanged: false,
          writtenAt: 0,
        });
      return skipped ? 'skipped' : 'matched';
    }
    this.toAct.push({ row, rule, msg: c.msg, trigger: c.trigger, member: member! });
    return 'queued';
  }

  /**
   * Writes the pass's matches and carries out the actions: the matches that do nothing (dry run,
   * skipped) and those that act are each written in one statement; a match is written before its
   * actions run, so it is never acted on twice (a row another process wrote first is left to it).
   * `commit`: parts of a WITH that end the pass (the cursor moved), written with the matches when
   * nothing acts (`committed`). Returns how many matches acted.
   */
  async flush(commit: SQL[] | null = null): Promise<number> {
    const { db, siteId } = this.ctx;
    const now = Date.now();
    for (const run of this.runs.values())
      if (run.row && run.changed) {
        run.row.outcomes = [foldedOutcome(run)];
        Object.assign(run, { changed: false, shownChanged: false });
      }
    const grown = [...dueRunUpdates(this.runs.values(), now), ...dueRunUpdates(this.retired, now, true)];
    this.retired = [];
    // The matches that do nothing and those about to act (and the runs folded into), in one statement.
    const quiet = this.buffered;
    const queued = this.toAct;
    this.buffered = [];
    this.toAct = [];
    // Nothing to act on: the pass's commit (the cursor) goes in the same statement.
    const also = commit && queued.length === 0 ? commit : [];
    const written = await insertMatches(db, [...quiet, ...queued.map((q) => q.row)], grown, also);
    this.committed = also.length > 0;
    // The runs begun in this pass go on from their rows (one another process wrote first: not).
    for (const [key, run] of this.runs) {
      if (!run.row) continue;
      const id = written.get(`${run.row.ruleId}:${run.row.trigger}:${run.row.messageId}`);
      if (id === undefined) this.runs.delete(key);
      else Object.assign(run, { row: null, id, writtenAt: now });
    }
    if (queued.length === 0) return 0;
    const results: { id: number; outcomes: ActionOutcome[] | Record<string, unknown>[]; skipped?: string }[] =
      [];
    let acted = 0;
    // Rules that only send to the review queue: all of the pass's at once (no site call).
    const reviews: { id: number; q: (typeof queued)[number] }[] = [];
    for (const q of queued) {
      const id = written.get(`${q.row.ruleId}:${q.row.trigger}:${q.row.messageId}`);
      if (id !== undefined && onlyReview(q.rule.actions)) reviews.push({ id, q });
    }
    if (reviews.length > 0) {
      try {
        // The matches' outcomes are written in the same statement as the queue rows.
        await sendManyToReview(
          siteId,
          reviews.map(({ q }) => ({
            msg: q.msg,
            rule: { id: q.rule.row.id, name: q.rule.row.name },
            member: q.member,
          })),
          reviews.map(({ id }) => id),
          // Nothing else acts: the pass's commit goes in the same statement.
          commit && reviews.length === queued.length ? commit : [],
        );
        this.committed = commit !== null && reviews.length === queued.length;
        acted += reviews.length;
      } catch (e) {
        const why = e instanceof RuleActionBug ? e.message : `It failed: ${errorWords(e)}`;
        for (const { id, q } of reviews) {
          results.push({ id, outcomes: [{ type: 'error', outcome: 'failed', message: why }] });
          if (!this.off.has(q.rule.row.id)) {
            this.off.set(q.rule.row.id, why);
            await switchRuleOff(db, q.rule.row.id, why);
          }
        }
      }
    }
    const batched = new Set(reviews.map((r) => r.id));
    for (const q of queued) {
      const id = written.get(`${q.row.ruleId}:${q.row.trigger}:${q.row.messageId}`);
      if (id === undefined || batched.has(id)) continue;
      const off = this.off.get(q.rule.row.id);
      if (off !== undefined) {
        results.push({ id, outcomes: [], skipped: `the rule was switched off: ${off}`.slice(0, 500) });
        continue;
      }
      try {
        const outcomes = await runActions(q.rule.actions, q.msg, {
          siteId,
          client: this.ctx.client,
          site: () => (this.site ??= openSite(siteId)),
          member: q.member,
          rule: { id: q.rule.row.id, name: q.rule.row.name },
          trigger: q.trigger,
        });
        results.push({ id, outcomes });
        acted++;
      } catch (e) {
        const why = e instanceof RuleActionBug ? e.message : `It failed: ${errorWords(e)}`;
        results.push({ id, outcomes: [{ type: 'error', outcome: 'failed', message: why }] });
        this.off.set(q.rule.row.id, why);
        await switchRuleOff(db, q.rule.row.id, why);
      }
    }
    if (results.length > 0) {
      await db.execute(sql`
        UPDATE ${ruleMatches} SET outcomes = v.outcomes, skipped = coalesce(v.skipped, ${ruleMatches.skipped})
        FROM jsonb_to_recordset(${jsonRows(results)}::jsonb) AS v(id bigint, outcomes jsonb, skipped text)
        WHERE ${ruleMatches.id} = v.id`);
    }
    return acted;
  }

  /** The cooldowns as the pass leaves them, for the next pass (what has aged out dropped). */
  cooldownsAfter(): Carried['cooldown'] {
    const known = this.cooldownKnown;
    if (!known) return null;
    const from = Date.now() - known.longest * 1000;
    const last = new Map<string, number>();
    for (const [key, at] of this.lastMatched) if (at > from) last.set(key, at);
    // The runs written, while their cooldown lasts or their row is behind.
    const runs = new Map<string, CooldownRun>();
    for (const [key, run] of this.runs)
      if (run.id !== null && (run.until > Date.now() || run.changed)) runs.set(key, run);
    return { longest: known.longest, rules: known.rules, last, runs };
  }

  private member(id: number | null): Promise<Member | null> {
    if (id === null) return Promise.resolve(null);
    if (this.switchers.has(id)) return Promise.resolve(this.switchers.get(id)!);
    let p = this.members.get(id);
    if (!p) {
      p = switchedByMember(id);
      this.members.set(id, p);
    }
    return p;
  }
}

// ---------------------------------------------------------------------------------------------
// Counters

export interface RuleCounter {
  ruleId: number;
  /** Matches acted on (or that would have been, in dry run) since midnight UTC. */
  today: number;
  /** The same over the last 7 days. */
  week: number;
  /** Matches left alone (protected, exempt, cooldown) over the last 7 days. */
  skippedWeek: number;
  lastAt: Date | null;
}

export async function ruleCounters(siteId: number, db?: Db): Promise<Map<number, RuleCounter>> {
  const d = db ?? (await (await import('@/lib/infra/db/client')).getDb());
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  const rm = ruleMatches;
  const rows = await d
    .select({
      ruleId: rm.ruleId,
      today: sql<number>`(count(*) FILTER (WHERE ${rm.skipped} IS NULL AND ${rm.at} >= ${midnight}))::int`,
      week: sql<number>`(count(*) FILTER (WHERE ${rm.skipped} IS NULL))::int`,
      // A cooldown row stands for its sender's further matches in that pass too.
      skippedWeek: sql<number>`(coalesce(sum(1 + coalesce((${rm.outcomes}->0->>'more')::int, 0)) FILTER (WHERE ${rm.skipped} IS NOT NULL), 0))::int`,
      lastAt: sql<Date | null>`max(${rm.at})`,
    })
    .from(rm)
    .where(and(eq(rm.siteId, siteId), sql`${rm.at} >= ${weekAgo}`))
    .groupBy(rm.ruleId);
  const out = new Map<number, RuleCounter>();
  for (const r of rows) {
    out.set(r.ruleId, {
      ruleId: r.ruleId,
      today: r.today,
      week: r.week,
      skippedWeek: r.skippedWeek,
      lastAt: r.lastAt ? new Date(r.lastAt) : null,
    });
  }
  return out;
}

/** The matches of a site's rules, newest first (the rules page; the pass's dry run). */
export async function listRuleMatches(
  db: Db,
  siteId: number,
  options: { ruleId?: number; limit?: number } = {},
) {
  return db
    .select()
    .from(ruleMatches)
    .where(
      and(
        eq(ruleMatches.siteId, siteId),
        options.ruleId ? eq(ruleMatches.ruleId, options.ruleId) : undefined,
      ),
    )
    .orderBy(sql`${ruleMatches.at} DESC, ${ruleMatches.id} DESC`)
    .limit(options.limit ?? 200);
}

// ---------------------------------------------------------------------------------------------

/** The rules as a sync hook: after every incremental pass. */
export function registerRulesSyncHooks(): void {
  registerSyncHooks('rules', {
    afterIncremental: async (ctx) => {
      await runRulesPass(ctx);
    },
  });
}
