import { describe, expect, it } from 'vitest';
import { errorLine } from './progress-summary';

const error = { kind: 'transient', message: 'deadlock detected', at: new Date('2026-12-02T07:10:00Z') };

describe('the status card’s error line', () => {
  it('reads as standing while the sync backs off or waits for a person', () => {
    expect(
      errorLine({ status: 'backing-off', lastError: error, nextAttemptAt: new Date('2026-12-02T07:11:30Z') }),
    ).toEqual({ standing: true, text: 'Backing off: deadlock detected · next try 07:11:30 UTC' });
    expect(errorLine({ status: 'error', lastError: error, nextAttemptAt: null })).toEqual({
      standing: true,
      text: 'Last error: deadlock detected',
    });
  });

  it('once the sync went on, the error is kept as recovered, not shown as the site’s state', () => {
    for (const status of ['idle', 'backfilling', 'catching-up']) {
      expect(errorLine({ status, lastError: error, nextAttemptAt: null })).toEqual({
        standing: false,
        text: 'Recovered from an error at 07:10:00 UTC: deadlock detected',
      });
    }
    expect(errorLine({ status: 'idle', lastError: null, nextAttemptAt: null })).toBeNull();
  });
});
