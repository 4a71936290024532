/** Shapes of the admin routes: Messages Viewer rows, guests, moderation lists, chat rooms. */
import { z } from 'zod';
import {
  countSchema,
  flagSchema,
  gmtDateTimeSchema,
  idSchema,
  phpObject,
  siteLocalTimeSchema,
  userBaseSchema,
  userSchema,
  withBmUserId,
} from './schemas-common';
import { guestIdToBmUserId } from './guest-ids';

/** Reports are a map keyed by reporter id; we hand out a list. Times are site-local. */
function reportsSchema(utcOffsetMinutes?: number) {
  const report = z.looseObject({
    category: z.string(),
    description: z.string().default(''),
    time: siteLocalTimeSchema(utcOffsetMinutes).optional(),
    user: userSchema.optional(),
  });
  return phpObject(z.record(z.string(), report)).transform((map) =>
    Object.entries(map).map(([reporterId, r]) => ({ ...r, reporterBmUserId: Number(reporterId) })),
  );
}

/** One row of `GET /admin/getMessages` (AdminItem). The plugin sends ids here as strings. */
function adminMessageSchema(utcOffsetMinutes?: number) {
  return z.looseObject({
    id: idSchema,
    sender: userSchema,
    thread_id: idSchema,
    message: z.string(),
    time: siteLocalTimeSchema(utcOffsetMinutes),
    view_link: z.string().optional(),
    participants: countSchema.optional(),
    receiver: userSchema.optional(),
    reports: reportsSchema(utcOffsetMinutes).optional(),
    is_pending: flagSchema.optional(),
    sender_whitelisted: flagSchema.optional(),
    sender_blacklisted: flagSchema.optional(),
    sender_thread_whitelisted: flagSchema.optional(),
    sender_thread_blacklisted: flagSchema.optional(),
    ai_moderation_flagged: flagSchema.optional(),
    ai_moderation_categories: z.array(z.string()).optional(),
    ai_moderation_reason: z.string().optional(),
  });
}
export type BmAdminMessage = z.output<ReturnType<typeof adminMessageSchema>>;

export function adminMessagesPageSchema(utcOffsetMinutes?: number) {
  return z.looseObject({
    total: countSchema,
    page: countSchema,
    perPage: countSchema,
    pages: countSchema,
    /** Site-wide counters, sent on every call whatever the filter. */
    reported: countSchema,
    pending: countSchema,
    messages: z.array(adminMessageSchema(utcOffsetMinutes)),
  });
}
export type BmAdminMessagesPage = z.output<ReturnType<typeof adminMessagesPageSchema>>;

/** `GET /admin/getUser`: a user item plus counts and pre-moderation status. */
export const adminUserSchema = userBaseSchema
  .extend({
    messagesCount: countSchema,
    conversationsCount: countSchema,
    /** true = blacklisted (forced pre-moderation), false = whitelisted, null = neither. */
    moderationStatus: z.boolean().nullable(),
    isAdmin: flagSchema,
  })
  .transform(withBmUserId);
export type BmAdminUser = z.output<typeof adminUserSchema>;

/**
 * Guest of `GET /admin/getGuests` / `getGuest`: `id` is the positive guest id, `user_id` and
 * therefore `bmUserId` the negative id used in threads and messages.
 */
export function guestSchema(utcOffsetMinutes?: number) {
  return userBaseSchema
    .extend({
      email: z.string().nullable().optional(),
      ip: z.string().nullable().optional(),
      createdAt: siteLocalTimeSchema(utcOffsetMinutes).optional(),
      messages: countSchema.optional(),
      conversations: countSchema.optional(),
      isWhitelisted: flagSchema.optional(),
      isBlacklisted: flagSchema.optional(),
    })
    .transform((g) => ({
      ...g,
      guestId: Math.abs(g.id),
      // Guests are negative everywhere outside the admin guest routes.
      bmUserId: g.user_id ?? guestIdToBmUserId(g.id),
    }));
}
export type BmGuest = z.output<ReturnType<typeof guestSchema>>;

export function guestsPageSchema(utcOffsetMinutes?: number) {
  return z.looseObject({
    total: countSchema,
    page: countSchema,
    perPage: countSchema,
    pages: countSchema,
    users: z.array(guestSchema(utcOffsetMinutes)),
  });
}
export type BmGuestsPage = z.output<ReturnType<typeof guestsPageSchema>>;

/** White/blacklist entry. `expiration` is converted to UTC by the plugin's SQL; null = permanent. */
export const moderationListEntrySchema = userBaseSchema
  .extend({
    expiration: gmtDateTimeSchema.nullable(),
    admin_id: idSchema.nullable().optional(),
    admin: userSchema.optional(),
  })
  .transform(withBmUserId);
export type BmModerationListEntry = z.output<typeof moderationListEntrySchema>;

export const moderationListSchema = z.looseObject({
  success: z.literal(true),
  users: z.array(moderationListEntrySchema),
});

export const moderationActionSchema = z.looseObject({
  success: z.literal(true),
  message: z.string().optional(),
  approvedCount: countSchema.optional(),
  deletedCount: countSchema.optional(),
});
export type BmModerationActionResult = z.output<typeof moderationActionSchema>;

export const searchUsersPageSchema = z.looseObject({
  items: z.array(userSchema),
  page: countSchema,
  hasMore: z.boolean(),
});

/** Chat room of `GET /admin/chat-rooms` (`id` = the room's WordPress post id, `threadId` its thread). */
const chatRoomSchema = z.looseObject({
  id: idSchema,
  title: z.string(),
  status: z.string().optional(),
  threadId: idSchema.nullable().optional(),
  inboxUrl: z.string().nullable().optional(),
  imageUrl: z
    .union([z.string(), z.literal(false)])
    .nullable()
    .optional(),
  settings: phpObject(z.looseObject({})).optional(),
  moderators: z.array(userSchema).optional(),
  messageCount: countSchema.optional(),
});

export const chatRoomsPageSchema = z.looseObject({
  items: z.array(chatRoomSchema),
  total: countSchema,
  page: countSchema,
  perPage: countSchema,
  pages: countSchema,
});
export type BmChatRoomsPage = z.output<typeof chatRoomsPageSchema>;

/** Plugin settings: ~536 keys; flags are the strings '0'/'1'. We type the ones we read. */
const settingsSchema = z.looseObject({
  messagesViewer: z.string().optional(),
  allowReports: z.string().optional(),
  messagesPremoderation: z.string().optional(),
  attachmentsEnable: z.string().optional(),
  guestChat: z.string().optional(),
  allowMuteThreads: z.string().optional(),
  allowDeleteMessages: z.string().optional(),
  deleteMethod: z.string().optional(),
});
export type BmSettings = z.output<typeof settingsSchema>;

export const settingsBundleSchema = z.looseObject({
  settings: settingsSchema,
  roles: z.array(z.looseObject({ key: z.string(), name: z.string().optional() })).default([]),
  pages: z.array(z.looseObject({ id: idSchema, title: z.string() })).default([]),
});
export type BmSettingsBundle = z.output<typeof settingsBundleSchema>;

export const settingsSaveResultSchema = z.looseObject({
  success: z.literal(true),
  settings: settingsSchema,
});
