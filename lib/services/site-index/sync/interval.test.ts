import { afterEach, describe, expect, it } from 'vitest';
import { syncIntervalSeconds } from './site-syncer';

describe('BMDESK_SYNC_INTERVAL_SECONDS', () => {
  const saved = process.env.BMDESK_SYNC_INTERVAL_SECONDS;
  afterEach(() => {
    if (saved === undefined) delete process.env.BMDESK_SYNC_INTERVAL_SECONDS;
    else process.env.BMDESK_SYNC_INTERVAL_SECONDS = saved;
  });

  it('sets how often every site is read; unset or not a number of seconds, each site keeps its own', () => {
    const read = (v: string | undefined) => {
      if (v === undefined) delete process.env.BMDESK_SYNC_INTERVAL_SECONDS;
      else process.env.BMDESK_SYNC_INTERVAL_SECONDS = v;
      return syncIntervalSeconds();
    };
    expect(read(undefined)).toBeNull();
    expect(read('3')).toBe(3);
    expect(read('2.7')).toBe(2);
    expect(read('0')).toBeNull();
    expect(read('-5')).toBeNull();
    expect(read('soon')).toBeNull();
    expect(read('99999999')).toBe(3600);
  });
});
