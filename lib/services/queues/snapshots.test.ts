import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { indexMessages } from '@/lib/services/site-index/schema';
import { getQueueHistory, recordQueueSnapshot } from './snapshots';

const HOUR = 3_600_000;

describe('queue snapshots', () => {
  it('keep the latest reading per hour and draw the daily peak', async () => {
    const db = await getDb();
    const [site] = await db
      .insert(sites)
      .values({
        slug: `qs-${Date.now()}`,
        name: 'Qs',
        url: 'https://qs.test',
        username: 'a',
        sealedPassword: 'x',
      })
      .returning({ id: sites.id });
    const siteId = site!.id;
    const msg = (id: number, extra: object) => ({
      siteId,
      id,
      threadId: 1,
      senderId: 5,
      createdAt: new Date(),
      html: 'x',
      text: 'x',
      ...extra,
    });
    // Yesterday, noon: 2 pending, 1 reported.
    const yesterday = new Date(Date.now() - 24 * HOUR);
    yesterday.setUTCHours(12, 10, 0, 0);
    await db
      .insert(indexMessages)
      .values([msg(1, { pending: true }), msg(2, { pending: true }), msg(3, { reportCount: 1 })]);
    await recordQueueSnapshot(db, siteId, yesterday);
    // Later in the same hour one was approved: the hour keeps the latest reading.
    await db.update(indexMessages).set({ pending: false }).where(eq(indexMessages.id, 2));
    await recordQueueSnapshot(db, siteId, new Date(yesterday.getTime() + 20 * 60_000));
    // Two hours later a flood of reports, then cleared within the day.
    await db.insert(indexMessages).values([msg(4, { aiFlagged: true }), msg(5, { reportCount: 2 })]);
    await recordQueueSnapshot(db, siteId, new Date(yesterday.getTime() + 2 * HOUR));
    await db
      .update(indexMessages)
      .set({ reportCount: 0, aiFlagged: false })
      .where(eq(indexMessages.siteId, siteId));
    await recordQueueSnapshot(db, siteId, new Date(yesterday.getTime() + 3 * HOUR));
    // Today: nothing open.
    await db.update(indexMessages).set({ pending: false }).where(eq(indexMessages.siteId, siteId));
    await recordQueueSnapshot(db, siteId);

    const history = await getQueueHistory(siteId);
    const day = yesterday.toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    expect(history).toEqual([
      { day, openReports: 3, pending: 1 },
      { day: today, openReports: 0, pending: 0 },
    ]);
  });
});
