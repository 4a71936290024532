import { describe, expect, it } from 'vitest';
import { RE2 } from 're2-wasm';
import { endAllows, needMet as met, regexEndChars, regexNeeds } from './regex-literals';

describe('the literal text a regular expression needs', () => {
  it('reads runs, alternatives, groups and quantifiers', () => {
    expect(regexNeeds('(?:whats\\s*app|telegram)\\s*[:+]?\\s*\\d{6,}', true)).toEqual({
      kind: 'any',
      parts: [
        {
          kind: 'all',
          parts: [
            { kind: 'lit', text: 'what' },
            { kind: 'lit', text: 'app' },
          ],
        },
        { kind: 'lit', text: 'telegram' },
      ],
    });
    expect(regexNeeds('buy (cheap|discount) pills', false)).toEqual({
      kind: 'all',
      parts: [
        { kind: 'lit', text: 'buy ' },
        {
          kind: 'any',
          parts: [
            { kind: 'lit', text: 'cheap' },
            { kind: 'lit', text: 'discount' },
          ],
        },
        { kind: 'lit', text: ' pills' },
      ],
    });
    // Optional parts and short runs need nothing.
    expect(regexNeeds('(free)?money', false)).toEqual({ kind: 'lit', text: 'money' });
    expect(regexNeeds('a|bcd', false)).toEqual({ kind: 'none' });
    expect(regexNeeds('\\d{8,}', false)).toEqual({ kind: 'none' });
  });

  it('is not narrowed by what RE2 reads differently, nor by letters with other case forms', () => {
    // RE2 syntax ECMAScript has not: no requirement rather than a wrong one.
    for (const p of [
      '\\Qa.b\\E',
      '(?i)casino',
      '\\Acasino',
      'casino\\z',
      '[[:alpha:]]casino',
      '(?P<x>casino)',
    ])
      expect(regexNeeds(p, false), p).toEqual({ kind: 'none' });
    // k and s also match the Kelvin sign and the long s under RE2's case folding.
    expect(regexNeeds('kiosk', true)).toEqual({ kind: 'none' });
    expect(regexNeeds('bitcoin wallet', true)).toEqual({ kind: 'lit', text: 'bitcoin wallet' });
    expect(regexNeeds('MONEY', true)).toEqual({ kind: 'lit', text: 'money' });
    expect(regexNeeds('(?i:casino) night', false)).toEqual({ kind: 'lit', text: ' night' });
  });

  it('never drops a text RE2 matches (a superset)', () => {
    const patterns: [string, boolean][] = [
      ['(?:whats\\s*app|telegram)\\s*[:+]?\\s*\\d{6,}', true],
      ['\\b(?:buy|cheap|discount)\\b.{0,40}\\b(?:now|today)\\b', true],
      ['c[a4]s+ino\\b', true],
      ['Free (money|crypto)+!', false],
      ['kiosk|KELVIN', true],
      ['café au lait', false],
      ['bitcoin wallet', true],
      ['(?i:casino) night', false],
    ];
    const texts = [
      'WhatsApp: 123456789',
      'telegram +44123456',
      'Buy it NOW',
      'cheap pills today!',
      'C4SSSINO time',
      'Free moneycrypto!',
      'free money!',
      'the \u212Aiosk is open',
      'a ca\u0301fe\u0301 au lait',
      'café au lait',
      'BITCOIN WALLET here',
      'CASINO night',
      'nothing at all',
    ];
    let matches = 0;
    for (const [pattern, ci] of patterns) {
      const re = new RE2(pattern, ci ? 'iu' : 'u');
      const need = regexNeeds(pattern, ci);
      for (const text of texts) {
        if (re.exec(text)) {
          matches++;
          expect(met(need, text, ci), `${pattern} on ${text}`).toBe(true);
        }
      }
    }
    expect(matches).toBeGreaterThanOrEqual(10);
  });

  it('an end-anchored pattern: a text that cannot end as it does costs no RE2 call, and none it matches is dropped', () => {
    const patterns: [string, boolean][] = [
      ['(a+)+$', true],
      ['(a+)+$', false],
      ['\\d{3}$', false],
      ['(?:kiosk|bus)\\b$', true],
      ['x[a-c]?$|y\\s*$', false],
      ['(?:ж|🙂)+$', false],
      ['[^a]$', false],
      ['end.$', true],
    ];
    const alphabet = [...'aAbBcCkK\u212asS\u017fxXyY 09.\nжЖ🙂'];
    let seed = 0x51f15e;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
    const texts = [
      'Burst message 12345',
      'aaaaaaaaaaaaaaaaaaaaaaaa!',
      'AAA',
      'the \u212Aiosk',
      'by bus',
      'y   ',
      'жж🙂',
      '\ud83d',
      '',
      ...Array.from({ length: 400 }, () =>
        Array.from(
          { length: 1 + Math.floor(next() * 8) },
          () => alphabet[Math.floor(next() * alphabet.length)],
        ).join(''),
      ),
    ];
    let matches = 0;
    let spared = 0;
    for (const [pattern, ci] of patterns) {
      const re = new RE2(pattern, ci ? 'iu' : 'u');
      const end = regexEndChars(pattern, ci);
      const anchoredOnAKnownEnd = !['[^a]$', 'end.$'].includes(pattern);
      expect(end !== null, pattern).toBe(anchoredOnAKnownEnd);
      if (!end) continue;
      for (const text of texts) {
        if (re.test(text)) {
          matches++;
          expect(endAllows(end, text), `${pattern} on ${JSON.stringify(text)}`).toBe(true);
        } else if (!endAllows(end, text)) spared++;
      }
    }
    expect(matches).toBeGreaterThanOrEqual(100);
    expect(spared).toBeGreaterThan(1000);
    const catastrophic = regexEndChars('(a+)+$', true)!;
    expect(endAllows(catastrophic, 'Burst message 12345')).toBe(false);
    expect(endAllows(catastrophic, 'bananA')).toBe(true);
    // Not anchored at the end, or a branch that can end anywhere (or match nothing): no narrowing.
    for (const p of ['(a+)+', 'a$|b', 'a*$', '(?:x|)$', '\\1$', '(a)\\1$'])
      expect(regexEndChars(p, false), p).toBeNull();
  });
});
