/**
 * A word search with each typed prefix turned into the exact words it stands for in the site's
 * messages (site_index_lexemes, kept by triggers). The word index finds an exact word several
 * times faster than a prefix (on 1,000,000 messages: 'refund':* 30 ms, 'refund' 3.5 ms), and
 * the matches are the same: every word any message has is in the list.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/lib/infra/db/client';
import { prefixTsQuery, searchWords } from './common';

/** A prefix that stands for more words than this stays a prefix (the index reads it as one range). */
const MAX_WORDS_PER_PREFIX = 64;

/**
 * The tsquery (its text, for `::tsquery`) that matches what `prefixTsQuery(text)` matches, or
 * null when it can match nothing (a prefix no word of the site starts with). When PostgreSQL
 * does not read a typed word as that one word (its parser splits it, say), the prefix query
 * itself.
 */
export async function exactWordsQuery(db: Db, siteId: number, text: string): Promise<string | null> {
  const words = searchWords(text);
  const prefixed = prefixTsQuery(text);
  if (!prefixed) return null;
  const columns = words.map(
    (w, i) => sql`to_tsquery('simple', ${`${w}:*`})::text AS ${sql.raw(`q${i}`)},
      (SELECT CASE WHEN count(*) > ${MAX_WORDS_PER_PREFIX} THEN NULL
          ELSE coalesce(string_agg(array_to_tsvector(ARRAY[x.lexeme])::text, ' | ' ORDER BY x.lexeme COLLATE "C"), '') END
        FROM (SELECT lexeme FROM site_index_lexemes
          WHERE site_id = ${siteId} AND lexeme LIKE ${`${w}%`} LIMIT ${MAX_WORDS_PER_PREFIX + 1}) x) AS ${sql.raw(`e${i}`)}`,
  );
  const result = await db.execute(
    sql`SELECT to_tsquery('simple', ${prefixed})::text AS whole, ${sql.join(columns, sql`, `)}`,
  );
  const row = (result as unknown as { rows: Record<string, string | null>[] }).rows[0]!;
  // Each typed word must be exactly one prefix of itself in PostgreSQL's reading; else as typed.
  if (words.some((w, i) => row[`q${i}`] !== `'${w}':*`)) return row.whole!;
  const parts: string[] = [];
  for (const [i, w] of words.entries()) {
    const exact = row[`e${i}`];
    if (exact === '') return null;
    parts.push(exact === null ? `'${w}':*` : `( ${exact} )`);
  }
  return parts.join(' & ');
}
