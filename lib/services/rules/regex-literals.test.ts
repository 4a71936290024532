import { describe, expect, it } from 'vitest';
import { RE2 } from 're2-wasm';
import { needMet as met, regexNeeds } from './regex-literals';

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
});
