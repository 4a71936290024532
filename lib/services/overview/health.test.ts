import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes, members, sites } from '@/lib/infra/db/schema';
import { auditFilter, auditSearchParams, filterQuery } from '@/components/audit/search-params';
import { getAuditPage } from '@/lib/services/audit/queries';
import { parseSearch } from '@/lib/infra/table/search-params';
import { ALL_QUEUE_DECISION_ACTIONS, QUEUE_DECISION_ACTIONS } from '@/lib/services/queues/decision-actions';
import { queueEntryOf } from '@/lib/services/queues/queries';
import { indexMessages } from '@/lib/services/site-index/schema';
import { triageConversations } from '@/lib/services/triage/schema';
import { getOldestWaiting, getQueueHealth, HEALTH_DAYS } from './health';

const HOUR = 3_600_000;
const tag = `qh-${process.pid}-${Date.now()}`;

async function newSite(name: string) {
  const db = await getDb();
  const [site] = await db
    .insert(sites)
    .values({ slug: `${tag}-${name}`, name, url: 'https://qh.test', username: 'a', sealedPassword: 'x' })
    .returning({ id: sites.id });
  return site!.id;
}

async function newMember(name: string) {
  const db = await getDb();
  const [row] = await db
    .insert(members)
    .values({ email: `${tag}-${name}@qh.test`, name, passwordHash: 'x', role: 'moderator' })
    .returning({ id: members.id, email: members.email });
  return row!;
}

type Decision = {
  at: string;
  action: string;
  member?: { id: number; email: string } | null;
  messageId: number;
  queuedAt?: string;
  rule?: boolean;
  outcome?: 'ok' | 'failed';
  siteId: number;
};

async function decide(rows: Decision[]) {
  const db = await getDb();
  for (const d of rows) {
    const [row] = await db
      .insert(auditLog)
      .values({
        at: new Date(d.at),
        action: d.action,
        memberId: d.member?.id ?? null,
        memberEmail: d.member?.email ?? null,
        siteId: d.siteId,
        target: { messageId: d.messageId, ...(d.queuedAt ? { queuedAt: d.queuedAt } : {}) },
        params: d.rule ? { rule: { id: 7, name: 'Spam links' } } : { reason: 'x' },
      })
      .returning({ id: auditLog.id });
    await db.insert(auditOutcomes).values({ auditId: row!.id, outcome: d.outcome ?? 'ok', durationMs: 5 });
  }
}

const message = (
  siteId: number,
  id: number,
  createdAt: string,
  extra: Partial<typeof indexMessages.$inferInsert> = {},
) => ({
  siteId,
  id,
  threadId: 1,
  senderId: 5,
  createdAt: new Date(createdAt),
  html: 'x',
  text: 'x',
  ...extra,
});

const report = (time: string | null) => ({
  reporterBmUserId: 6,
  reporterName: null,
  category: 'spam',
  description: '',
  time,
});

describe('queue health', () => {
  // The database and its migrations, outside the tests' own time.
  beforeAll(async () => {
    await getDb();
  });

  it('names the queue decisions the desks audit, and the audit URL can filter them', () => {
    for (const [queue, names] of [
      ['reports', QUEUE_DECISION_ACTIONS.report],
      ['pending', QUEUE_DECISION_ACTIONS.pending],
    ] as const) {
      const source = fs.readFileSync(`app/(desk)/[site]/${queue}/actions.ts`, 'utf8');
      for (const name of names) expect(source).toContain(`name: '${name}'`);
    }
    const { search, ignored } = parseSearch(auditSearchParams, {
      decisions: 'queue',
      by: 'rule',
      from: '2026-06-14',
      to: '2026-06-14',
    });
    expect(ignored).toEqual([]);
    expect(auditFilter(search, 3)).toMatchObject({
      siteId: 3,
      actions: ALL_QUEUE_DECISION_ACTIONS,
      by: 'rule',
    });
    expect(filterQuery(search, 3)).toBe('site=3&from=2026-06-14&to=2026-06-14&decisions=queue&by=rule');
    expect(
      parseSearch(auditSearchParams, { decisions: 'all', by: 'robots' }).ignored.map((i) => i.key),
    ).toEqual(['decisions', 'by']);
  });

  it('p50/p95 per day, decisions per member, rules share (hand-computed)', async () => {
    const db = await getDb();
    const siteId = await newSite('health');
    const other = await newSite('other');
    const ann = await newMember('Ann Moderator');
    const bob = await newMember('Bob Moderator');
    const now = new Date('2026-06-15T18:00:00Z');
    const Y = '2026-06-14';
    const T = '2026-06-15';
    // C is pending and was approved before decisions kept their entry time: its wait comes from the index.
    await db.insert(indexMessages).values([message(siteId, 103, `${Y}T08:00:00Z`)]);
    await decide([
      // Yesterday: waits of 600 s (A), 7200 s (B), 1800 s (C, from the index), 60 s (E, a rule).
      {
        siteId,
        at: `${Y}T10:10:00Z`,
        action: 'dismissReports',
        member: ann,
        messageId: 101,
        queuedAt: `${Y}T10:00:00Z`,
      },
      // A again (same entry): a decision of the day, not a first decision.
      {
        siteId,
        at: `${Y}T10:20:00Z`,
        action: 'dismissReports',
        member: ann,
        messageId: 101,
        queuedAt: `${Y}T10:00:00Z`,
      },
      {
        siteId,
        at: `${Y}T11:00:00Z`,
        action: 'deleteReportedMessage',
        member: bob,
        messageId: 102,
        queuedAt: `${Y}T09:00:00Z`,
      },
      { siteId, at: `${Y}T08:30:00Z`, action: 'approvePendingMessage', member: ann, messageId: 103 },
      {
        siteId,
        at: `${Y}T11:59:30Z`,
        action: 'rejectPendingMessage',
        member: ann,
        messageId: 104,
        queuedAt: `${Y}T11:58:30Z`,
        rule: true,
      },
      // Not decisions: refused by the site, another action, another site, before the window.
      {
        siteId,
        at: `${Y}T12:00:00Z`,
        action: 'dismissReports',
        member: bob,
        messageId: 105,
        queuedAt: `${Y}T01:00:00Z`,
        outcome: 'failed',
      },
      { siteId, at: `${Y}T12:00:00Z`, action: 'banUserInThread', member: bob, messageId: 106 },
      {
        siteId: other,
        at: `${Y}T12:00:00Z`,
        action: 'dismissReports',
        member: bob,
        messageId: 107,
        queuedAt: `${Y}T01:00:00Z`,
      },
      {
        siteId,
        at: '2026-05-01T12:00:00Z',
        action: 'dismissReports',
        member: bob,
        messageId: 108,
        queuedAt: '2026-05-01T01:00:00Z',
      },
      // Today: one pending approval after 120 s; one decision whose wait cannot be known (no entry, not in the index).
      {
        siteId,
        at: `${T}T09:02:00Z`,
        action: 'approvePendingMessage',
        member: bob,
        messageId: 109,
        queuedAt: `${T}T09:00:00Z`,
      },
      { siteId, at: `${T}T09:05:00Z`, action: 'dismissReports', member: bob, messageId: 110 },
    ]);

    const health = await getQueueHealth(siteId, now);
    expect(health.days).toHaveLength(HEALTH_DAYS);
    expect(health.days[HEALTH_DAYS - 1]).toBe(T);
    const y = health.perDay.find((d) => d.day === Y)!;
    // percentile_disc over [60, 600, 1800, 7200]: p50 is the 2nd value, p95 the 4th.
    expect(y).toEqual({ day: Y, decisions: 5, byRules: 1, timed: 4, p50Seconds: 600, p95Seconds: 7200 });
    const t = health.perDay.find((d) => d.day === T)!;
    expect(t).toEqual({ day: T, decisions: 2, byRules: 0, timed: 1, p50Seconds: 120, p95Seconds: 120 });
    expect(health.perDay.filter((d) => d.day !== Y && d.day !== T).every((d) => d.decisions === 0)).toBe(
      true,
    );
    expect(health.totals).toEqual({ decisions: 7, byRules: 1, byPeople: 6 });
    expect(
      health.moderators.map((m) => [m.name, m.total, m.perDay[HEALTH_DAYS - 2], m.perDay[HEALTH_DAYS - 1]]),
    ).toEqual([
      ['Ann Moderator', 3, 3, 0],
      ['Bob Moderator', 3, 1, 2],
    ]);

    // The links' filters find the same rows.
    const day = { siteId, from: Y, to: Y, outcome: 'ok' as const, actions: ALL_QUEUE_DECISION_ACTIONS };
    expect((await getAuditPage(day)).total).toBe(5);
    expect((await getAuditPage({ ...day, by: 'rule' })).total).toBe(1);
    expect((await getAuditPage({ ...day, by: 'people' })).total).toBe(4);
    expect((await getAuditPage({ ...day, by: 'people', memberId: ann.id })).total).toBe(3);
  });

  it('the oldest item of each queue', async () => {
    const db = await getDb();
    const siteId = await newSite('oldest');
    const base = Date.now();
    const ago = (h: number) => new Date(base - h * HOUR).toISOString();
    await db.insert(indexMessages).values([
      // Reported 2 days ago on an old message: it waits since the report, not since it was sent.
      message(siteId, 1, ago(24 * 10), { reportCount: 1, reports: [report(ago(48))] }),
      message(siteId, 2, ago(30), { reportCount: 1, reports: [report(ago(30))] }),
      // An AI flag waits since the message: 3 days, the oldest.
      message(siteId, 3, ago(72), { aiFlagged: true }),
      message(siteId, 4, ago(24 * 30)),
      message(siteId, 5, ago(5), { pending: true }),
      message(siteId, 6, ago(2), { pending: true }),
    ]);
    await db.insert(triageConversations).values([
      { siteId, threadId: 11, source: 'participant', status: 'open', waitingSince: new Date(ago(4)) },
      { siteId, threadId: 12, source: 'participant', status: 'resolved', waitingSince: new Date(ago(40)) },
      { siteId, threadId: 13, source: 'participant', status: 'open', waitingSince: null },
    ]);
    const oldest = await getOldestWaiting(siteId);
    expect(oldest.map((o) => [o.queue, o.id, o.since.toISOString()])).toEqual([
      ['reports', 3, ago(72)],
      ['pending', 5, ago(5)],
      ['inbox', 11, ago(4)],
    ]);
    expect(oldest[0]!.waitedMs).toBeGreaterThanOrEqual(72 * HOUR);
    expect(await getOldestWaiting(await newSite('empty'))).toEqual([]);

    // A decision's audit keeps when the item entered its queue (the index forgets it once decided).
    expect((await queueEntryOf(siteId, 1))?.queuedAt?.toISOString()).toBe(ago(48));
    expect((await queueEntryOf(siteId, 3))?.queuedAt?.toISOString()).toBe(ago(72));
    expect((await queueEntryOf(siteId, 5))?.queuedAt?.toISOString()).toBe(ago(5));
    expect(await queueEntryOf(siteId, 4)).toEqual({ senderId: 5, queuedAt: null });
    expect(await queueEntryOf(siteId, 999)).toBeUndefined();
  });

  it('stays fast over 100,000 audit rows of the window', async () => {
    const db = await getDb();
    const siteId = await newSite('big');
    const now = new Date();
    const actions = ALL_QUEUE_DECISION_ACTIONS.map((a) => `'${a}'`).join(',');
    const started = performance.now();
    // 100k decisions over 13 days (one rule decision in ten), 1 in 20 refused; 20k of another action.
    await db.execute(
      sql.raw(`
      INSERT INTO audit_log (at, member_id, member_email, site_id, action, target, params)
      SELECT now() - (i % (13 * 24 * 60)) * interval '1 minute', 1000 + i % 7, 'm' || (i % 7) || '@qh.test', ${siteId},
        (ARRAY[${actions}])[1 + i % ${ALL_QUEUE_DECISION_ACTIONS.length}],
        jsonb_build_object('messageId', i, 'queuedAt', to_char((now() - (i % (13 * 24 * 60)) * interval '1 minute' - (i % 500) * interval '1 minute') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
        CASE WHEN i % 10 = 0 THEN '{"rule":{"id":1,"name":"r"}}'::jsonb ELSE '{}'::jsonb END
      FROM generate_series(1, 100000) i`),
    );
    await db.execute(
      sql.raw(`
      INSERT INTO audit_log (at, member_id, site_id, action, target)
      SELECT now() - (i % 1000) * interval '1 minute', 1, ${siteId}, 'banUserInThread', '{}'::jsonb
      FROM generate_series(1, 20000) i`),
    );
    await db.execute(
      sql.raw(`
      INSERT INTO audit_outcomes (audit_id, outcome, duration_ms)
      SELECT id, CASE WHEN (target->>'messageId')::int % 20 = 0 THEN 'failed' ELSE 'ok' END, 3
      FROM audit_log WHERE site_id = ${siteId}`),
    );
    await db.execute(sql.raw('ANALYZE audit_log'));
    await db.execute(sql.raw('ANALYZE audit_outcomes'));
    const seeded = performance.now() - started;

    const times: number[] = [];
    let health = await getQueueHealth(siteId, now);
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      health = await getQueueHealth(siteId, now);
      times.push(performance.now() - t0);
    }
    const t0 = performance.now();
    await getOldestWaiting(siteId);
    const oldestMs = performance.now() - t0;
    console.log(
      `[queue-health] ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: seeded 120k audit rows in ${Math.round(seeded)} ms; ` +
        `getQueueHealth over ${health.totals.decisions.toLocaleString('en')} decisions: ${times.map((t) => `${Math.round(t)} ms`).join(', ')}; ` +
        `getOldestWaiting ${Math.round(oldestMs)} ms`,
    );
    expect(health.totals.decisions).toBe(95_000);
    expect(health.totals.byRules).toBe(
      Array.from({ length: 100_000 }, (_, i) => i + 1).filter((i) => i % 10 === 0 && i % 20 !== 0).length,
    );
    expect(health.moderators).toHaveLength(7);
    // A guard against a plan that reads the whole log, not a goal: PGlite is one slow WASM thread.
    expect(Math.min(...times)).toBeLessThan(process.env.DATABASE_URL ? 5_000 : 20_000);
  }, 180_000);
});
