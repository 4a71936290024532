import { describe, expect, it } from 'vitest';
import { initials } from '@/components/initials-avatar';

describe('initials', () => {
  it('takes visible letters only: a Hangul filler or a hidden character is no initial', () => {
    expect(initials('Alice Member')).toBe('AM');
    expect(initials('\u3164 Bob')).toBe('B');
    expect(initials('\u115F\u1160')).toBe('?');
    expect(initials('\u202Enimda')).toBe('N');
    expect(initials('محمد عبد الله')).toBe('مع');
  });
});
