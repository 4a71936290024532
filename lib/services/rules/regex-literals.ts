/**
 * What text a regular expression needs, as SQL: the literal runs every match must contain
 * ("whats ?app|telegram" needs "whats" and "app", or "telegram"), so try on history lets
 * PostgreSQL drop the messages that cannot match before RE2 reads the rest. A superset, never
 * the test itself: RE2 confirms every candidate.
 *
 * The pattern is read by regexpp (eslint's ECMAScript parser) in Unicode mode. RE2's own syntax
 * that ECMAScript lacks (`\Q…\E`, `\A`, `\z`, `(?i)`, `[[:alpha:]]`, `(?P<n>…)`) is an error
 * there, and then there is no requirement at all: a pattern either parses to the same literals in
 * both, or it is not narrowed. Case-insensitive patterns keep only ASCII letters and digits whose
 * case folding is plain (not k or s, which RE2 also matches as the Kelvin sign and the long s) and
 * compare against `lower(text)`; any other character ends a run.
 */
import 'server-only';
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { sql, type SQL } from 'drizzle-orm';

/** A requirement on the text: nothing, a literal, or all / any of others. */
export type Need = { kind: 'none' } | { kind: 'lit'; text: string } | { kind: 'all' | 'any'; parts: Need[] };

const NONE: Need = { kind: 'none' };
/** Shorter runs narrow too little to be worth a test. */
const MIN_RUN = 3;
/** Literals tested at most (a pattern with more is not narrowed further). */
const MAX_LITERALS = 32;

const FOLD_SAFE = /^[a-jl-rt-z0-9 !"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]$/;

function all(parts: Need[]): Need {
  const kept = parts.filter((p) => p.kind !== 'none');
  if (kept.length === 0) return NONE;
  return kept.length === 1 ? kept[0]! : { kind: 'all', parts: kept };
}

function any(parts: Need[]): Need {
  // One branch that needs nothing: the whole needs nothing.
  if (parts.length === 0 || parts.some((p) => p.kind === 'none')) return NONE;
  return parts.length === 1 ? parts[0]! : { kind: 'any', parts };
}

function literalCount(n: Need): number {
  if (n.kind === 'none') return 0;
  if (n.kind === 'lit') return 1;
  return n.parts.reduce((s, p) => s + literalCount(p), 0);
}

/** The requirement of a regular expression's source, with RE2's `i` flag or not. */
export function regexNeeds(pattern: string, caseInsensitive: boolean): Need {
  let ast: AST.Pattern;
  try {
    ast = new RegExpParser().parsePattern(pattern, 0, pattern.length, { unicode: true });
  } catch {
    return NONE;
  }
  const need = disjunction(ast.alternatives, caseInsensitive);
  return literalCount(need) > MAX_LITERALS ? NONE : need;
}

function disjunction(alternatives: AST.Alternative[], ci: boolean): Need {
  return any(alternatives.map((a) => sequence(a.elements, ci)));
}

/** A sequence: its literal runs and its groups' requirements, all needed. */
function sequence(elements: AST.Element[], ci: boolean): Need {
  const parts: Need[] = [];
  let run = '';
  const endRun = () => {
    if (run.length >= MIN_RUN) parts.push({ kind: 'lit', text: run });
    run = '';
  };
  for (const el of elements) {
    if (el.type === 'Character') {
      const ch = String.fromCodePoint(el.value);
      if (ci) {
        const lower = ch.toLowerCase();
        if (FOLD_SAFE.test(lower)) {
          run += lower;
          continue;
        }
        endRun();
        continue;
      }
      run += ch;
      continue;
    }
    endRun();
    parts.push(element(el, ci));
  }
  endRun();
  return all(parts);
}

function element(el: AST.Element, ci: boolean): Need {
  switch (el.type) {
    case 'Group':
      // A group that changes the flags inside ((?i:…)): not read.
      return el.modifiers ? NONE : disjunction(el.alternatives, ci);
    case 'CapturingGroup':
      return disjunction(el.alternatives, ci);
    case 'Quantifier':
      // At least once: what the element needs, the text needs.
      return el.min >= 1 ? element(el.element, ci) : NONE;
    case 'Character':
      return NONE;
    default:
      // Classes, sets, assertions, lookarounds, back-references: no literal required.
      return NONE;
  }
}

/** The requirement as a WHERE over `text` (null: none). */
export function needsWhere(need: Need, text: SQL, caseInsensitive: boolean): SQL | null {
  if (need.kind === 'none') return null;
  const hay = caseInsensitive ? sql`lower(${text})` : text;
  const build = (n: Need): SQL => {
    if (n.kind === 'lit') return sql`strpos(${hay}, ${n.text}) > 0`;
    if (n.kind === 'none') return sql`true`;
    return sql`(${sql.join(n.parts.map(build), n.kind === 'all' ? sql` AND ` : sql` OR `)})`;
  };
  return build(need);
}
