import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dismissReport, getSettings, saveSettings, type BmSettings } from '@/lib/infra/better-messages';
import { expectApiError } from './support/errors';
import { admin, uniqueTag, user2 } from './support/site';

const MODERATION_FLAGS = [
  'messagesViewer',
  'allowReports',
  'messagesPremoderation',
  'attachmentsEnable',
  'allowMuteThreads',
  'allowDeleteMessages',
  'guestChat',
] as const;

let before: BmSettings;

beforeAll(async () => {
  before = (await getSettings(admin)).settings;
});

afterAll(async () => {
  // Put back every key a test may have changed, whatever happened in between.
  await saveSettings(admin, {
    rateLimitNewThread: String(before.rateLimitNewThread),
    badWordsList: String(before.badWordsList),
    messagesViewer: String(before.messagesViewer),
    allowReports: String(before.allowReports),
  });
});

describe('plugin settings', () => {
  it('answers the moderation flags as "0"/"1" strings, with roles', async () => {
    const bundle = await getSettings(admin);
    for (const key of MODERATION_FLAGS) expect(bundle.settings[key], key).toMatch(/^[01]$/);
    expect(Object.keys(bundle.settings).length).toBeGreaterThan(300);
    expect(bundle.roles.map((r) => r.key)).toEqual(expect.arrayContaining(['administrator', 'bm-guest']));
  });

  it('is for administrators only', async () => {
    await expectApiError(getSettings(user2), { status: 403, code: 'rest_forbidden' });
  });

  it('saves a changed value, reads it back, leaves keys not sent alone', async () => {
    const changed = String(Number(before.rateLimitNewThread ?? 0) + 7);
    const saved = await saveSettings(admin, { rateLimitNewThread: changed });
    // Stored as an integer whatever type was sent.
    expect(saved.rateLimitNewThread).toBe(Number(changed));
    const reread = (await getSettings(admin)).settings;
    expect(String(reread.rateLimitNewThread)).toBe(changed);
    expect(reread.badWordsList).toEqual(before.badWordsList);
    for (const key of MODERATION_FLAGS) expect(reread[key], key).toBe(before[key]);

    await saveSettings(admin, { rateLimitNewThread: String(before.rateLimitNewThread) });
    expect(String((await getSettings(admin)).settings.rateLimitNewThread)).toBe(
      String(before.rateLimitNewThread),
    );
  });

  it('keeps a multi-line bad-words list as sent', async () => {
    const words = `${uniqueTag('contractbad')}\n${uniqueTag('contractworse')}`;
    expect((await saveSettings(admin, { badWordsList: words })).badWordsList).toBe(words);
    expect((await getSettings(admin)).settings.badWordsList).toBe(words);
    await saveSettings(admin, { badWordsList: String(before.badWordsList) });
  });

  it('forces reports off while the messages viewer is off, from the next request on', async () => {
    const saved = await saveSettings(admin, { messagesViewer: '0' });
    expect(saved.messagesViewer).toBe('0');
    // The save answers what it stored; the plugin's loader forces allowReports on each request.
    expect(saved.allowReports).toBe(before.allowReports);
    expect((await getSettings(admin)).settings.allowReports).toBe('0');
    await expectApiError(dismissReport(admin, { messageId: 1, reporterBmUserId: 1 }), {
      status: 404,
      code: 'rest_no_route',
    });
    const restored = await saveSettings(admin, {
      messagesViewer: String(before.messagesViewer),
      allowReports: String(before.allowReports),
    });
    expect(restored.allowReports).toBe(before.allowReports);
    expect((await getSettings(admin)).settings.allowReports).toBe(before.allowReports);
  });

  it('refuses an empty save with 400 invalid_data', async () => {
    await expectApiError(saveSettings(admin, {}), { status: 400, code: 'invalid_data' });
  });
});
