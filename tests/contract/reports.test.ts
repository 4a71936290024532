import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dismissReport,
  getAdminMessages,
  getAdminMessagesByIds,
  getReportReasons,
  probeSite,
  reportMessage,
  saveSettings,
} from '@/lib/infra/better-messages';
import { expectApiError } from './support/errors';
import { admin, ids, site, uniqueTag, user2, user3 } from './support/site';
import { send, threadTracker } from './support/threads';

// The routes exist only while allowReports is on (and it needs messagesViewer stored on): the
// probe reads the route list, which is what the site will really answer.
const probe = await probeSite({
  siteUrl: site.url,
  username: site.admin.login,
  appPassword: site.admin.appPassword,
});
if (!probe.ok) throw new Error(`probe failed: ${probe.reason}`);
const reportsOn = probe.modules.reports;

const threads = threadTracker();
const description = uniqueTag('contract report ');
let threadId = 0;
let messageId = 0;

beforeAll(async () => {
  threadId = (await threads.create([ids.user2, ids.user3], description)).threadId;
  messageId = await send(user2, threadId, `${description} reported message`);
});

afterAll(() => threads.eraseAll());

async function reportedRow() {
  const page = await getAdminMessages(admin, { reported: true, threadId });
  return page.messages.find((m) => m.id === messageId);
}

describe.runIf(reportsOn)('reports', () => {
  it('offers the five categories to a member who has not reported yet', async () => {
    const reasons = await getReportReasons(user3, { messageId, threadId });
    expect(Object.keys(reasons).sort()).toEqual([
      'harassment',
      'inappropriate',
      'offensive',
      'other',
      'spam',
    ]);
    expect(reasons.spam).toBe('Spam');
  });

  it("refuses reporting one's own message with 400", async () => {
    await expectApiError(reportMessage(user2, { messageId, threadId, category: 'spam' }), {
      status: 400,
      code: 'cannot_report_own_message',
    });
  });

  it('lists a reported message with category label, description and reporter', async () => {
    await reportMessage(user3, { messageId, threadId, category: 'spam', description });
    const page = await getAdminMessages(admin, { reported: true, threadId });
    expect(page.reported).toBeGreaterThanOrEqual(1);
    const row = page.messages.find((m) => m.id === messageId);
    expect(row?.sender.bmUserId).toBe(ids.user2);
    expect(row?.reports).toHaveLength(1);
    const report = row?.reports?.[0];
    expect(report).toMatchObject({ reporterBmUserId: ids.user3, category: 'Spam', description });
    expect(report?.user?.bmUserId).toBe(ids.user3);
    expect(report?.time?.local).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('refuses reporting twice with 400 already_reported', async () => {
    await expectApiError(reportMessage(user3, { messageId, threadId, category: 'other' }), {
      status: 400,
      code: 'already_reported',
      kind: 'http',
    });
    await expectApiError(getReportReasons(user3, { messageId, threadId }), {
      status: 400,
      code: 'already_reported',
    });
  });

  it('a dismissed report leaves the reported list', async () => {
    await dismissReport(admin, { messageId, reporterBmUserId: ids.user3 });
    expect(await reportedRow()).toBeUndefined();
    const byId = await getAdminMessagesByIds(admin, [messageId]);
    expect(byId.rows[0]?.reports).toBeUndefined();
  });

  it('refuses dismissing a report that is not there with 400 no_report', async () => {
    await expectApiError(dismissReport(admin, { messageId, reporterBmUserId: ids.user3 }), {
      status: 400,
      code: 'no_report',
    });
  });
});

// Last in the file: it switches reports off (when they are on) and puts them back.
describe('reports, switched off', () => {
  it('answers 404 rest_no_route, told apart from a refusal', async () => {
    if (reportsOn) await saveSettings(admin, { allowReports: '0' });
    try {
      const error = await expectApiError(
        reportMessage(user3, { messageId, threadId, category: 'spam', description }),
        { status: 404, code: 'rest_no_route', kind: 'http' },
      );
      expect(error.message).toMatch(/switched off/);
    } finally {
      if (reportsOn) await saveSettings(admin, { allowReports: '1' });
    }
    if (reportsOn) {
      const back = await probeSite({
        siteUrl: site.url,
        username: site.admin.login,
        appPassword: site.admin.appPassword,
      });
      expect(back.ok && back.modules.reports).toBe(true);
    }
  });
});
