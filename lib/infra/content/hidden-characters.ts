/**
 * Strangers' names, subjects and file names may carry characters that change how the text around
 * them reads without showing themselves: a right-to-left override turns `invoice\u202Egnp.txt`
 * into what looks like a `.png`, zero-width and tag characters hide words inside a name. BM Desk
 * shows each of them as a visible marker (`⟨U+202E⟩`) instead, and the marker replaces the
 * character, so it no longer acts on the text. Ordinary right-to-left letters are left alone, and so
 * are the invisible characters that real writing needs (joiners inside emoji and in scripts that
 * join letters, one variation selector after a character, the tags of a regional flag).
 *
 * Browser-safe: the React component and the server (CSV, headers, message bodies) share it.
 */

export type RevealedPart =
  { kind: 'text'; text: string } | { kind: 'hidden'; codePoints: number[]; label: string; title: string };

const DIRECTION_NAMES: Record<number, string> = {
  0x061c: 'Arabic letter mark',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

const INVISIBLE_NAMES: Record<number, string> = {
  0x00ad: 'soft hyphen',
  0x034f: 'combining grapheme joiner',
  0x115f: 'Hangul choseong filler',
  0x1160: 'Hangul jungseong filler',
  0x180e: 'Mongolian vowel separator',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x2060: 'word joiner',
  0x2061: 'function application',
  0x2062: 'invisible times',
  0x2063: 'invisible separator',
  0x2064: 'invisible plus',
  0x2800: 'Braille blank',
  0x3164: 'Hangul filler',
  0xfeff: 'zero width no-break space',
  0xffa0: 'halfwidth Hangul filler',
};

// Blank-looking characters that are letters or symbols by category, so no property catches them.
const BLANK_LOOKING = new Set([0x115f, 0x1160, 0x2028, 0x2029, 0x2800, 0x3164, 0xffa0]);

const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/u;
// Anything that might be hidden (a lone surrogate included): most text has none and skips the walk.
const MAYBE_HIDDEN =
  /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\u115F\u1160\u2028\u2029\u2800\u3164\uFFA0\uD800-\uDFFF]/u;
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}]/u;
// Scripts whose spelling needs the zero-width (non-)joiner between letters (Persian, Indic, …).
const JOINING_SCRIPT =
  /[\p{scx=Arabic}\p{scx=Syriac}\p{scx=Nko}\p{scx=Mongolian}\p{scx=Devanagari}\p{scx=Bengali}\p{scx=Gurmukhi}\p{scx=Gujarati}\p{scx=Oriya}\p{scx=Tamil}\p{scx=Telugu}\p{scx=Kannada}\p{scx=Malayalam}\p{scx=Sinhala}\p{scx=Myanmar}\p{scx=Khmer}]/u;
const VARIATION_BASE = /[\p{L}\p{N}\p{S}\p{P}]/u;
const IDEOGRAPH = /\p{Ideographic}/u;
const FLAG_TAG = /^[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]$/u;

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
const isVariationSelector = (cp: number) =>
  (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
const isMongolianSelector = (cp: number) => (cp >= 0x180b && cp <= 0x180d) || cp === 0x180f;
const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;

function isCandidate(cp: number, ch: string): boolean {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return false; // whitespace that shows as a space
  return BLANK_LOOKING.has(cp) || isSurrogate(cp) || IGNORABLE.test(ch);
}

/** Indices of the tag characters that spell a subdivision flag (🏴 + tags + cancel tag). */
function flagTagIndices(chars: string[]): Set<number> {
  const keep = new Set<number>();
  chars.forEach((ch, i) => {
    if (ch.codePointAt(0) !== 0x1f3f4) return;
    let j = i + 1;
    while (j < chars.length && FLAG_TAG.test(chars[j] as string)) j++;
    if (j - i - 1 >= 2 && j - i - 1 <= 6 && chars[j]?.codePointAt(0) === 0xe007f)
      for (let k = i + 1; k <= j; k++) keep.add(k);
  });
  return keep;
}

/** An invisible character that real writing needs where it stands. */
function isNeeded(cp: number, prev: string | undefined, next: string | undefined): boolean {
  if (cp === 0x200d && prev && next && PICTOGRAPH.test(prev) && PICTOGRAPH.test(next)) return true;
  if ((cp === 0x200c || cp === 0x200d) && prev && next)
    return JOINING_SCRIPT.test(prev) && JOINING_SCRIPT.test(next);
  if (isMongolianSelector(cp)) return !!prev && /\p{scx=Mongolian}/u.test(prev);
  // One selector after a visible character picks its look (emoji or text, a glyph variant); a run of
  // them, or one after a space, carries hidden data.
  if (cp >= 0xe0100 && cp <= 0xe01ef) return !!prev && IDEOGRAPH.test(prev);
  if (isVariationSelector(cp)) return !!prev && VARIATION_BASE.test(prev);
  return false;
}

function describe(cp: number): string {
  const direction = DIRECTION_NAMES[cp];
  if (direction) {
    const what = cp === 0x202d || cp === 0x202e ? 'direction-override' : 'direction-control';
    return `Hidden ${what} character ${hex(cp)} (${direction})`;
  }
  const invisible = INVISIBLE_NAMES[cp];
  if (invisible) return `Invisible character ${hex(cp)} (${invisible})`;
  if (cp >= 0xe0000 && cp <= 0xe007f) {
    const shown = cp >= 0xe0020 && cp <= 0xe007e ? ` hiding "${String.fromCharCode(cp - 0xe0000)}"` : '';
    return `Hidden tag character ${hex(cp)}${shown}`;
  }
  if (isVariationSelector(cp) || isMongolianSelector(cp)) return `Hidden variation selector ${hex(cp)}`;
  if (isSurrogate(cp)) return `Broken character ${hex(cp)} (half of a pair)`;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `Control character ${hex(cp)}`;
  return `Invisible formatting character ${hex(cp)}`;
}

// A long run (a smuggled message in tag characters, say) shows its start and how many more.
const RUN_SHOWN = 3;

function hiddenPart(codePoints: number[]): RevealedPart {
  const shown = codePoints.slice(0, RUN_SHOWN).map((cp) => `⟨${hex(cp)}⟩`);
  const more = codePoints.length - RUN_SHOWN;
  const label = shown.join('') + (more > 0 ? `⟨+${more} more⟩` : '');
  const titles = [...new Set(codePoints.map(describe))];
  const title =
    titles.length > 4
      ? `${titles.slice(0, 4).join('; ')}; and ${titles.length - 4} more kinds`
      : titles.join('; ');
  return { kind: 'hidden', codePoints, label, title };
}

/** The text cut into what reads as written and the hidden characters, each run one part. */
export function revealHiddenCharacters(text: string | null | undefined): RevealedPart[] {
  if (!text) return [];
  if (!MAYBE_HIDDEN.test(text)) return [{ kind: 'text', text }];
  const chars = Array.from(text);
  const flagTags = flagTagIndices(chars);
  const parts: RevealedPart[] = [];
  let plain = '';
  let run: number[] = [];
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0) as number;
    const hidden = isCandidate(cp, ch) && !flagTags.has(i) && !isNeeded(cp, chars[i - 1], chars[i + 1]);
    if (hidden) {
      if (plain) parts.push({ kind: 'text', text: plain });
      plain = '';
      run.push(cp);
      return;
    }
    if (run.length) parts.push(hiddenPart(run));
    run = [];
    plain += ch;
  });
  if (run.length) parts.push(hiddenPart(run));
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}

export function hasHiddenCharacters(text: string | null | undefined): boolean {
  return !!text && MAYBE_HIDDEN.test(text) && revealHiddenCharacters(text).some((p) => p.kind === 'hidden');
}

/** The plain-text form, for places without markup: CSV cells, header values, accessible names. */
export function revealHiddenText(text: string | null | undefined): string {
  return revealHiddenCharacters(text)
    .map((p) => (p.kind === 'text' ? p.text : p.label))
    .join('');
}
