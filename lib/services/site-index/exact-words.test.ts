/**
 * The desk's word search as exact words: the site's words kept by the triggers of migration
 * 0017, and the same matches as the prefixes typed, whatever the words.
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { insertSite } from '@/lib/services/sites/queries';
import { messageRow } from '@/tests/support/index-rows';
import { exactWordsQuery } from './queries/exact-words';
import { messagesDeskWhere } from './queries/messages-desk';
import { indexLexemes, indexMessages } from './schema';
import { storeBatch } from './store';

let siteId: number;
let otherSiteId: number;

// 70 words on one prefix: more than a prefix is turned into, so it stays a prefix.
const many = Array.from({ length: 70 }, (_, i) => `pre${i}`).join(' ');
const texts = [
  'Where is my delivery of bananas',
  'Deliveries ship tomorrow, see https://shop.example.com/track',
  'delivered x² times',
  'Привет, доставка завтра',
  `predictable ${many}`,
  "it's o'clock, back\\slash",
];

async function site(name: string) {
  return (
    await insertSite({
      name: `${name} ${Date.now()} ${Math.random()}`,
      url: 'https://exact-words.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
}

const rows = (list: string[], from = 1) =>
  list.map((text, i) =>
    messageRow({
      id: from + i,
      threadId: 1,
      senderId: 1,
      createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      text,
    }),
  );

async function lexemes(site: number, like: string) {
  const db = await getDb();
  const found = await db
    .select({ lexeme: indexLexemes.lexeme })
    .from(indexLexemes)
    .where(and(eq(indexLexemes.siteId, site), sql`${indexLexemes.lexeme} LIKE ${like}`));
  return found.map((r) => r.lexeme).sort();
}

beforeAll(async () => {
  siteId = await site('Exact words');
  otherSiteId = await site('Exact words other');
  const db = await getDb();
  await storeBatch(db, { siteId, users: [], deletedIds: [], rows: rows(texts) });
  await storeBatch(db, { siteId: otherSiteId, users: [], deletedIds: [], rows: rows(['delicatessen']) });
});

describe("a site's words", () => {
  it('are kept as messages come, per site, and when a text changes', async () => {
    expect(await lexemes(siteId, 'deli%')).toEqual(['delivered', 'deliveries', 'delivery']);
    expect(await lexemes(otherSiteId, 'deli%')).toEqual(['delicatessen']);
    const db = await getDb();
    // The sync stores an edited message again (an upsert): its new words join.
    await storeBatch(db, {
      siteId,
      users: [],
      deletedIds: [],
      rows: rows(['Where is my delivery of deliciousness']),
    });
    expect(await lexemes(siteId, 'deli%')).toEqual(['deliciousness', 'delivered', 'deliveries', 'delivery']);
  });
});

describe('exact words for the typed prefixes', () => {
  it('lists the words a prefix stands for, nothing when none, the prefix when too many', async () => {
    const db = await getDb();
    expect(await exactWordsQuery(db, siteId, 'Deliver')).toBe("( 'delivered' | 'deliveries' | 'delivery' )");
    expect(await exactWordsQuery(db, siteId, 'deliv zzz')).toBeNull();
    expect(await exactWordsQuery(db, siteId, 'pre ban')).toBe("'pre':* & ( 'bananas' )");
    // PostgreSQL reads "x²" as "x": the words as typed.
    expect(await exactWordsQuery(db, siteId, 'x²')).toBe("'x':*");
  });

  it('finds the same messages as the prefixes', async () => {
    const db = await getDb();
    for (const text of [
      'deliv',
      'DELIVER ship',
      'del',
      'x²',
      'дост',
      'pre',
      'predict',
      'pre1',
      'o clock',
      'back',
      'nothing',
      'x',
      'sl',
      'sh',
      'shop',
      'track',
      '²',
      'x ²',
    ]) {
      const match = async (exact: boolean) => {
        const where = messagesDeskWhere(
          { siteId, text },
          exact ? await exactWordsQuery(db, siteId, text) : undefined,
        );
        const found = await db.select({ id: indexMessages.id }).from(indexMessages).where(where);
        return found.map((r) => r.id).sort();
      };
      expect(await match(true), text).toEqual(await match(false));
    }
  });
});
