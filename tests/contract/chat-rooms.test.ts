import { describe, expect, it } from 'vitest';
import { getChatRooms } from '@/lib/infra/better-messages';
import { expectApiError } from './support/errors';
import { admin, user2 } from './support/site';

describe('chat rooms', () => {
  it('lists rooms 20 a page with totals (possibly none)', async () => {
    const page = await getChatRooms(admin);
    expect(page).toMatchObject({ page: 1, perPage: 20 });
    expect(page.items.length).toBeLessThanOrEqual(20);
    expect(page.total).toBeGreaterThanOrEqual(page.items.length);
    expect(page.pages).toBe(Math.ceil(page.total / 20));
    for (const room of page.items) {
      expect(room.id).toBeGreaterThan(0);
      expect(typeof room.title).toBe('string');
    }
  });

  it('honours per_page', async () => {
    const page = await getChatRooms(admin, { perPage: 1 });
    expect(page.perPage).toBe(1);
    expect(page.items.length).toBeLessThanOrEqual(1);
    expect(page.pages).toBe(page.total);
  });

  it('is for administrators only', async () => {
    await expectApiError(getChatRooms(user2), { status: 403, code: 'rest_forbidden' });
  });
});
