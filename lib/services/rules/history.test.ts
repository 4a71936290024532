/**
 * "Try on history" over a seeded index: exactly the messages the rule's own matcher accepts (the
 * SQL prefilter loses none, including look-alike spellings and negations), only within the last N
 * days, newest first, and a spent time budget says how far it got.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { insertSite } from '@/lib/services/sites/queries';
import type { MessageRow } from '@/lib/services/site-index/convert';
import { indexThreads } from '@/lib/services/site-index/schema';
import { recountUsers, storeBatch } from '@/lib/services/site-index/store';
import { compileConditions, indexFacts, matchMessage, rowToRuleMessage } from './evaluate';
import { tryOnHistory } from './history';
import type { RuleCondition } from './tree';
import { messageRow } from '@/tests/support/index-rows';

const NOW = new Date(Date.UTC(2026, 5, 30, 12));
const daysAgo = (d: number, minutes = 0) => new Date(NOW.getTime() - d * 86_400_000 - minutes * 60_000);
let siteId = 0;
let otherSiteId = 0;

const TEXTS: [id: number, ageDays: number, text: string, extra?: Partial<MessageRow>][] = [
  [1, 40, 'Buy cheap casino chips'], // outside a 30-day window
  [2, 20, 'casino night at the club'],
  [3, 10, 'The C4SINO is open'], // leetspeak
  [4, 9, 'caaasino bonus'], // repeated letters
  [5, 8, 'cаsino with a Cyrillic a'], // look-alike letter
  [6, 7, 'Occasional casinos are not a word match'], // not a whole word
  [7, 6, 'visit http://casino.example.com now'],
  [8, 5, 'mail me: casino@example.org'],
  [9, 4, 'nothing to see here'],
  [10, 3, 'Call +44 20 7946 0958 today', { pending: true }],
  [
    11,
    2,
    'plain message with a file',
    { attachments: [{ url: 'https://s.test/a.png' }], attachmentCount: 1 },
  ],
  [12, 1, 'reported words', { reportCount: 1 }],
  [13, 0, 'guest says casino', {}],
];

function row(id: number, age: number, text: string, extra: Partial<MessageRow> = {}): MessageRow {
  return messageRow({
    id,
    threadId: id % 2 ? 100 : 101,
    senderId: id === 13 ? -5 : (id % 3) + 1,
    createdAt: daysAgo(age),
    text,
    ...extra,
  });
}

async function newSite(name: string) {
  return (
    await insertSite({
      name: `${name} ${Date.now()} ${Math.random()}`,
      url: 'https://rules-history.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
}

beforeAll(async () => {
  siteId = await newSite('Rules history');
  otherSiteId = await newSite('Rules history other');
  const db = await getDb();
  await storeBatch(db, {
    siteId,
    users: [
      { id: 1, name: 'Alice', avatar: null, isGuest: false },
      { id: 2, name: 'Bob', avatar: null, isGuest: false },
      { id: 3, name: 'Carol', avatar: null, isGuest: false },
      { id: -5, name: 'Guest Gus', avatar: null, isGuest: true },
    ],
    deletedIds: [],
    rows: TEXTS.map(([id, age, text, extra]) => row(id, age, text, extra)),
  });
  await recountUsers(db, siteId);
  await db.execute(sql`UPDATE ${indexThreads} SET type = 'group' WHERE site_id = ${siteId} AND id = 101`);
  await db.execute(sql`UPDATE ${indexThreads} SET type = 'thread' WHERE site_id = ${siteId} AND id = 100`);
  await storeBatch(db, {
    siteId: otherSiteId,
    users: [{ id: 1, name: 'Alice', avatar: null, isGuest: false }],
    deletedIds: [],
    rows: [row(2, 1, 'casino elsewhere')],
  });
});

const run = (conditions: RuleCondition, days = 30, extra: Partial<Parameters<typeof tryOnHistory>[0]> = {}) =>
  tryOnHistory({ siteId, conditions, triggers: ['message'], days, now: NOW, ...extra });
const ids = (r: { matches: { id: number }[] }) => r.matches.map((m) => m.id);

/** What the matcher alone says over every message of the window: the prefilter must agree. */
async function bruteForce(conditions: RuleCondition, days = 30) {
  const db = await getDb();
  const facts = indexFacts(db, siteId);
  const compiled = compileConditions(conditions);
  const rows = await db.execute<Record<string, unknown>>(sql`
    SELECT m.*, t.type AS thread_type FROM site_index_messages m
    LEFT JOIN site_index_threads t ON t.site_id = m.site_id AND t.id = m.thread_id
    WHERE m.site_id = ${siteId} AND m.created_at >= ${daysAgo(days)} ORDER BY m.id DESC`);
  const out: number[] = [];
  for (const r of (rows as unknown as { rows: Record<string, unknown>[] }).rows ?? rows) {
    const msg = rowToRuleMessage(
      {
        siteId,
        id: Number(r.id),
        threadId: Number(r.thread_id),
        senderId: Number(r.sender_id),
        text: String(r.text),
        createdAt: new Date(r.created_at as string),
        pending: Boolean(r.pending),
        reportCount: Number(r.report_count),
        reports: r.reports as never,
        aiFlagged: Boolean(r.ai_flagged),
        attachments: r.attachments as never,
      },
      (r.thread_type as string | null) ?? null,
    );
    if (await matchMessage(compiled, msg, facts)) out.push(msg.id);
  }
  return out;
}

describe('try on history', () => {
  it('a word list finds exactly its messages in the window, look-alike spellings included, newest first', async () => {
    const r = await run({ type: 'words', words: ['casino'], obfuscation: true });
    expect(ids(r)).toEqual([13, 8, 7, 5, 4, 3, 2]);
    expect(r).toMatchObject({ matched: 7, inWindow: 12, checked: 12, stopped: false, days: 30 });
    expect(r.candidates).toBeLessThan(12);
    expect(r.matches[0]).toMatchObject({ senderName: 'Guest Gus', excerpt: 'guest says casino' });
    expect(r.matches.find((m) => m.id === 3)!.because[0]).toMatchObject({ condition: 'words' });
    expect(ids(r)).toEqual(await bruteForce({ type: 'words', words: ['casino'], obfuscation: true }));
  });

  it('N days: a longer window takes the older message, a shorter one leaves more out', async () => {
    expect(ids(await run({ type: 'words', words: ['casino'], obfuscation: true }, 90))).toContain(1);
    expect(ids(await run({ type: 'words', words: ['casino'], obfuscation: true }, 6))).toEqual([13, 8, 7]);
  });

  it('without look-alikes only the plain spelling counts', async () => {
    const r = await run({ type: 'words', words: ['CASINO'], obfuscation: false });
    expect(ids(r)).toEqual([13, 8, 7, 2]);
  });

  it('agrees with the matcher alone for links, e-mail, phone, flags, groups and negations', async () => {
    const trees: RuleCondition[] = [
      { type: 'link' },
      { type: 'email' },
      { type: 'phone' },
      { type: 'guest' },
      { type: 'reports', count: 1 },
      { type: 'attachment', kinds: ['image'] },
      { type: 'thread-type', types: ['group'] },
      { not: { type: 'thread-type', types: ['group'] } },
      { not: { type: 'link' } },
      { all: [{ type: 'words', words: ['casino'], obfuscation: true }, { not: { type: 'guest' } }] },
      { any: [{ type: 'phone' }, { type: 'words', words: ['nothing'], obfuscation: true }] },
      { type: 'regex', pattern: 'c[a4]s+ino\\b', caseSensitive: false },
      // Narrowed in SQL by their literal text ("casino", "call" or "today"), confirmed by RE2.
      { type: 'regex', pattern: 'CASINO (night|chips)', caseSensitive: false },
      { type: 'regex', pattern: '(?:Call|today)\\b', caseSensitive: true },
      { type: 'regex', pattern: 'casino@example\\.org', caseSensitive: true },
      // No literal text: narrowed by the pattern rewritten for PostgreSQL.
      { type: 'regex', pattern: 'c[a4]+s+[i1]n[o0]', caseSensitive: false },
      { type: 'regex', pattern: '\\d{2}\\s\\d{4}', caseSensitive: true },
      { any: [{ type: 'regex', pattern: '[x-z]{3}|\\+4', caseSensitive: true }, { type: 'guest' }] },
      {
        all: [
          { type: 'few-messages', count: 3 },
          { type: 'words', words: ['casino'], obfuscation: true },
        ],
      },
    ];
    for (const tree of trees) {
      expect(ids(await run(tree)), JSON.stringify(tree)).toEqual(await bruteForce(tree));
    }
    expect(ids(await run({ type: 'regex', pattern: 'CASINO (night|chips)', caseSensitive: false }))).toEqual([
      2,
    ]);
    const noLiteral = await run({ type: 'regex', pattern: 'c[a4]+s+[i1]n[o0]', caseSensitive: false });
    expect(ids(noLiteral)).toEqual([13, 8, 7, 6, 4, 3, 2]);
    // Only the messages PostgreSQL's reading lets through reach RE2.
    expect(noLiteral.candidates).toBeLessThan(noLiteral.inWindow);
    expect(noLiteral.candidates).toBe(noLiteral.matched);
    expect(ids(await run({ type: 'phone' }))).toEqual([10]);
    expect(ids(await run({ type: 'email' }))).toEqual([8]);
  });

  it('triggers: a rule on pending messages looks only at pending ones', async () => {
    const r = await run({ not: { type: 'link' } }, 30, { triggers: ['pending'] });
    expect(ids(r)).toEqual([10]);
  });

  it('another site’s identical message is never listed', async () => {
    const r = await run({ type: 'words', words: ['elsewhere'], obfuscation: true });
    expect(r.matched).toBe(0);
  });

  it('a spent time budget stops the run and says how far it got', async () => {
    const r = await run({ not: { type: 'link' } }, 30, { budgetMs: 0 });
    expect(r.stopped).toBe(true);
    expect(r.checked).toBeLessThan(r.inWindow);
    expect(r.matched).toBe(0);
  });

  it('keeps the newest matches listed and counts the rest', async () => {
    const r = await run({ type: 'words', words: ['casino'], obfuscation: true }, 30, { keep: 2 });
    expect(ids(r)).toEqual([13, 8]);
    expect(r.matched).toBe(7);
  });
});
