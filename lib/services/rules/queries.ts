/**
 * The rules as the pages read and the actions write them: a site's rules with their counters, one
 * rule, its recent matches with the message they matched (from the index), and the writes behind
 * the rules' server actions. The rules cursor is (re)started here when a site gets its first rule.
 */
import 'server-only';
import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { indexMessages, indexUsers } from '@/lib/services/site-index/schema';
import { ruleCounters, startRulesCursor } from './pass';
import { ruleMatches, rules, rulesCursor, rulesReportMarks, type RuleMode } from './schema';
import type { RuleAction, RuleCondition, RuleTrigger } from './tree';

export type RuleRow = typeof rules.$inferSelect;

/** What the editor saves (validated by the action before it gets here). */
export interface RuleInput {
  name: string;
  description: string;
  conditions: RuleCondition;
  actions: RuleAction[];
  cooldownSeconds: number;
  exemptRoles: string[];
  triggers: RuleTrigger[];
}

export interface RuleListItem {
  id: number;
  name: string;
  description: string;
  mode: RuleMode;
  actions: RuleAction[];
  triggers: string[];
  error: string | null;
  errorAt: Date | null;
  switchedAt: Date | null;
  today: number;
  week: number;
  lastAt: Date | null;
}

export async function getRules(siteId: number): Promise<RuleListItem[]> {
  const db = await getDb();
  const [rows, counters] = await Promise.all([
    db.select().from(rules).where(eq(rules.siteId, siteId)).orderBy(asc(rules.name), asc(rules.id)),
    ruleCounters(siteId, db),
  ]);
  return rows.map((r) => {
    const c = counters.get(r.id);
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      mode: r.mode,
      actions: r.actions as RuleAction[],
      triggers: r.triggers,
      error: r.error,
      errorAt: r.errorAt,
      switchedAt: r.switchedAt,
      today: c?.today ?? 0,
      week: c?.week ?? 0,
      lastAt: c?.lastAt ?? null,
    };
  });
}

export async function getRule(siteId: number, ruleId: number): Promise<RuleRow | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(rules)
    .where(and(eq(rules.siteId, siteId), eq(rules.id, ruleId)));
  return row ?? null;
}

/** How much of the message a match row shows. */
const EXCERPT = 300;

export interface RuleMatchRow {
  id: number;
  at: Date;
  trigger: string;
  messageId: number;
  threadId: number;
  senderId: number;
  senderName: string | null;
  /** Plain text from the index (null once the message left it). */
  excerpt: string | null;
  dryRun: boolean;
  skipped: string | null;
  outcomes: { type?: string; outcome?: string; message?: string }[];
  because: { condition?: string; detail?: string }[];
}

/** A rule's latest matches, newest first, with the message's start and its sender's name. */
export async function getRuleMatches(siteId: number, ruleId: number, limit = 50): Promise<RuleMatchRow[]> {
  const db = await getDb();
  const rm = ruleMatches;
  const m = indexMessages;
  const u = indexUsers;
  const rows = await db
    .select({
      id: rm.id,
      at: rm.at,
      trigger: rm.trigger,
      messageId: rm.messageId,
      threadId: rm.threadId,
      senderId: rm.senderId,
      senderName: u.name,
      excerpt: sql<string | null>`left(${m.text}, ${EXCERPT})`,
      dryRun: rm.dryRun,
      skipped: rm.skipped,
      outcomes: rm.outcomes,
      because: rm.because,
    })
    .from(rm)
    .leftJoin(m, and(eq(m.siteId, rm.siteId), eq(m.id, rm.messageId)))
    .leftJoin(u, and(eq(u.siteId, rm.siteId), eq(u.id, rm.senderId)))
    .where(and(eq(rm.siteId, siteId), eq(rm.ruleId, ruleId)))
    .orderBy(desc(rm.at), desc(rm.id))
    .limit(limit);
  return rows as RuleMatchRow[];
}

// ---------------------------------------------------------------------------------------------
// Writes

async function otherRules(db: Db, siteId: number, exceptId?: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(rules)
    .where(and(eq(rules.siteId, siteId), exceptId ? ne(rules.id, exceptId) : undefined));
  return row?.n ?? 0;
}

/**
 * A site that had no rule starts its cursor afresh at what the index holds now: a cursor left
 * from rules deleted long ago would make the next pass judge everything since as new.
 */
async function restartCursor(db: Db, siteId: number): Promise<void> {
  await db.delete(rulesCursor).where(eq(rulesCursor.siteId, siteId));
  await db.delete(rulesReportMarks).where(eq(rulesReportMarks.siteId, siteId));
  await startRulesCursor(db, siteId);
}

export async function insertRule(
  siteId: number,
  input: RuleInput,
  mode: RuleMode,
  memberId: number,
): Promise<RuleRow> {
  const db = await getDb();
  const first = (await otherRules(db, siteId)) === 0;
  const now = new Date();
  const [row] = await db
    .insert(rules)
    .values({
      siteId,
      ...input,
      mode,
      createdBy: memberId,
      ...(mode === 'off' ? {} : { switchedBy: memberId, switchedAt: now }),
    })
    .returning();
  if (first) await restartCursor(db, siteId);
  return row!;
}

export async function updateRuleRow(
  siteId: number,
  ruleId: number,
  input: RuleInput,
): Promise<RuleRow | null> {
  const db = await getDb();
  const [row] = await db
    .update(rules)
    // A saved change is a new version: the pass compiles it again (its cache keys on updatedAt).
    .set({ ...input, updatedAt: new Date() })
    .where(and(eq(rules.siteId, siteId), eq(rules.id, ruleId)))
    .returning();
  return row ?? null;
}

/** The mode, who switched it and when; an error shown since the last automatic switch-off is cleared. */
export async function setRuleModeRow(
  siteId: number,
  ruleId: number,
  mode: RuleMode,
  memberId: number,
): Promise<RuleRow | null> {
  const db = await getDb();
  const [row] = await db
    .update(rules)
    .set({ mode, switchedBy: memberId, switchedAt: new Date(), error: null, errorAt: null })
    .where(and(eq(rules.siteId, siteId), eq(rules.id, ruleId)))
    .returning();
  return row ?? null;
}

export async function deleteRuleRow(siteId: number, ruleId: number): Promise<RuleRow | null> {
  const db = await getDb();
  const [row] = await db
    .delete(rules)
    .where(and(eq(rules.siteId, siteId), eq(rules.id, ruleId)))
    .returning();
  if (row && (await otherRules(db, siteId)) === 0) {
    // No rule left: the next first rule starts from its own time (see restartCursor).
    await db.delete(rulesCursor).where(eq(rulesCursor.siteId, siteId));
  }
  return row ?? null;
}
