/**
 * A rule's conditions as SQL that "try on history" runs before the rule itself: a WHERE that every
 * message the rule would match passes (a superset), so PostgreSQL drops the rest without them
 * leaving the database, and each candidate is then confirmed by the rule's own matcher. A test
 * with no cheap SQL form (a regular expression, counts over the sender's history) passes all.
 * `exact` marks a WHERE that is the test itself, so that its negation (`not`) is a superset too.
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { indexMessages as m, indexThreads as t, indexUsers as u } from '@/lib/services/site-index/schema';
import { needsWhere, regexNeeds } from './regex-literals';
import type { RuleCondition, RuleLeaf } from './tree';

export interface Prefilter {
  /** Null: no restriction (every message is a candidate). */
  where: SQL | null;
  exact: boolean;
}

const ALL: Prefilter = { where: null, exact: false };

// obscenity's transformers as the word matcher runs them (evaluate.ts): look-alike characters
// (only `|` among ASCII ones, read as l), leetspeak, ASCII lower case, and repeated letters
// collapsed. A letter of a listed word may so be written as any of these, or as any non-ASCII
// character (a look-alike), repeated.
const LEET: Record<string, string> = {
  a: '@4',
  c: '(',
  e: '3',
  g: '6',
  i: '1|!',
  l: '/|',
  o: '0',
  s: '$5',
  t: '7',
  z: '2',
};
const NON_ASCII = '[^\\x01-\\x7f]';

function bracketEscape(chars: string): string {
  return chars.replace(/[\\\]^-]/g, (c) => `\\${c}`);
}

function regexEscape(ch: string): string {
  return /[A-Za-z0-9]/.test(ch) ? ch : `\\${ch}`;
}

/** One character of a listed word as a PostgreSQL regular expression (ARE). */
function charPattern(ch: string, obfuscation: boolean): string {
  if (ch.charCodeAt(0) > 0x7f) return NON_ASCII;
  const lower = ch.toLowerCase();
  if (!obfuscation) {
    return /[a-z]/.test(lower) ? `[${lower}${lower.toUpperCase()}]` : regexEscape(ch);
  }
  const chars = /[a-z]/.test(lower) ? `${lower}${lower.toUpperCase()}${LEET[lower] ?? ''}` : ch;
  return `(?:[${bracketEscape(chars)}]|${NON_ASCII})+`;
}

/** A word list as one regular expression that finds every text the matcher can (and some more). */
export function wordsPattern(words: readonly string[], obfuscation: boolean): string | null {
  const parts = [...new Set(words.map((w) => w.trim()).filter(Boolean))]
    .map((w) => [...w].map((c) => charPattern(c, obfuscation)).join(''))
    .filter(Boolean);
  return parts.length ? parts.join('|') : null;
}

function wordsWhere(leaf: Extract<RuleLeaf, { type: 'words' }>): SQL | null {
  const words = leaf.words.map((w) => w.trim()).filter(Boolean);
  if (!words.length) return sql`false`;
  const pattern = wordsPattern(words, leaf.obfuscation ?? true);
  return pattern ? sql`${m.text} ~ ${pattern}` : sql`false`;
}

/**
 * A regular expression's PostgreSQL form (regexSuperset), once the caller has seen the database
 * compile it; without one only its literal text narrows.
 */
export type RegexInSql = (pattern: string, caseInsensitive: boolean) => string | null;

function leafFilter(leaf: RuleLeaf, siteId: number, regexInSql?: RegexInSql): Prefilter {
  switch (leaf.type) {
    case 'words':
      return { where: wordsWhere(leaf), exact: false };
    case 'link':
    case 'domain-outside':
      // The column sees a link wherever the matcher does (and in a few texts it does not).
      return { where: sql`${m.hasLink}`, exact: false };
    case 'phone':
      return { where: sql`${m.hasPhone}`, exact: false };
    case 'email':
      return { where: sql`${m.hasEmail}`, exact: false };
    case 'guest':
      return {
        where: sql`(${m.senderId} < 0 OR EXISTS (SELECT 1 FROM ${u} WHERE ${u.siteId} = ${siteId}
          AND ${u.id} = ${m.senderId} AND ${u.isGuest}))`,
        exact: true,
      };
    case 'reports':
      // Distinct reporters when the reports are listed, else the count: never more than either.
      return {
        where: sql`(${m.reportCount} >= ${leaf.count} OR jsonb_array_length(${m.reports}) >= ${leaf.count})`,
        exact: leaf.count === 1,
      };
    case 'ai-flag':
      return { where: sql`${m.aiFlagged}`, exact: !leaf.category };
    case 'thread-type':
      return {
        where: sql`${t.type} IN (${sql.join(
          leaf.types.map((x) => sql`${x}`),
          sql`, `,
        )})`,
        exact: true,
      };
    case 'attachment':
      return {
        where: sql`jsonb_array_length(${m.attachments}) > 0`,
        exact: leaf.kinds.length === 4,
      };
    case 'regex': {
      // RE2 is not PostgreSQL's syntax: the literal text every match contains (cheap), else the
      // pattern rewritten as a PostgreSQL expression that matches at least as much.
      const ci = !leaf.caseSensitive;
      const literal = needsWhere(regexNeeds(leaf.pattern, ci), sql`${m.text}`, ci);
      if (literal) return { where: literal, exact: false };
      const pg = regexInSql?.(leaf.pattern, ci);
      return pg ? { where: sql`${m.text} ~ ${pg}`, exact: false } : ALL;
    }
    default:
      // Account age, message counts, spam wave, flood.
      return ALL;
  }
}

/** The tree's superset WHERE (see the module's note). */
export function prefilter(tree: RuleCondition, siteId: number, regexInSql?: RegexInSql): Prefilter {
  if ('all' in tree) {
    const parts = tree.all.map((c) => prefilter(c, siteId, regexInSql));
    const wheres = parts.map((p) => p.where).filter((w): w is SQL => w !== null);
    return {
      where: wheres.length ? sql`(${sql.join(wheres, sql` AND `)})` : null,
      exact: parts.every((p) => p.exact),
    };
  }
  if ('any' in tree) {
    const parts = tree.any.map((c) => prefilter(c, siteId, regexInSql));
    if (parts.some((p) => p.where === null)) return ALL;
    return {
      where: sql`(${sql.join(
        parts.map((p) => p.where!),
        sql` OR `,
      )})`,
      exact: parts.every((p) => p.exact),
    };
  }
  if ('not' in tree) {
    const inner = prefilter(tree.not, siteId, regexInSql);
    if (!inner.exact) return ALL;
    // SQL's NULL is the matcher's unknown (a thread whose type is not known yet): NOT keeps it
    // unknown, and WHERE drops it, as the matcher does.
    return { where: inner.where ? sql`NOT (${inner.where})` : sql`false`, exact: true };
  }
  return leafFilter(tree, siteId, regexInSql);
}
