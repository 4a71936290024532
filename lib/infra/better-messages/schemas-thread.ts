/** Threads, messages and the "update bundle" most thread routes answer with. */
import { z } from 'zod';
import {
  bmTimeSchema,
  countSchema,
  flagSchema,
  idSchema,
  messageFileSchema,
  phpObject,
  siteLocalTimeSchema,
  thumbSchema,
  userSchema,
} from './schemas-common';

const messageMetaSchema = phpObject(
  z.looseObject({
    isPending: flagSchema.optional(),
    files: z.array(messageFileSchema).optional(),
    replyTo: idSchema.optional(),
    lastEdit: bmTimeSchema.optional(),
    systemType: z.string().optional(),
  }),
);

export const messageSchema = z.looseObject({
  message_id: idSchema,
  thread_id: idSchema,
  /** A bmUserId: 0 = system, negative = guest. */
  sender_id: idSchema,
  message: z.string(),
  created_at: bmTimeSchema,
  updated_at: bmTimeSchema.optional(),
  temp_id: z.string().nullable().optional(),
  meta: messageMetaSchema.optional(),
});
export type BmMessage = z.output<typeof messageSchema>;

/** `restricted.ban` / `restricted.mute`: bmUserId → Unix seconds when it ends. */
const restrictionMapSchema = phpObject(z.record(z.string(), countSchema)).transform((map) =>
  Object.entries(map).map(([bmUserId, until]) => ({
    bmUserId: Number(bmUserId),
    until: new Date(until * 1000),
  })),
);

export const threadSchema = z.looseObject({
  thread_id: idSchema,
  type: z.string(),
  title: z.string(),
  subject: z.string(),
  image: z.string().optional(),
  lastTime: bmTimeSchema.optional(),
  participants: z.array(idSchema),
  participantsCount: countSchema,
  moderators: z.array(idSchema).optional(),
  url: z.string().optional(),
  adminAccess: z.boolean().optional(),
  unread: countSchema.optional(),
  isHidden: flagSchema.optional(),
  isDeleted: flagSchema.optional(),
  permissions: z.looseObject({}).optional(),
  chatRoom: z.looseObject({ id: idSchema.optional() }).optional(),
  restricted: phpObject(
    z.looseObject({
      ban: restrictionMapSchema.optional(),
      mute: restrictionMapSchema.optional(),
    }),
  ).optional(),
});
export type BmThread = z.output<typeof threadSchema>;

export const updateBundleSchema = z.looseObject({
  threads: z.array(threadSchema).default([]),
  users: z.array(userSchema).default([]),
  messages: z.array(messageSchema).default([]),
  serverTime: bmTimeSchema.optional(),
  /** `POST /thread/:id` only: ids the client sent that no longer exist. */
  deleted_messages: z.array(idSchema).optional(),
});
export type BmUpdateBundle = z.output<typeof updateBundleSchema>;

/** `POST /thread/:id/loadMore`. */
export const messagesPageSchema = z.looseObject({
  messages: z.array(messageSchema).default([]),
  users: z.array(userSchema).default([]),
});
export type BmMessagesPage = z.output<typeof messagesPageSchema>;

export const newThreadResultSchema = z.looseObject({
  result: z.literal(true),
  thread_id: idSchema,
  message_id: idSchema.optional(),
});

export const sendResultSchema = z.looseObject({
  result: z.literal(true),
  message_id: idSchema,
  thread_id: idSchema,
  update: updateBundleSchema.optional(),
});
export type BmSendResult = z.output<typeof sendResultSchema>;

/** `POST /thread/:id/deleteMessages`: method `delete` gives `deleted`, `replace` gives a bundle. */
export const threadDeleteResultSchema = z.looseObject({
  deleted: z.array(idSchema).optional(),
  errors: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
  messages: z.array(messageSchema).optional(),
});

/** File of `GET /thread/:id/attachments`. `date` is the attachment post's site-local date. */
const attachmentSchemaFor = (utcOffsetMinutes?: number) =>
  z.looseObject({
    id: idSchema,
    url: z.string(),
    thumb: thumbSchema,
    mimeType: z.string().optional(),
    name: z.string().optional(),
    size: countSchema.optional(),
    ext: z.string().optional(),
    date: siteLocalTimeSchema(utcOffsetMinutes).optional(),
    messageId: idSchema.optional(),
  });
export type BmAttachment = z.output<ReturnType<typeof attachmentSchemaFor>>;

export const attachmentsPageSchemaFor = (utcOffsetMinutes?: number) =>
  z.looseObject({
    files: z.array(attachmentSchemaFor(utcOffsetMinutes)),
    hasMore: z.boolean(),
    page: countSchema.optional(),
    counts: z
      .looseObject({
        photos: countSchema.optional(),
        videos: countSchema.optional(),
        audio: countSchema.optional(),
        files: countSchema.optional(),
      })
      .optional(),
    activeType: z.string().optional(),
  });
export type BmAttachmentsPage = z.output<ReturnType<typeof attachmentsPageSchemaFor>>;
