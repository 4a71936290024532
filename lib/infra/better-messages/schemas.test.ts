import { describe, expect, it } from 'vitest';
import { adminMessagesPageSchema, guestSchema, moderationListEntrySchema } from './schemas-admin';
import {
  bmTimeSchema,
  gmtDateTimeSchema,
  idSchema,
  messageFileSchema,
  siteLocalTimeSchema,
  userSchema,
} from './schemas-common';
import { messageSchema, threadSchema, updateBundleSchema } from './schemas-thread';
import { bmUserIdToGuestId, guestIdToBmUserId } from './guests';

const user = (id: string, user_id: number, extra: object = {}) => ({
  id,
  user_id,
  name: 'X',
  avatar: 'a.png',
  url: false,
  verified: 0,
  lastActive: '1970-01-01 00:00:00',
  ...extra,
});

describe('conversions at the edge', () => {
  it('reads 14-digit 1/10 000 s timestamps as Dates', () => {
    expect(bmTimeSchema.parse(17957380179550).toISOString()).toBe('2026-11-27T00:06:57.955Z');
    expect(bmTimeSchema.parse('17957380179550').getTime()).toBe(1795738017955);
  });

  it('normalises ids: strings to numbers, negative guests, 0 system', () => {
    expect(idSchema.parse('12')).toBe(12);
    expect(idSchema.parse('-5')).toBe(-5);
    expect(idSchema.parse(0)).toBe(0);
    expect(() => idSchema.parse('12a')).toThrow();
  });

  it('reads GMT lastActive, with the plugin\'s "never" as null', () => {
    expect(gmtDateTimeSchema.parse('2026-11-26 10:00:00')?.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(gmtDateTimeSchema.parse('1970-01-01 00:00:00')).toBeNull();
  });

  it("reads a non-image file's `thumb: false` as no thumbnail", () => {
    expect(messageFileSchema.parse({ id: 7, url: 'x.txt', thumb: false }).thumb).toBeUndefined();
    expect(messageFileSchema.parse({ id: 8, url: 'y.png', thumb: 'y.png' }).thumb).toBe('y.png');
  });

  it('keeps site-local text and applies a known offset', () => {
    expect(siteLocalTimeSchema(120).parse('2026-11-26 10:00:00')).toEqual({
      local: '2026-11-26 10:00:00',
      date: new Date('2026-11-26T08:00:00Z'),
      offsetKnown: true,
    });
    expect(siteLocalTimeSchema().parse('2026-11-26 10:00:00')).toMatchObject({
      date: new Date('2026-11-26T10:00:00Z'),
      offsetKnown: false,
    });
  });

  it('adds bmUserId to user items and keeps unknown keys', () => {
    const u = userSchema.parse(user('-7', -7, { is_bot: 1, status: { slug: 'away' } }));
    expect(u).toMatchObject({
      id: -7,
      bmUserId: -7,
      is_bot: true,
      lastActive: null,
      status: { slug: 'away' },
    });
  });

  it('parses an admin row with string ids, reports and the system sender', () => {
    const page = adminMessagesPageSchema(-300).parse({
      total: 2,
      page: 1,
      perPage: 20,
      pages: 1.0,
      reported: '1',
      pending: 0,
      messages: [
        {
          id: '8',
          sender: user('2', 2),
          thread_id: '4',
          message: 'hi',
          time: '2026-11-26 19:06:57',
          view_link: '#/conversation/4',
          participants: 2,
          receiver: user('3', 3),
          reports: {
            '3': { category: 'Spam', description: 'spam!', time: '2026-11-26 19:07:00', user: user('3', 3) },
          },
          is_pending: true,
          sender_whitelisted: false,
          extra_addon_key: { any: 1 },
        },
        {
          id: '9',
          sender: { id: '0', user_id: 0, name: 'System', avatar: 'a.png', url: false },
          thread_id: '4',
          message: '<em>Bob joined</em>',
          time: '2026-11-26 19:08:00',
          participants: 3,
        },
      ],
    });
    const [row, system] = page.messages;
    expect(row).toMatchObject({ id: 8, thread_id: 4, is_pending: true, extra_addon_key: { any: 1 } });
    expect(row!.time.date?.toISOString()).toBe('2026-11-27T00:06:57.000Z');
    expect(row!.reports).toEqual([
      expect.objectContaining({ reporterBmUserId: 3, category: 'Spam', description: 'spam!' }),
    ]);
    expect(system!.sender.bmUserId).toBe(0);
    expect(page.reported).toBe(1);
  });

  it('gives guests a positive guestId and a negative bmUserId', () => {
    const g = guestSchema().parse({
      ...user('5', -5),
      email: '',
      ip: '10.0.0.1',
      createdAt: '2026-11-20 10:00:00',
      messages: '3',
      conversations: '1',
      isWhitelisted: false,
      isBlacklisted: true,
    });
    expect(g).toMatchObject({ guestId: 5, bmUserId: -5, messages: 3, conversations: 1, isBlacklisted: true });
    expect(guestIdToBmUserId(5)).toBe(-5);
    expect(bmUserIdToGuestId(-5)).toBe(5);
    expect(() => bmUserIdToGuestId(5)).toThrow(RangeError);
  });

  it('reads list expirations as UTC, null = permanent', () => {
    const e = moderationListEntrySchema.parse({
      ...user('2', 2),
      expiration: '2026-11-27 01:06:58',
      admin_id: '1',
    });
    expect(e.expiration?.toISOString()).toBe('2026-11-27T01:06:58.000Z');
    expect(moderationListEntrySchema.parse({ ...user('2', 2), expiration: null }).expiration).toBeNull();
  });

  it('parses messages with PHP empty-array meta and threads with restrictions', () => {
    const m = messageSchema.parse({
      message_id: 7,
      thread_id: 4,
      sender_id: -2,
      message: 'x',
      created_at: 17957380178480,
      updated_at: 17957380178480,
      temp_id: null,
      favorited: 0,
      meta: [],
    });
    expect(m.meta).toEqual({});
    expect(m.sender_id).toBe(-2);
    const rawThread = {
      thread_id: 3,
      type: 'chat-room',
      title: 'Lobby',
      subject: 'Lobby',
      participants: [1, '2'],
      participantsCount: 2,
      restricted: { ban: { '-4': 1795738017 }, mute: [] },
    };
    const t = threadSchema.parse(rawThread);
    expect(t.participants).toEqual([1, 2]);
    expect(t.restricted?.ban).toEqual([{ bmUserId: -4, until: new Date(1795738017000) }]);
    expect(t.restricted?.mute).toEqual([]);
    expect(updateBundleSchema.parse({ threads: [rawThread], serverTime: 17957380178480 }).users).toEqual([]);
  });
});
