import { describe, expect, it } from 'vitest';
import { noun, plural } from './plural';

describe('plural', () => {
  it('agrees the noun with the count', () => {
    expect(plural(1, 'report')).toBe('1 report');
    expect(plural(0, 'report')).toBe('0 reports');
    expect(plural(2, 'message')).toBe('2 messages');
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(3, 'person', 'people')).toBe('3 people');
  });

  it('groups large counts the English way, whatever the server locale', () => {
    expect(plural(1204, 'thread')).toBe('1,204 threads');
  });

  it('gives the noun alone for a count printed elsewhere', () => {
    expect(noun(1, 'reply', 'replies')).toBe('reply');
    expect(noun(5, 'reply', 'replies')).toBe('replies');
  });
});
