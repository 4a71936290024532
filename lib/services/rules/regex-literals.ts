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
 *
 * A pattern with no literal text at all (`c[a4]+s+[i1]n[o0]`) is rewritten whole as a PostgreSQL
 * regular expression (regexSuperset) that matches at least every text RE2 matches: classes and
 * characters as code-point escapes (under `i`, both cases of ASCII letters, k and s with their
 * look-alikes; any other cased character becomes any character), counted repetitions loosened,
 * assertions dropped, what has no plain form read as any character.
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

/** The pattern as ECMAScript reads it in Unicode mode, or null (RE2-only syntax, or not valid). */
function parsed(pattern: string): AST.Pattern | null {
  try {
    return new RegExpParser().parsePattern(pattern, 0, pattern.length, { unicode: true });
  } catch {
    return null;
  }
}

/** The requirement of a regular expression's source, with RE2's `i` flag or not. */
export function regexNeeds(pattern: string, caseInsensitive: boolean): Need {
  const ast = parsed(pattern);
  if (!ast) return NONE;
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

/**
 * Whether a text meets the requirement, read as the SQL reads it (the text lowered for `i`): the
 * rules pass asks this before RE2, so a message without the pattern's literal text costs no call.
 */
export function needMet(need: Need, text: string, caseInsensitive: boolean): boolean {
  return need.kind === 'none' || metBy(need, caseInsensitive ? text.toLowerCase() : text);
}

function metBy(n: Need, hay: string): boolean {
  switch (n.kind) {
    case 'none':
      return true;
    case 'lit':
      return hay.includes(n.text);
    case 'all':
      return n.parts.every((p) => metBy(p, hay));
    case 'any':
      return n.parts.some((p) => metBy(p, hay));
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

// ---------------------------------------------------------------------------------------------
// The whole pattern as a PostgreSQL regular expression (ARE) that matches every text RE2 does

/** Counted repetitions kept small: PostgreSQL builds states for each repetition it counts. */
const PG_MAX_COUNT = 8;
/** A translation longer than this is not worth PostgreSQL's compiling. */
const PG_MAX_LENGTH = 4000;

type Piece = { re: string; nullable: boolean };
const EMPTY: Piece = { re: '', nullable: true };
const ANY_CHAR: Piece = { re: '.', nullable: false };
type Range = [number, number];

/** A code point as an ARE escape (valid inside brackets too). */
function cp(c: number): string {
  const h = c.toString(16);
  return c <= 0xffff ? `\\u${h.padStart(4, '0')}` : `\\U${h.padStart(8, '0')}`;
}

const KELVIN = 0x212a;
const LONG_S = 0x17f;
/** JavaScript's \s (a superset of RE2's): PostgreSQL's own \s depends on the locale. */
const SPACES: Range[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const WORD: Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];

/**
 * The characters one character matches under case folding, or null when that is not plain: an
 * ASCII letter is itself in both cases (k and s also as the Kelvin sign and the long s); a
 * non-ASCII character with a case may fold in ways toLowerCase does not tell.
 */
function folds(c: number): number[] | null {
  if (c === KELVIN) return [0x4b, 0x6b, KELVIN];
  if (c === LONG_S) return [0x53, 0x73, LONG_S];
  const ch = String.fromCodePoint(c);
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  if (c >= 0x80) return lower === ch && upper === ch ? [c] : null;
  const out = new Set([lower.codePointAt(0)!, upper.codePointAt(0)!]);
  if (lower === 'k') out.add(KELVIN);
  if (lower === 's') out.add(LONG_S);
  return [...out];
}

/** A range under case folding (ASCII only; null otherwise). */
function foldRange([lo, hi]: Range): Range[] | null {
  if (hi >= 0x80) return null;
  const out: Range[] = [[lo, hi]];
  const overlap = (a: number, b: number): Range | null => {
    const x = Math.max(lo, a);
    const y = Math.min(hi, b);
    return x <= y ? [x, y] : null;
  };
  const lowers = overlap(0x61, 0x7a);
  const uppers = overlap(0x41, 0x5a);
  if (lowers) out.push([lowers[0] - 0x20, lowers[1] - 0x20]);
  if (uppers) out.push([uppers[0] + 0x20, uppers[1] + 0x20]);
  const has = (c: number) =>
    (lowers && c >= lowers[0] && c <= lowers[1]) ||
    (uppers && c - 0x20 >= uppers[0] && c - 0x20 <= uppers[1]);
  if (has(0x6b)) out.push([KELVIN, KELVIN]);
  if (has(0x73)) out.push([LONG_S, LONG_S]);
  return out;
}

function bracket(ranges: Range[], negate = false): string {
  const body = ranges.map(([lo, hi]) => (lo === hi ? cp(lo) : `${cp(lo)}-${cp(hi)}`)).join('');
  return `[${negate ? '^' : ''}${body}]`;
}

/** The ranges of a class item, or null when it has no plain form (the class is then any character). */
function itemRanges(el: AST.CharacterClassElement, ci: boolean, negated: boolean): Range[] | null {
  switch (el.type) {
    case 'Character': {
      if (!ci) return [[el.value, el.value]];
      const f = folds(el.value);
      return f ? f.map((c): Range => [c, c]) : null;
    }
    case 'CharacterClassRange':
      return ci ? foldRange([el.min.value, el.max.value]) : [[el.min.value, el.max.value]];
    case 'CharacterSet':
      if (el.kind === 'digit' && !el.negate) return [[0x30, 0x39]];
      // Under `i` RE2 may read \w with the Kelvin sign and the long s: a positive class takes them.
      if (el.kind === 'word' && !el.negate)
        return negated ? WORD : [...WORD, [LONG_S, LONG_S], [KELVIN, KELVIN]];
      // A negated class must not hold more than the true set: JavaScript's spaces may be more.
      if (el.kind === 'space' && !el.negate && !negated) return SPACES;
      return null;
    default:
      return null;
  }
}

function classPiece(el: AST.CharacterClass, ci: boolean): Piece {
  if (el.unicodeSets) return ANY_CHAR;
  // A negated class under folding: its complement is not plain either.
  if (el.negate && ci) return ANY_CHAR;
  const ranges: Range[] = [];
  for (const item of el.elements) {
    const r = itemRanges(item, ci, el.negate);
    if (!r) return ANY_CHAR;
    ranges.push(...r);
  }
  if (ranges.length === 0) return ANY_CHAR;
  return { re: bracket(ranges, el.negate), nullable: false };
}

function setPiece(el: AST.CharacterSet, ci: boolean): Piece {
  if (el.kind === 'digit') return { re: bracket([[0x30, 0x39]], el.negate), nullable: false };
  if (el.kind === 'word') {
    // \W under `i` is a little smaller than [^0-9A-Za-z_]: still a superset.
    return el.negate
      ? { re: bracket(WORD, true), nullable: false }
      : { re: bracket(ci ? [...WORD, [LONG_S, LONG_S], [KELVIN, KELVIN]] : WORD), nullable: false };
  }
  if (el.kind === 'space' && !el.negate) return { re: bracket(SPACES), nullable: false };
  // The dot, \S, \p{…}: any character (PostgreSQL's dot also takes a line break).
  return ANY_CHAR;
}

function charPiece(c: number, ci: boolean): Piece {
  const plain = (x: number) =>
    /[A-Za-z0-9]/.test(String.fromCharCode(x)) && x < 0x80 ? String.fromCharCode(x) : cp(x);
  if (!ci) return { re: plain(c), nullable: false };
  const f = folds(c);
  if (!f) return ANY_CHAR;
  return { re: f.length === 1 ? plain(f[0]!) : bracket(f.map((x): Range => [x, x])), nullable: false };
}

function altsPiece(alternatives: AST.Alternative[], ci: boolean): Piece {
  const parts = alternatives.map((a) => seqPiece(a.elements, ci));
  const kept = parts.filter((p) => p.re !== '');
  if (kept.length === 0) return EMPTY;
  const nullable = parts.some((p) => p.nullable);
  if (kept.length === 1 && kept.length === parts.length) return kept[0]!;
  // An empty branch (only assertions): the others are optional.
  const group = `(?:${kept.map((p) => p.re).join('|')})`;
  return kept.length < parts.length ? { re: `${group}?`, nullable: true } : { re: group, nullable };
}

function seqPiece(elements: AST.Element[], ci: boolean): Piece {
  const parts = elements.map((el) => elementPiece(el, ci));
  return { re: parts.map((p) => p.re).join(''), nullable: parts.every((p) => p.nullable) };
}

function count(min: number, max: number): string {
  if (min === 0 && max === Infinity) return '*';
  if (min === 1 && max === Infinity) return '+';
  if (min === 0 && max === 1) return '?';
  if (max === Infinity) return `{${min},}`;
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function elementPiece(el: AST.Element, ci: boolean): Piece {
  switch (el.type) {
    case 'Character':
      return charPiece(el.value, ci);
    case 'CharacterClass':
      return classPiece(el, ci);
    case 'CharacterSet':
      return setPiece(el, ci);
    case 'ExpressionCharacterClass':
      return ANY_CHAR;
    case 'Group':
      // (?i:…) or (?-i:…): read with folding, which matches at least as much.
      return altsPiece(el.alternatives, ci || !!el.modifiers);
    case 'CapturingGroup':
      return altsPiece(el.alternatives, ci);
    case 'Quantifier': {
      const inner = elementPiece(el.element, ci);
      if (el.max === 0 || inner.re === '') return EMPTY;
      // Fewer repetitions required, or any number above a few: more texts, never fewer.
      const min = Math.min(el.min, PG_MAX_COUNT);
      const max = el.max > PG_MAX_COUNT ? Infinity : el.max;
      const atom =
        inner.re.length === 1 || /^\[[^\]]*\]$/.test(inner.re) || /^\\[uU][0-9a-f]+$/.test(inner.re)
          ? inner.re
          : `(?:${inner.re})`;
      return { re: `${atom}${count(min, max)}`, nullable: min === 0 || inner.nullable };
    }
    case 'Backreference':
      // The text a group matched, again: any text at all.
      return { re: '.*', nullable: true };
    default:
      // ^, $, \b, \B, lookarounds: dropped (the matcher reads at most its first characters of a
      // long text, where $ holds; SQL reads all of it).
      return EMPTY;
  }
}

/**
 * A PostgreSQL regular expression that every text the pattern (RE2, `i` flag or not) matches also
 * matches, or null when it would let every text through or cannot be read. Try on history runs it
 * in SQL when the pattern has no literal text to narrow by.
 */
export function regexSuperset(pattern: string, caseInsensitive: boolean): string | null {
  const ast = parsed(pattern);
  if (!ast) return null;
  const piece = altsPiece(ast.alternatives, caseInsensitive);
  if (piece.nullable || piece.re.length > PG_MAX_LENGTH) return null;
  return piece.re;
}

// ---------------------------------------------------------------------------------------------
// The last character of a text an end-anchored pattern can match

/** What a piece's matches can end with: characters (null: any) and whether it can match nothing. */
type Last = { ranges: Range[] | null; nullable: boolean };

const ZERO_WIDTH: Last = { ranges: [], nullable: true };

function lastOfAlts(alternatives: AST.Alternative[], ci: boolean): Last {
  const ranges: Range[] = [];
  let nullable = false;
  for (const a of alternatives) {
    const l = lastOfSeq(a.elements, ci);
    if (l.ranges === null) return { ranges: null, nullable: nullable || l.nullable };
    ranges.push(...l.ranges);
    nullable ||= l.nullable;
  }
  return { ranges, nullable };
}

/** From the end: each element's last characters, while the ones after it can match nothing. */
function lastOfSeq(elements: AST.Element[], ci: boolean): Last {
  const ranges: Range[] = [];
  for (let i = elements.length - 1; i >= 0; i--) {
    const l = lastOfElement(elements[i]!, ci);
    if (l.ranges === null) return { ranges: null, nullable: false };
    ranges.push(...l.ranges);
    if (!l.nullable) return { ranges, nullable: false };
  }
  return { ranges, nullable: true };
}

function lastOfElement(el: AST.Element, ci: boolean): Last {
  switch (el.type) {
    case 'Character': {
      const f = ci ? folds(el.value) : [el.value];
      return { ranges: f ? f.map((c): Range => [c, c]) : null, nullable: false };
    }
    case 'CharacterClass': {
      if (el.unicodeSets || el.negate) return { ranges: null, nullable: false };
      const ranges: Range[] = [];
      for (const item of el.elements) {
        const r = itemRanges(item, ci, false);
        if (!r) return { ranges: null, nullable: false };
        ranges.push(...r);
      }
      return { ranges, nullable: false };
    }
    case 'CharacterSet':
      if (el.kind === 'digit' && !el.negate) return { ranges: [[0x30, 0x39]], nullable: false };
      if (el.kind === 'word' && !el.negate)
        return { ranges: [...WORD, [LONG_S, LONG_S], [KELVIN, KELVIN]], nullable: false };
      if (el.kind === 'space' && !el.negate) return { ranges: SPACES, nullable: false };
      return { ranges: null, nullable: false };
    case 'Group':
      return lastOfAlts(el.alternatives, ci || !!el.modifiers);
    case 'CapturingGroup':
      return lastOfAlts(el.alternatives, ci);
    case 'Quantifier': {
      if (el.max === 0) return ZERO_WIDTH;
      const inner = lastOfElement(el.element, ci);
      return { ranges: inner.ranges, nullable: el.min === 0 || inner.nullable };
    }
    case 'Assertion':
      // ^, $, \b, \B, lookarounds: they match no character.
      return ZERO_WIDTH;
    default:
      // A back-reference, a class expression: any text.
      return { ranges: null, nullable: true };
  }
}

/**
 * For a pattern whose every branch ends with `$` (the end of the text: the rules never set the
 * multiline flag), the characters a text it matches must end with; null when any character may
 * (not anchored so, or a branch that can match nothing). The rules pass asks this before RE2: a
 * catastrophic `(a+)+$` costs a text that does not end in "a" no call.
 */
export function regexEndChars(pattern: string, caseInsensitive: boolean): Range[] | null {
  const ast = parsed(pattern);
  if (!ast) return null;
  const ranges: Range[] = [];
  for (const a of ast.alternatives) {
    const end = a.elements.at(-1);
    if (!end || end.type !== 'Assertion' || end.kind !== 'end') return null;
    const l = lastOfSeq(a.elements.slice(0, -1), caseInsensitive);
    if (l.ranges === null || l.nullable) return null;
    ranges.push(...l.ranges);
  }
  return ranges;
}

/**
 * Whether a text (as RE2 reads it) may be matched by a pattern ending with these characters
 * (regexEndChars): its last character is one of them. A text ending in half of a surrogate pair
 * is left to RE2.
 */
export function endAllows(ranges: Range[], text: string): boolean {
  if (text.length === 0) return false;
  const c = text.codePointAt(text.length - 1)!;
  let last = c;
  if (c >= 0xdc00 && c <= 0xdfff) {
    const pair = text.length >= 2 ? text.codePointAt(text.length - 2)! : c;
    if (pair <= 0xffff) return true;
    last = pair;
  } else if (c >= 0xd800 && c <= 0xdbff) return true;
  return ranges.some(([lo, hi]) => last >= lo && last <= hi);
}
