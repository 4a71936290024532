/**
 * Detection over seeded index rows, snapshots and sync state (real PGlite): an item waiting too
 * long (once per backlog), a spike of reports against the usual rate, a sync failing too long.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMember, type Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { queueCountSnapshots } from '@/lib/services/queues/schema';
import { hourOf } from '@/lib/services/queues/snapshots';
import type { MessageRow } from '@/lib/services/site-index/convert';
import { indexMessages, syncState } from '@/lib/services/site-index/schema';
import { storeBatch } from '@/lib/services/site-index/store';
import { insertSite } from '@/lib/services/sites/queries';
import { getNotifications } from '@/lib/services/triage/notes';
import { detectSite, reportRates } from './detect';
import { alerts } from './schema';
import { saveThresholds } from './settings';
import { messageRow } from '@/tests/support/index-rows';

const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
let nextId = 1;
let watcher: Member;

function message(over: Partial<MessageRow> & { createdAt: Date }): MessageRow {
  const id = nextId++;
  return messageRow({
    id,
    threadId: 10,
    senderId: 2,
    text: `m${id}`,
    ...over,
  });
}

function reported(minutesAgo: number, reports = 1): MessageRow {
  return message({
    createdAt: ago(minutesAgo + 5),
    reportCount: reports,
    reports: Array.from({ length: reports }, (_, i) => ({
      reporterBmUserId: 100 + i,
      reporterName: null,
      category: 'spam',
      description: '',
      time: ago(minutesAgo).toISOString(),
    })),
  });
}

async function newSite(name: string) {
  const site = await insertSite({
    name: `${name} ${stamp}`,
    url: `https://${name.toLowerCase()}.example.test`,
    username: 'admin',
    appPassword: 'pw',
    probe: { status: 'ok', reason: null, message: null },
  });
  return site.id;
}

async function store(siteId: number, rows: MessageRow[]) {
  await storeBatch(await getDb(), {
    siteId,
    users: [{ id: 2, name: 'Sender', avatar: null, isGuest: false }],
    deletedIds: [],
    rows,
  });
}

async function alertsOf(siteId: number, kind?: 'waiting' | 'spike' | 'sync-failed') {
  const db = await getDb();
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.siteId, siteId), kind ? eq(alerts.kind, kind) : undefined));
}

beforeAll(async () => {
  watcher = await createMember({
    email: `w-${stamp}@t.test`,
    name: 'Wanda Watcher',
    password: 'x'.repeat(14),
    role: 'moderator',
  });
});

describe('waiting items', () => {
  it('tells once per backlog, for reports and pending alike, and again for a new backlog', async () => {
    const siteId = await newSite('Waiting');
    await saveThresholds(siteId, {
      waitingMinutes: 60,
      spikeFactor: 3,
      spikeMinReports: 0,
      syncFailedMinutes: 0,
    });
    const old = reported(120);
    const fresh = reported(10);
    const pendingOld = message({ createdAt: ago(90), pending: true });
    await store(siteId, [old, fresh, pendingOld]);

    const found = await detectSite(siteId);
    expect(found.map((f) => f.key).sort()).toEqual([`pending:${pendingOld.id}`, `reports:${old.id}`]);
    const list = await alertsOf(siteId, 'waiting');
    const reports = list.find((a) => a.key === `reports:${old.id}`)!;
    expect(reports.title).toBe(`1 reported message waiting over 60 minutes on Waiting ${stamp}`);
    expect(reports.link).toContain(`/reports?item=${old.id}`);
    expect(reports.payload).toMatchObject({ queue: 'report', count: 1, messageIds: [old.id] });

    // The notification bell and page show it to the team.
    const notes = await getNotifications(watcher.id);
    expect(notes.some((n) => n.kind === 'alert' && n.alertTitle === reports.title)).toBe(true);

    // Still the same backlog (the old item waits, and now the fresh one too): nothing new.
    const older = await getDb();
    await older
      .update(indexMessages)
      .set({ reports: [{ ...old.reports[0]!, time: ago(130).toISOString() }] })
      .where(and(eq(indexMessages.siteId, siteId), eq(indexMessages.id, old.id)));
    expect(await detectSite(siteId)).toEqual([]);

    // The moderator decides the waiting items; a later one waits too long: a new backlog.
    const db = await getDb();
    await db
      .update(indexMessages)
      .set({ reports: [], reportCount: 0 })
      .where(and(eq(indexMessages.siteId, siteId), eq(indexMessages.id, old.id)));
    await db
      .update(indexMessages)
      .set({ pending: false })
      .where(and(eq(indexMessages.siteId, siteId), eq(indexMessages.id, pendingOld.id)));
    expect(await detectSite(siteId)).toEqual([]);
    const later = reported(61);
    await store(siteId, [later]);
    const again = await detectSite(siteId);
    expect(again.map((f) => f.key)).toEqual([`reports:${later.id}`]);
    expect(await alertsOf(siteId, 'waiting')).toHaveLength(3);
  });

  it('0 minutes switches it off', async () => {
    const siteId = await newSite('Off');
    await saveThresholds(siteId, {
      waitingMinutes: 0,
      spikeFactor: 3,
      spikeMinReports: 0,
      syncFailedMinutes: 0,
    });
    await store(siteId, [reported(600)]);
    expect(await detectSite(siteId)).toEqual([]);
  });
});

describe('report spike', () => {
  async function snapshots(siteId: number, risePerHour: number) {
    const db = await getDb();
    const now = hourOf(new Date());
    const rows = Array.from({ length: 48 }, (_, i) => ({
      siteId,
      hour: new Date(now.getTime() - (48 - i) * 3_600_000),
      openReports: i * risePerHour,
      pending: 0,
    }));
    await db.insert(queueCountSnapshots).values(rows);
  }

  it('fires above factor × the usual hourly rate and the minimum, once', async () => {
    const siteId = await newSite('Spike');
    await saveThresholds(siteId, {
      waitingMinutes: 0,
      spikeFactor: 3,
      spikeMinReports: 10,
      syncFailedMinutes: 0,
    });
    await snapshots(siteId, 2);
    // 14 reports in the last hour (7 messages × 2), 3 older ones.
    await store(siteId, [...Array.from({ length: 7 }, (_, i) => reported(5 + i * 5, 2)), reported(70, 3)]);
    const rates = await reportRates(siteId, new Date());
    expect(rates.lastHour).toBe(14);
    expect(rates.usual).toBeCloseTo(2, 5);
    const found = await detectSite(siteId);
    expect(found.map((f) => f.kind)).toEqual(['spike']);
    const [a] = await alertsOf(siteId, 'spike');
    expect(a!.title).toBe(`14 reports in the last hour on Spike ${stamp}`);
    expect(a!.body).toContain('About 2 an hour is usual');
    expect(await detectSite(siteId)).toEqual([]);
  });

  it('stays quiet at the usual rate of a busy site, and under the minimum', async () => {
    const busy = await newSite('Busy');
    await saveThresholds(busy, {
      waitingMinutes: 0,
      spikeFactor: 3,
      spikeMinReports: 10,
      syncFailedMinutes: 0,
    });
    await snapshots(busy, 6);
    await store(
      busy,
      Array.from({ length: 8 }, (_, i) => reported(5 + i * 5, 2)),
    );
    expect(await detectSite(busy)).toEqual([]);

    const quiet = await newSite('Quiet');
    await saveThresholds(quiet, {
      waitingMinutes: 0,
      spikeFactor: 3,
      spikeMinReports: 10,
      syncFailedMinutes: 0,
    });
    await store(
      quiet,
      Array.from({ length: 9 }, (_, i) => reported(5 + i)),
    );
    expect(await detectSite(quiet)).toEqual([]);
  });
});

describe('sync failing', () => {
  it('fires after N minutes of failures since the last good pass, once per failure streak', async () => {
    const siteId = await newSite('Failing');
    await saveThresholds(siteId, {
      waitingMinutes: 0,
      spikeFactor: 3,
      spikeMinReports: 0,
      syncFailedMinutes: 30,
    });
    const db = await getDb();
    const lastGood = ago(20);
    await db.insert(syncState).values({
      siteId,
      status: 'backing-off',
      failures: 4,
      lastError: 'The site did not answer in time.',
      lastErrorAt: ago(1),
      lastIncrementalAt: lastGood,
    });
    expect(await detectSite(siteId)).toEqual([]);
    await db
      .update(syncState)
      .set({ lastIncrementalAt: ago(45) })
      .where(eq(syncState.siteId, siteId));
    const found = await detectSite(siteId);
    expect(found.map((f) => f.kind)).toEqual(['sync-failed']);
    const [a] = await alertsOf(siteId, 'sync-failed');
    expect(a!.title).toBe(`Failing ${stamp}: the sync has failed for 45 minutes`);
    expect(a!.body).toContain('The site did not answer in time.');
    expect(await detectSite(siteId)).toEqual([]);

    // It recovers: nothing; it fails again later: a new streak, a new alert.
    await db
      .update(syncState)
      .set({ failures: 0, status: 'idle', lastIncrementalAt: ago(2) })
      .where(eq(syncState.siteId, siteId));
    expect(await detectSite(siteId)).toEqual([]);
    await db.update(syncState).set({ failures: 9, status: 'error' }).where(eq(syncState.siteId, siteId));
    expect(await detectSite(siteId)).toEqual([]);
    await db
      .update(syncState)
      .set({ lastIncrementalAt: ago(40) })
      .where(eq(syncState.siteId, siteId));
    expect((await detectSite(siteId)).map((f) => f.kind)).toEqual(['sync-failed']);
    expect(await alertsOf(siteId, 'sync-failed')).toHaveLength(2);
  });
});
