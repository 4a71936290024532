import { describe, expect, it } from 'vitest';
import { canonical, diffSettings, FIELD_BY_KEY, reportsNeedFix, validateForm } from './fields';

const ROLES = ['administrator', 'subscriber', 'bm-guest'];
const stored = {
  messagesViewer: '1',
  allowReports: '1',
  rateLimitReply: [],
  rateLimitNewThread: 0,
  badWordsList: 'foo\r\nbar',
  restrictNewThreads: ['subscriber'],
  attachmentsFormats: ['jpg', 'png'],
  messagesModerationNotificationEmails: '',
  unrelatedKey: 'keep me',
};

describe('settings validation', () => {
  it('keeps flags as the plugin strings and numbers as numbers', () => {
    const { values, errors } = validateForm({ allowReports: '0', rateLimitNewThread: '30' }, ROLES);
    expect(errors).toEqual({});
    expect(values).toEqual({ allowReports: '0', rateLimitNewThread: 30 });
  });

  it('refuses bad e-mails, negative or fractional numbers and unknown roles, per field', () => {
    const { errors } = validateForm(
      {
        messagesModerationNotificationEmails: 'ok@example.com\nnot-an-email',
        rateLimitNewThread: '-5',
        maximumMessageLength: '1.5',
        restrictNewThreads: ['subscriber', 'pirate'],
        rateLimitReply: { pirate: { value: '3', type: 'hour' } },
      },
      ROLES,
    );
    expect(errors.messagesModerationNotificationEmails?.[0]).toContain('not-an-email');
    expect(errors.rateLimitNewThread).toBeDefined();
    expect(errors.maximumMessageLength).toBeDefined();
    expect(errors.restrictNewThreads?.[0]).toContain('pirate');
    expect(errors.rateLimitReply?.[0]).toContain('pirate');
  });

  it('turns the rate-limit rows into the plugin object, dropping zero rows', () => {
    const { values } = validateForm(
      {
        rateLimitReply: {
          subscriber: { value: '10', type: 'day' },
          administrator: { value: '0', type: 'hour' },
        },
      },
      ROLES,
    );
    expect(values.rateLimitReply).toEqual({ subscriber: { value: 10, type: 'day' } });
    // The plugin's default is an empty array; with no limits the form means the same.
    expect(canonical(FIELD_BY_KEY.rateLimitReply!, [])).toEqual({});
  });
});

describe('settings diff', () => {
  it('lists only what changed; order, line endings and stored types are not changes', () => {
    const changes = diffSettings(stored, {
      messagesViewer: '1',
      rateLimitNewThread: 0,
      badWordsList: 'foo\nbar',
      attachmentsFormats: ['png', 'jpg'],
      restrictNewThreads: ['subscriber'],
      rateLimitReply: {},
      allowReports: '0',
    });
    expect(changes).toEqual([{ key: 'allowReports', label: expect.any(String), from: '1', to: '0' }]);
  });

  it('never includes keys outside the form', () => {
    const changes = diffSettings(stored, { unrelatedKey: 'x', badWordsList: 'baz' } as never);
    expect(changes.map((c) => c.key)).toEqual(['badWordsList']);
  });
});

describe('reports fix', () => {
  it('is offered only when both keys read on but the reports route is missing', () => {
    expect(reportsNeedFix(stored, false)).toBe(true);
    expect(reportsNeedFix(stored, true)).toBe(false);
    expect(reportsNeedFix(stored, undefined)).toBe(false);
    expect(reportsNeedFix({ ...stored, allowReports: '0', updateTime: 1795739268 }, false)).toBe(false);
  });

  it('is offered on a site the plugin never saved: allowReports reads off there, forced', () => {
    const neverSaved = { ...stored, allowReports: '0' };
    expect(reportsNeedFix(neverSaved, false)).toBe(true);
    expect(reportsNeedFix({ ...neverSaved, messagesViewer: '0' }, false)).toBe(false);
    expect(reportsNeedFix(neverSaved, true)).toBe(false);
  });
});
