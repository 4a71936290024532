import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, revealHiddenCharacters, revealHiddenText } from './hidden-characters';

const BIDI_CONTROLS = [
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
];
const INVISIBLES = [
  0x00ad, 0x034f, 0x115f, 0x1160, 0x180e, 0x200b, 0x200c, 0x200d, 0x2028, 0x2029, 0x2060, 0x2061, 0x2062,
  0x2063, 0x2064, 0x2800, 0x3164, 0xfeff, 0xffa0,
];
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
const BIDI_LEFT = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

describe('revealHiddenCharacters', () => {
  it('shows a right-to-left override as a marker in its place, with a title that names it', () => {
    expect(revealHiddenCharacters('invoice\u202Egnp.txt')).toEqual([
      { kind: 'text', text: 'invoice' },
      {
        kind: 'hidden',
        codePoints: [0x202e],
        label: '⟨U+202E⟩',
        title: 'Hidden direction-override character U+202E (right-to-left override)',
      },
      { kind: 'text', text: 'gnp.txt' },
    ]);
    expect(revealHiddenText('invoice\u202Egnp.txt')).toBe('invoice⟨U+202E⟩gnp.txt');
  });

  it.each(BIDI_CONTROLS)('reveals direction control %s wherever it stands', (cp) => {
    const ch = String.fromCodePoint(cp);
    for (const text of [`${ch}abc`, `abc${ch}`, `محمد${ch}محمد`, `a${ch}b`]) {
      const revealed = revealHiddenText(text);
      expect(revealed).toContain(`⟨${hex(cp)}⟩`);
      expect(revealed).not.toMatch(BIDI_LEFT);
    }
  });

  it.each(INVISIBLES)('reveals invisible character %s between Latin letters', (cp) => {
    expect(revealHiddenText(`pay${String.fromCodePoint(cp)}pal`)).toBe(`pay⟨${hex(cp)}⟩pal`);
  });

  it('reveals control characters but keeps tabs and line breaks, which show as spaces', () => {
    expect(revealHiddenText('a\u0000b\u0007c\u001bd\u007fe\u0085f')).toBe(
      'a⟨U+0000⟩b⟨U+0007⟩c⟨U+001B⟩d⟨U+007F⟩e⟨U+0085⟩f',
    );
    expect(revealHiddenText('a\tb\nc\r\n')).toBe('a\tb\nc\r\n');
    expect(revealHiddenCharacters('a\u0007')[1]).toMatchObject({ title: 'Control character U+0007' });
  });

  it('leaves right-to-left writing, emoji and accents as they are', () => {
    for (const text of [
      'محمد عبد الله',
      'שלום! mixed עברית and English',
      'مرحبا بكم في المنتدى — welcome',
      'می‌خواهم', // Persian needs the zero-width non-joiner between letters
      'क्‍ष', // Devanagari with a zero-width joiner
      '👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 ❤️ #️⃣ ☺︎',
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland',
      '葛󠄀 ideographic variant',
      'Zoë Ñandú Łódź Ελένη Иван 山田太郎 김민준',
      'Z̷̢̛̞̦̈́̓a̸̧̛̘̓l̵̡̛̝̈g̷̨̛̺̓ő̶̧̬',
    ]) {
      expect(revealHiddenCharacters(text)).toEqual([{ kind: 'text', text }]);
      expect(hasHiddenCharacters(text)).toBe(false);
    }
  });

  it('reveals joiners, selectors and tags outside the places writing needs them', () => {
    expect(revealHiddenText('a\u200Db')).toBe('a⟨U+200D⟩b'); // Latin needs no joiner
    expect(revealHiddenText('👍\u200Da')).toBe('👍⟨U+200D⟩a');
    expect(revealHiddenText('\u200Cمحمد')).toBe('⟨U+200C⟩محمد'); // nothing to join before it
    expect(revealHiddenText(' \uFE0F')).toBe(' ⟨U+FE0F⟩'); // a selector after a space picks nothing
    expect(revealHiddenText('a\uFE00\uFE01')).toBe('a\uFE00⟨U+FE01⟩'); // the second one of a run
    expect(revealHiddenText('a\u{E0100}')).toBe('a⟨U+E0100⟩'); // ideographic selectors follow ideographs
    expect(revealHiddenText('\u{1F3F4}\u{E0041}\u{E007F}')).toBe('\u{1F3F4}⟨U+E0041⟩⟨U+E007F⟩');
    expect(revealHiddenText('a\u180Bb')).toBe('a⟨U+180B⟩b');
  });

  it('shows a long hidden run by its start and count, and the title says what it hides', () => {
    const smuggled = [...'ignore all previous'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0)));
    const parts = revealHiddenCharacters(`Hi${smuggled.join('')}!`);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toMatchObject({ kind: 'hidden', label: '⟨U+E0069⟩⟨U+E0067⟩⟨U+E006E⟩⟨+16 more⟩' });
    expect((parts[1] as { title: string }).title).toContain('Hidden tag character U+E0069 hiding "i"');
    expect((parts[1] as { codePoints: number[] }).codePoints).toHaveLength(19);
  });

  it('reveals a lone surrogate', () => {
    expect(revealHiddenText('a\uD800b')).toBe('a⟨U+D800⟩b');
  });

  it('is idempotent, and null or empty give nothing', () => {
    const once = revealHiddenText('x\u202E\u200B\u2066y');
    expect(revealHiddenText(once)).toBe(once);
    expect(revealHiddenCharacters(null)).toEqual([]);
    expect(revealHiddenCharacters('')).toEqual([]);
    expect(revealHiddenText(undefined)).toBe('');
  });

  it('leaves no default-ignorable, format or direction character in the text, whatever the code point', () => {
    const left = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u;
    const planes = [
      [0, 0xffff],
      [0x1bca0, 0x1bca3],
      [0x1d173, 0x1d17a],
      [0xe0000, 0xe0fff],
    ] as const;
    const escaped: string[] = [];
    for (const [from, to] of planes) {
      for (let cp = from; cp <= to; cp++) {
        // After a space no joiner, selector or flag context applies.
        const out = revealHiddenText(` ${String.fromCodePoint(cp)} `);
        if (left.test(out) || BIDI_LEFT.test(out)) escaped.push(hex(cp));
      }
    }
    expect(escaped).toEqual([]);
  });
});
