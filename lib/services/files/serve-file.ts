/**
 * The safe file route's work: find the file in the index (or, for a message the index has not
 * read yet, in its thread's file list on the site), fetch it with the site's credentials under
 * the client's guards, and serve it with headers that keep it from running in our origin.
 */
import 'server-only';
import { getThreadAttachments, isBmError, type BmClient } from '@/lib/infra/better-messages';
import { SiteFileError } from '@/lib/infra/better-messages/files';
import { getAttachment } from '@/lib/services/site-index/queries/attachments';
import { findOpenSite } from '@/lib/services/sites/open-site';
import { fileErrorResponse, safeFileResponse } from './safe-file-response';

export interface FileRequest {
  siteId: number;
  attachmentId: number;
  /** The thumbnail URL when the site has one (grid and timeline thumbnails). */
  thumb: boolean;
  download: boolean;
  /** Where to look on the site when the index does not have the file yet. */
  threadId?: number;
}

type Located = {
  name: string | null;
  mime: string | null;
  ext: string | null;
  url: string;
  thumb: string | null;
};

async function findOnSite(client: BmClient, threadId: number, id: number): Promise<Located | null> {
  for (const type of ['photos', 'videos', 'audio', 'files'] as const) {
    for (let page = 1; page <= 20; page++) {
      const answer = await getThreadAttachments(client, threadId, { page, perPage: 100, type });
      const hit = answer.files.find((f) => f.id === id);
      if (hit) {
        return {
          name: hit.name ?? null,
          mime: hit.mimeType ?? null,
          ext: hit.ext ?? null,
          url: hit.url,
          thumb: hit.thumb ?? null,
        };
      }
      if (!answer.hasMore || answer.files.length === 0) break;
    }
  }
  return null;
}

const STATUS_BY_REASON = { 'other-origin': 502, 'bad-url': 502, 'too-large': 413, 'not-found': 404 } as const;

export async function serveSiteFile(req: FileRequest): Promise<Response> {
  const site = await findOpenSite(req.siteId);
  if (!site) return fileErrorResponse(404, 'This site is no longer connected to BM Desk.');
  try {
    let file: Located | null = await getAttachment(req.siteId, req.attachmentId);
    if (!file && req.threadId !== undefined) {
      file = await findOnSite(site.client, req.threadId, req.attachmentId);
    }
    if (!file) return fileErrorResponse(404, `File #${req.attachmentId} is not known on this site.`);
    const url = req.thumb && file.thumb ? file.thumb : file.url;
    const fetched = await site.fetchFile(url);
    return safeFileResponse({
      name: file.name,
      mime: file.mime,
      ext: file.ext,
      servedType: fetched.contentType,
      bytes: fetched.bytes,
      download: req.download,
    });
  } catch (error) {
    if (error instanceof SiteFileError)
      return fileErrorResponse(STATUS_BY_REASON[error.reason], error.message);
    if (isBmError(error)) {
      return fileErrorResponse(error.kind === 'timeout' ? 504 : 502, error.message);
    }
    throw error;
  }
}
