/**
 * What each index list may be sorted by, by name. The URL schemas take these; the queries map
 * each name to its SQL. A plain module, so parsing a URL never loads the database client.
 */

export const THREAD_SORT_KEYS = [
  'lastActivityAt',
  'firstActivityAt',
  'subject',
  'type',
  'participantCount',
  'messageCount',
  'reportedCount',
  'pendingCount',
  'attachmentCount',
  'id',
] as const;
export type ThreadSort = (typeof THREAD_SORT_KEYS)[number];

export const USER_SORT_KEYS = [
  'name',
  'id',
  'messageCount',
  'threadCount',
  'reportedCount',
  'lastMessageAt',
  'pendingCount',
] as const;
export type UserSort = (typeof USER_SORT_KEYS)[number];

export const ATTACHMENT_SORT_KEYS = ['date', 'size', 'name', 'id', 'threadId'] as const;
export type AttachmentSort = (typeof ATTACHMENT_SORT_KEYS)[number];
