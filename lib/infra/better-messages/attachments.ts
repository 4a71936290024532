/** Files of one thread. There is no site-wide attachment list in the API. */
import { BM } from './base-url';
import type { BmClient } from './http';
import { attachmentsPageSchemaFor, type BmAttachmentsPage } from './schemas-thread';

export type AttachmentType = 'photos' | 'videos' | 'audio' | 'files';

/** Page 1 without `type` also answers `counts` and the `activeType` the plugin picked. */
export function getThreadAttachments(
  client: BmClient,
  threadId: number,
  options: { page?: number; perPage?: number; type?: AttachmentType } = {},
): Promise<BmAttachmentsPage> {
  return client.request({
    method: 'GET',
    route: `${BM}/thread/${threadId}/attachments`,
    query: {
      page: options.page,
      per_page: options.perPage === undefined ? undefined : Math.min(Math.max(options.perPage, 1), 100),
      type: options.type,
    },
    schema: attachmentsPageSchemaFor(client.siteUtcOffsetMinutes),
  });
}
