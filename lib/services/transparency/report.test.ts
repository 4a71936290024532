import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { parseSearch } from '@/lib/infra/table/search-params';
import type { DecisionKind } from '@/lib/services/decisions/constants';
import {
  appeals,
  moderationDecisions,
  moderationNotices,
  moderationReasons,
} from '@/lib/services/decisions/schema';
import { resolvePeriod, transparencySearchParams } from './period';
import { getTransparencyReport } from './report';
import { reportCsv } from './report-csv';
import { statementsCsvStream } from './statements';

/**
 * A site's decisions, notices and appeals seeded by hand around March 2026, with rows on both
 * edges of the period, just outside it and on another site. Every expected number below was
 * counted by hand from the seed, not computed from it.
 */
const tag = `tr-${process.pid}-${Date.now()}`;
const MARCH = { firstDay: '2026-03-01', lastDay: '2026-03-31' };
let siteA = 0;
let siteB = 0;
const ids: Record<string, number> = {};

async function newSite(name: string) {
  const db = await getDb();
  const [site] = await db
    .insert(sites)
    .values({ slug: `${tag}-${name}`, name, url: 'https://tr.test', username: 'a', sealedPassword: 'x' })
    .returning({ id: sites.id });
  return site!.id;
}

type Seed = {
  key: string;
  site?: number;
  kind: DecisionKind;
  at: string;
  queued?: string;
  reason?: { id: number; code: string; title: string; ground: 'terms' | 'law' } | null;
  rule?: boolean;
  strike?: boolean;
  overturned?: boolean;
  subject?: { id: number; name: string } | null;
  freeText?: string;
};

beforeAll(async () => {
  const db = await getDb();
  siteA = await newSite('A');
  siteB = await newSite('B');
  const reason = async (code: string, title: string, ground: 'terms' | 'law' = 'terms') => {
    const [r] = await db
      .insert(moderationReasons)
      .values({ siteId: siteA, code, title, memberText: `${title}.`, ground })
      .returning({ id: moderationReasons.id });
    return { id: r!.id, code, title, ground };
  };
  const spam = await reason('spam', 'Spam');
  const harassment = await reason('harassment', 'Harassment');
  const illegal = await reason('illegal', 'Illegal content', 'law');
  const hate = await reason('hate', '=Hateful content');

  const seeds: Seed[] = [
    // The period's first instant: in. Spam's title then was older than it is now.
    {
      key: 'D1',
      kind: 'warning',
      at: '2026-03-01T00:00:00Z',
      queued: '2026-02-28T23:00:00Z',
      reason: { ...spam, title: 'Spam (old title)' },
    },
    {
      key: 'D2',
      kind: 'ban',
      at: '2026-03-05T10:00:00Z',
      queued: '2026-03-05T09:50:00Z',
      reason: harassment,
      subject: { id: 11, name: '=HYPERLINK("http://x.test","click")' },
      freeText: '+1 again, and again',
    },
    {
      key: 'D3',
      kind: 'mute',
      at: '2026-03-10T12:00:00Z',
      queued: '2026-03-10T10:00:00Z',
      reason: harassment,
      strike: true,
      subject: { id: 12, name: 'Mia' },
    },
    {
      key: 'D4',
      kind: 'delete',
      at: '2026-03-10T12:00:05Z',
      queued: '2026-03-10T12:00:00Z',
      reason: spam,
      rule: true,
      subject: { id: -3, name: '@guest' },
    },
    {
      key: 'D5',
      kind: 'reject',
      at: '2026-03-20T10:00:00Z',
      queued: '2026-03-20T09:59:45Z',
      reason: spam,
      rule: true,
      subject: { id: 13, name: 'Bo' },
    },
    // The period's last instant: in.
    {
      key: 'D6',
      kind: 'site_ban',
      at: '2026-03-31T23:59:59.999Z',
      reason: illegal,
      strike: true,
      subject: { id: 14, name: 'Cy' },
      freeText: '-2\tline\nnext',
    },
    { key: 'D7', kind: 'dismiss', at: '2026-03-15T00:00:00Z', reason: null, subject: null },
    {
      key: 'D8',
      kind: 'hold',
      at: '2026-03-15T00:00:00Z',
      reason: hate,
      strike: true,
      overturned: true,
      subject: { id: 15, name: 'Di' },
    },
    // Queued after it was decided (a clock gone wrong): counted, not timed.
    {
      key: 'D12',
      kind: 'warning',
      at: '2026-03-20T10:00:00Z',
      queued: '2026-03-21T00:00:00Z',
      reason: null,
      subject: { id: 16, name: 'Ed' },
    },
    // Outside: the first instant after the period, the last before it, January, another site.
    {
      key: 'D9',
      kind: 'warning',
      at: '2026-04-01T00:00:00Z',
      reason: spam,
      strike: true,
      subject: { id: 12, name: 'Mia' },
    },
    {
      key: 'D10',
      kind: 'ban',
      at: '2026-02-28T23:59:59.999Z',
      reason: spam,
      strike: true,
      subject: { id: 12, name: 'Mia' },
    },
    {
      key: 'D13',
      kind: 'mute',
      at: '2026-01-09T00:00:00Z',
      reason: spam,
      strike: true,
      subject: { id: 17, name: 'Fa' },
    },
    {
      key: 'D11',
      site: -1,
      kind: 'ban',
      at: '2026-03-10T00:00:00Z',
      reason: null,
      strike: true,
      subject: { id: 12, name: 'Mia' },
    },
  ];
  for (const s of seeds) {
    const [row] = await db
      .insert(moderationDecisions)
      .values({
        siteId: s.site === -1 ? siteB : siteA,
        kind: s.kind,
        subjectUserId: s.subject === null ? null : (s.subject?.id ?? 10),
        subjectName: s.subject === null ? null : (s.subject?.name ?? 'Al'),
        threadIds: s.kind === 'ban' || s.kind === 'mute' ? [101, 102] : [],
        messageIds: s.kind === 'delete' || s.kind === 'reject' ? [9001] : [],
        reasonId: s.reason?.id ?? null,
        reasonCode: s.reason?.code ?? null,
        reasonTitle: s.reason?.title ?? null,
        ground: s.reason?.ground ?? null,
        freeText: s.freeText ?? null,
        automated: s.rule ?? false,
        ruleId: s.rule ? 7 : null,
        actorName: s.rule ? 'Spam links' : 'Olive',
        strike: s.strike ?? false,
        status: s.overturned ? 'overturned' : 'active',
        endsAt: s.kind === 'mute' ? new Date('2026-03-17T12:00:00Z') : null,
        queuedAt: s.queued ? new Date(s.queued) : null,
        createdAt: new Date(s.at),
      })
      .returning({ id: moderationDecisions.id });
    ids[s.key] = row!.id;
  }
  // D5 and D12 in the same millisecond, apart by microseconds: the CSV's cursor must tell them apart.
  await db.execute(
    sql`UPDATE moderation_decisions SET created_at = '2026-03-20 10:00:00.000100+00' WHERE id = ${ids.D5!}`,
  );
  await db.execute(
    sql`UPDATE moderation_decisions SET created_at = '2026-03-20 10:00:00.000900+00' WHERE id = ${ids.D12!}`,
  );

  const notice = (
    key: string,
    kind: 'decision' | 'appeal_overturned' | 'reporter_acted',
    status: 'sent' | 'failed' | 'off' | 'pending',
    at: string,
    site = siteA,
  ) => ({
    siteId: site,
    kind,
    decisionId: kind === 'decision' ? ids[key]! : null,
    recipientUserId: 12,
    body: 'x',
    status,
    createdAt: new Date(at),
    sentAt: status === 'sent' ? new Date(at) : null,
  });
  await db
    .insert(moderationNotices)
    .values([
      notice('D3', 'decision', 'sent', '2026-03-10T12:00:01Z'),
      notice('D6', 'decision', 'failed', '2026-03-31T23:59:59.999Z'),
      notice('D8', 'decision', 'off', '2026-03-15T00:00:01Z'),
      notice('', 'appeal_overturned', 'sent', '2026-03-16T06:00:01Z'),
      notice('', 'reporter_acted', 'pending', '2026-03-25T00:00:00Z'),
      notice('D9', 'decision', 'sent', '2026-04-01T00:00:00Z'),
      notice('D10', 'decision', 'sent', '2026-02-28T23:59:59.999Z'),
      notice('D11', 'decision', 'sent', '2026-03-10T00:00:01Z', siteB),
    ]);

  const appeal = (
    key: string,
    opened: string,
    status: 'open' | 'upheld' | 'overturned',
    decided: string | null,
    site = siteA,
  ) => ({
    siteId: site,
    decisionId: ids[key]!,
    threadId: 500,
    memberUserId: 12,
    status,
    openedAt: new Date(opened),
    decidedAt: decided ? new Date(decided) : null,
  });
  await db.insert(appeals).values([
    // Made before the period, upheld in it (3 days).
    appeal('D10', '2026-02-27T12:00:00Z', 'upheld', '2026-03-02T12:00:00Z'),
    // Made and overturned in it (6 hours).
    appeal('D8', '2026-03-16T00:00:00Z', 'overturned', '2026-03-16T06:00:00Z'),
    // Made in it, still open.
    appeal('D3', '2026-03-12T00:00:00Z', 'open', null),
    // Made on its last instant, upheld after it: open at its end.
    appeal('D6', '2026-03-31T23:59:59.999Z', 'upheld', '2026-04-02T00:00:00Z'),
    // Made after it.
    appeal('D9', '2026-04-01T00:00:00Z', 'open', null),
    // Made in January and still open: open at the period's end, not made in it.
    appeal('D13', '2026-01-10T00:00:00Z', 'open', null),
    // Another site's.
    appeal('D11', '2026-03-11T00:00:00Z', 'overturned', '2026-03-11T01:00:00Z', siteB),
  ]);
});

describe('the transparency report of a seeded site', () => {
  it('counts decisions by kind, reason, ground and by people or rules as a hand count does', async () => {
    const r = await getTransparencyReport(siteA, MARCH);
    expect(r.decisions.total).toBe(9);
    expect(r.decisions.byPeople).toBe(7);
    expect(r.decisions.byRules).toBe(2);
    expect(
      Object.fromEntries(r.decisions.byKind.map((k) => [k.kind, [k.total, k.byPeople, k.byRules]])),
    ).toEqual({
      warning: [2, 2, 0],
      ban: [1, 1, 0],
      mute: [1, 1, 0],
      site_ban: [1, 1, 0],
      site_mute: [0, 0, 0],
      hold: [1, 1, 0],
      delete: [1, 0, 1],
      reject: [1, 0, 1],
      dismiss: [1, 1, 0],
    });
    expect(r.decisions.byReason).toEqual([
      { code: 'spam', title: 'Spam', total: 3, byPeople: 1, byRules: 2 },
      { code: 'harassment', title: 'Harassment', total: 2, byPeople: 2, byRules: 0 },
      { code: null, title: 'No reason given', total: 2, byPeople: 2, byRules: 0 },
      { code: 'hate', title: '=Hateful content', total: 1, byPeople: 1, byRules: 0 },
      { code: 'illegal', title: 'Illegal content', total: 1, byPeople: 1, byRules: 0 },
    ]);
    expect(r.decisions.byGround).toEqual({ terms: 6, law: 1, none: 2 });
    expect(r.decisions.strikes).toBe(3);
    expect(r.decisions.strikesOverturned).toBe(1);
  });

  it('counts notices by status and kind, appeals made, upheld, overturned and open', async () => {
    const r = await getTransparencyReport(siteA, MARCH);
    expect(r.notices).toMatchObject({ sent: 2, failed: 1, off: 1, pending: 1, total: 5 });
    const kinds = Object.fromEntries(r.notices.byKind.map((k) => [k.kind, k.total]));
    expect(kinds).toEqual({
      decision: 3,
      appeal_upheld: 0,
      appeal_overturned: 1,
      appeal_late: 0,
      reporter_acted: 1,
      reporter_kept: 0,
    });
    expect(r.appeals).toEqual({ made: 3, upheld: 1, overturned: 1, openAtEnd: 3 });
  });

  it('gives the median times the seed makes (interpolated between the middle two)', async () => {
    const { medians } = await getTransparencyReport(siteA, MARCH);
    // Waits: 3600 (D1), 600 (D2), 7200 (D3) by people; 5 (D4), 15.0001 (D5, moved by 100 µs) by
    // rules; D12's is negative.
    expect(medians).toEqual({
      decisionSeconds: 600,
      decisionPeopleSeconds: 3600,
      decisionRulesSeconds: expect.closeTo((5 + 15.0001) / 2, 9),
      timedDecisions: 5,
      // 3 days and 6 hours.
      appealSeconds: (259_200 + 21_600) / 2,
      decidedAppeals: 2,
    });
  });

  it('gives every day of the period, and months past three of them', async () => {
    const { series } = await getTransparencyReport(siteA, MARCH);
    expect(series.unit).toBe('day');
    expect(series.points).toHaveLength(31);
    const busy = series.points.filter((p) => p.byPeople + p.byRules + p.appealsMade > 0);
    expect(busy).toEqual([
      { day: '2026-03-01', byPeople: 1, byRules: 0, appealsMade: 0 },
      { day: '2026-03-05', byPeople: 1, byRules: 0, appealsMade: 0 },
      { day: '2026-03-10', byPeople: 1, byRules: 1, appealsMade: 0 },
      { day: '2026-03-12', byPeople: 0, byRules: 0, appealsMade: 1 },
      { day: '2026-03-15', byPeople: 2, byRules: 0, appealsMade: 0 },
      { day: '2026-03-16', byPeople: 0, byRules: 0, appealsMade: 1 },
      { day: '2026-03-20', byPeople: 1, byRules: 1, appealsMade: 0 },
      { day: '2026-03-31', byPeople: 1, byRules: 0, appealsMade: 1 },
    ]);
    const year = await getTransparencyReport(siteA, { firstDay: '2026-01-01', lastDay: '2026-12-31' });
    expect(year.series.unit).toBe('month');
    expect(year.series.points.map((p) => p.day)).toHaveLength(12);
    expect(year.series.points.slice(0, 4)).toEqual([
      { day: '2026-01', byPeople: 1, byRules: 0, appealsMade: 1 },
      { day: '2026-02', byPeople: 1, byRules: 0, appealsMade: 1 },
      { day: '2026-03', byPeople: 7, byRules: 2, appealsMade: 3 },
      { day: '2026-04', byPeople: 1, byRules: 0, appealsMade: 1 },
    ]);
    expect(year.decisions.total).toBe(12);
  });

  it('counts only its own site, and an empty period as zeros', async () => {
    const b = await getTransparencyReport(siteB, MARCH);
    expect([b.decisions.total, b.notices.sent, b.appeals.made, b.appeals.overturned]).toEqual([1, 1, 1, 1]);
    const empty = await getTransparencyReport(siteA, { firstDay: '2025-06-01', lastDay: '2025-06-30' });
    expect(empty.decisions.total).toBe(0);
    expect(empty.decisions.byReason).toEqual([]);
    expect(empty.medians.decisionSeconds).toBeNull();
    expect(empty.medians.appealSeconds).toBeNull();
    expect(empty.appeals).toEqual({ made: 0, upheld: 0, overturned: 0, openAtEnd: 0 });
  });
});

/** RFC 4180, enough for these files: quoted cells with commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('the statements of reasons CSV', () => {
  it('writes one row per decision of the period, oldest first, whatever the page size', async () => {
    const expected = ['D1', 'D2', 'D3', 'D4', 'D7', 'D8', 'D5', 'D12', 'D6'].map((k) => String(ids[k]));
    for (const pageSize of [1, 2, 3, 4, 500]) {
      const rows = parseCsv(await readAll(await statementsCsvStream(siteA, MARCH, pageSize)));
      expect(rows[0]![0]).toBe('decision id');
      expect(
        rows.slice(1).map((r) => r[0]),
        `page size ${pageSize}`,
      ).toEqual(expected);
    }
  });

  it('says the facts, the reason, the ground, who decided, the notice, the redress and the appeal', async () => {
    const rows = parseCsv(await readAll(await statementsCsvStream(siteA, MARCH, 2)));
    const header = rows[0]!;
    const byId = new Map(
      rows.slice(1).map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))]),
    );
    const d3 = byId.get(String(ids.D3))!;
    expect(d3).toMatchObject({
      'date (UTC)': '2026-03-10T12:00:00.000Z',
      kind: 'mute',
      'member id': '12',
      'member name': 'Mia',
      threads: '101 102',
      'restriction ends (UTC)': '2026-03-17T12:00:00.000Z',
      'reason code': 'harassment',
      reason: 'Harassment',
      ground: 'terms',
      automated: 'no',
      'decided by': 'Olive',
      notice: 'sent',
      'redress offered':
        'Offered: internal appeal by answering the notice within 14 days (until 2026-03-24 12:00 UTC)',
      appeal: 'open',
    });
    expect(byId.get(String(ids.D4))).toMatchObject({
      automated: 'yes',
      'rule id': '7',
      'decided by': 'Spam links',
      messages: '9001',
      'member id': '-3',
    });
    expect(byId.get(String(ids.D6))).toMatchObject({
      ground: 'law',
      'redress offered': 'None reached the member: the notice failed (the site refused it twice)',
    });
    expect(byId.get(String(ids.D8))).toMatchObject({
      appeal: 'overturned (decision reversed)',
      'redress offered': 'None reached the member: the notice not sent (notices were off)',
    });
    expect(byId.get(String(ids.D1))).toMatchObject({
      'redress offered': 'None: the member was not told',
      notice: 'none',
      reason: 'Spam (old title)',
    });
    expect(byId.get(String(ids.D7))).toMatchObject({
      'member id': '',
      'redress offered': 'None: no member concerned',
      reason: '',
    });
  });

  it('defuses every cell a spreadsheet would run as a formula', async () => {
    const text = await readAll(await statementsCsvStream(siteA, MARCH));
    const rows = parseCsv(text);
    const header = rows[0]!;
    const cell = (key: string, col: string) =>
      rows.find((r) => r[0] === String(ids[key]))![header.indexOf(col)];
    expect(cell('D2', 'member name')).toBe(`'=HYPERLINK("http://x.test","click")`);
    expect(cell('D2', 'free text')).toBe(`'+1 again, and again`);
    expect(cell('D4', 'member name')).toBe(`'@guest`);
    expect(cell('D6', 'free text')).toBe(`'-2\tline\nnext`);
    expect(cell('D8', 'reason')).toBe(`'=Hateful content`);
    // No cell of the file starts a formula.
    for (const r of rows) for (const c of r) expect(/^[=+@\t\r]/.test(c) || /^-\D/.test(c), c).toBe(false);
  });
});

describe('the report CSV', () => {
  it('holds the page numbers in long form, formulas defused', async () => {
    const report = await getTransparencyReport(siteA, MARCH);
    const rows = parseCsv(reportCsv('=Site A', MARCH, report, new Date('2026-04-02T00:00:00Z')));
    expect(rows[0]).toEqual(['section', 'item', 'count', 'by people', 'by rules']);
    const find = (section: string, item: string) =>
      rows.find((r) => r[0] === section && r[1] === item)?.slice(2);
    expect(find('report', 'site')).toEqual(["'=Site A", '', '']);
    expect(find('decisions', 'all')).toEqual(['9', '7', '2']);
    expect(find('decisions by reason', 'Spam (spam)')).toEqual(['3', '1', '2']);
    expect(find('decisions by reason', "'=Hateful content (hate)")).toEqual(['1', '1', '0']);
    expect(find('decisions by reason', 'No reason given')).toEqual(['2', '2', '0']);
    expect(find('notices', 'sent')).toEqual(['2', '', '']);
    expect(find('appeals', 'overturned (decision reversed)')).toEqual(['1', '', '']);
    expect(find('median time (seconds)', 'to decision, from entering the queue')).toEqual(['600', '', '']);
    expect(find('median time (seconds)', 'to an appeal decision')).toEqual(['140400', '', '']);
    expect(find('decisions per day', '2026-03-10')).toEqual(['2', '1', '1']);
    expect(rows.filter((r) => r[0] === 'decisions per day')).toHaveLength(31);
  });
});

describe('the period of a report', () => {
  const now = new Date('2026-12-03T07:40:00Z');
  const resolve = (query: Record<string, string>) => {
    const { search, ignored } = parseSearch(transparencySearchParams, query);
    return resolvePeriod(search, ignored, now);
  };

  it('takes presets and custom days, the last day included', () => {
    expect(resolve({})).toMatchObject({
      ok: true,
      period: { firstDay: '2026-11-04', lastDay: '2026-12-03', preset: '30d' },
    });
    expect(resolve({ period: 'year' })).toMatchObject({
      ok: true,
      period: { firstDay: '2026-01-01', lastDay: '2026-12-03' },
    });
    expect(resolve({ period: 'last-year' })).toMatchObject({
      ok: true,
      period: { firstDay: '2025-01-01', lastDay: '2025-12-31' },
    });
    const custom = resolve({ from: '2026-03-01', to: '2026-03-31', period: 'year' });
    expect(custom).toMatchObject({
      ok: true,
      period: { firstDay: '2026-03-01', lastDay: '2026-03-31', preset: null },
    });
    if (custom.ok) expect(custom.period.to.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(resolve({ from: '2026-11-30' })).toMatchObject({ ok: true, period: { lastDay: '2026-12-03' } });
    expect(resolve({ from: '2021-03-01', to: '2026-02-28' }).ok).toBe(true);
  });

  it('refuses what cannot be a period, in words', () => {
    const words = (query: Record<string, string>) => {
      const r = resolve(query);
      return r.ok ? [] : r.problems;
    };
    expect(words({ from: '2026-02-30' })[0]).toMatch(/^The date in 'from' is not a day of the calendar/);
    expect(words({ from: '2026-01-01', to: '9999-99-99' })[0]).toMatch(/^The date in 'to' is not a day/);
    expect(words({ from: '2026-04-01', to: '2026-03-01' })).toEqual([
      "The period in 'from' starts on 2026-04-01, after its last day 2026-03-01. Swap them.",
    ]);
    expect(words({ from: '2020-01-01', to: '2026-01-01' })[0]).toMatch(/covers at most 5 years/);
    expect(words({ to: '2026-01-01' })[0]).toMatch(/no start: add 'from'/);
    expect(words({ period: 'forever' })[0]).toMatch(/^The period in 'period' is not one of/);
  });
});
