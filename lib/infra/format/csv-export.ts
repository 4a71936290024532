/**
 * The door of every CSV export route. A route handler is public (the proxy sends visitors without
 * a session to sign in, but a handler answers whatever reaches it), so it checks the member and
 * the page's permission itself, and parses the page's own URL filters with the page's parser.
 */
import 'server-only';
import type { z } from 'zod';
import { getCurrentMember } from '@/lib/infra/auth/current-member';
import type { Member } from '@/lib/infra/auth/members';
import { can, type Permission } from '@/lib/infra/auth/permissions';
import { ignoredText, parseSearch } from '@/lib/infra/table/search-params';
import { plainResponse } from './csv';

export type CsvExportRequest<S extends z.ZodObject> = {
  member: Member;
  search: z.output<S>;
  /** The URL's own parameters (some desks need to know whether a key was given at all). */
  params: URLSearchParams;
};

/**
 * The member and the parsed filters, or the refusal in words: 401 without a session, 403 for a
 * role without the permission, 400 naming each filter that cannot be used. The table's export
 * link carries only parsed filters, so a refused one was typed by hand, and exporting more than
 * was asked for would be a quiet lie.
 */
export async function openCsvExport<S extends z.ZodObject>(
  request: Request,
  schema: S,
  permission: Permission,
): Promise<CsvExportRequest<S> | Response> {
  const member = await getCurrentMember();
  if (!member) return plainResponse('Your session has ended. Sign in again.', 401);
  if (!can(member.role, permission)) return plainResponse('Your role may not export this table.', 403);
  const params = new URL(request.url).searchParams;
  const { search, ignored } = parseSearch(schema, params);
  if (ignored.length > 0)
    return plainResponse(`${ignored.map(ignoredText).join('\n')}\nNothing was exported.`, 400);
  return { member, search, params };
}
