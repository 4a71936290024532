import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { indexMessages, indexThreads, indexUsers } from '@/lib/services/site-index/schema';
import {
  getBusiestThreads,
  getMessagesPerDay,
  getMostReportedUsers,
  getOverviewCounts,
  getReportsPerDay,
  OVERVIEW_DAYS,
} from './queries';

const DAY = 86_400_000;

describe('overview queries', () => {
  it('counts, charts and tops from the index', async () => {
    const db = await getDb();
    const [site] = await db
      .insert(sites)
      .values({
        slug: `ov-${Date.now()}`,
        name: 'Ov',
        url: 'https://ov.test',
        username: 'a',
        sealedPassword: 'x',
      })
      .returning({ id: sites.id });
    const siteId = site!.id;
    const now = Date.now();
    const future = new Date(now + DAY).toISOString();
    await db.insert(indexThreads).values([
      { siteId, id: 1, subject: 'Busy', bans: [{ bmUserId: 5, until: future }], banCount: 1 },
      {
        siteId,
        id: 2,
        subject: 'Quiet',
        bans: [{ bmUserId: 6, until: new Date(now - DAY).toISOString() }],
        banCount: 1,
      },
    ]);
    await db.insert(indexUsers).values([
      { siteId, id: 5, name: 'Rude', reportedCount: 3 },
      { siteId, id: 6, name: 'Nice' },
    ]);
    const msg = (id: number, threadId: number, daysAgo: number, extra = {}) => ({
      siteId,
      id,
      threadId,
      senderId: 5,
      createdAt: new Date(now - daysAgo * DAY),
      html: 'x',
      text: 'x',
      ...extra,
    });
    await db.insert(indexMessages).values([
      msg(1, 1, 0),
      msg(2, 1, 0, {
        reportCount: 2,
        reports: [
          {
            reporterBmUserId: 6,
            reporterName: null,
            category: 'spam',
            description: '',
            time: new Date(now).toISOString(),
          },
          { reporterBmUserId: 7, reporterName: null, category: 'spam', description: '', time: null },
        ],
      }),
      msg(3, 1, 1, { pending: true }),
      msg(4, 2, 2, { aiFlagged: true }),
      msg(5, 2, 40),
    ]);

    expect(await getOverviewCounts(siteId)).toEqual({
      openReports: 2,
      pending: 1,
      activeBans: 1,
      threadsWithBans: 2,
    });
    const perDay = await getMessagesPerDay(siteId);
    expect(perDay).toHaveLength(OVERVIEW_DAYS);
    expect(perDay.reduce((n, d) => n + d.count, 0)).toBe(4);
    expect(perDay[perDay.length - 1]!.count).toBe(2);
    const reports = await getReportsPerDay(siteId);
    expect(reports[reports.length - 1]!.count).toBe(2);
    expect((await getBusiestThreads(siteId)).map((t) => [t.id, t.messages])).toEqual([
      [1, 3],
      [2, 1],
    ]);
    expect((await getMostReportedUsers(siteId)).map((u) => u.name)).toEqual(['Rude']);
  });
});
