/** Chat rooms (`manage_options`). A room's `id` is its WordPress post id; `threadId` is its thread. */
import { BM } from './base-url';
import type { BmClient } from './http';
import { chatRoomsPageSchema, type BmChatRoomsPage } from './schemas-admin';

export function getChatRooms(
  client: BmClient,
  options: { page?: number; perPage?: number; search?: string; include?: readonly number[] } = {},
): Promise<BmChatRoomsPage> {
  return client.request({
    method: 'GET',
    route: `${BM}/admin/chat-rooms`,
    query: {
      page: options.page,
      per_page: options.perPage === undefined ? undefined : Math.min(Math.max(options.perPage, 1), 100),
      search: options.search || undefined,
      include: options.include,
    },
    schema: chatRoomsPageSchema,
  });
}
