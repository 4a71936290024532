/**
 * The messages desk's URL state (`/<site>/messages`): every filter, the sort and the page. A plain
 * module: the page, the table's toolbar, the "all matches" job and the URL fuzz read the same schema.
 */
import { z } from 'zod';
import {
  dateParam,
  flagParam,
  idParam,
  listParam,
  tableParams,
  textParam,
  userIdParam,
} from '@/lib/infra/table/search-params';
import { THREAD_TYPES } from '@/lib/services/threads/thread-types';

export const MESSAGE_DESK_SORT_KEYS = [
  'createdAt',
  'id',
  'threadId',
  'senderId',
  'reportCount',
  'attachmentCount',
] as const;
export type MessageDeskSort = (typeof MESSAGE_DESK_SORT_KEYS)[number];

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

/** A host name as typed (`Example.COM`, `www.example.com/`): lower case, no scheme or path. */
export function normalizeDomain(value: string): string | null {
  const host = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/\.$/, '');
  return DOMAIN.test(host) ? host : null;
}

/** One domain (`?domain=example.com`): links to it or to one of its subdomains. */
const domainParam = z
  .string()
  .transform((v, ctx) => normalizeDomain(v) ?? (ctx.addIssue({ code: 'custom', message: 'value' }), z.NEVER))
  .optional();

/** An allow-list (`?outside=example.com,example.org`): links to any other domain. */
const domainListParam = z
  .string()
  .max(2000, { error: 'long' })
  .transform((v, ctx) => {
    const parts = v.split(',').filter((p) => p.trim());
    const domains = parts.map(normalizeDomain);
    if (parts.length > 50 || domains.some((d) => d === null)) {
      ctx.addIssue({ code: 'custom', message: 'value' });
      return z.NEVER;
    }
    return [...new Set(domains as string[])];
  })
  .optional();

/** Any of these words (`?words=casino,free money`): comma-separated entries, each one or more words. */
export function wordList(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((w) => w.trim().toLowerCase())
        .filter((w) => /[\p{L}\p{N}]/u.test(w)),
    ),
  ].slice(0, 50);
}

export const messagesSearchParams = tableParams(MESSAGE_DESK_SORT_KEYS, 'createdAt.desc').extend({
  q: textParam,
  words: textParam,
  link: flagParam,
  /** A link to this domain (or a subdomain). */
  domain: domainParam,
  /** A link to a domain outside this allow-list; `?outside=` alone is not a filter. */
  outside: domainListParam,
  phone: flagParam,
  email: flagParam,
  sender: userIdParam,
  guest: flagParam,
  thread: idParam,
  type: listParam<string>(THREAD_TYPES),
  from: dateParam,
  to: dateParam,
  pending: flagParam,
  reported: flagParam,
  ai: flagParam,
  files: flagParam,
});

export type MessagesSearch = z.infer<typeof messagesSearchParams>;

/** The filter keys, in the order the toolbar resets them. */
export const MESSAGE_FILTER_KEYS = [
  'q',
  'words',
  'link',
  'domain',
  'outside',
  'phone',
  'email',
  'sender',
  'guest',
  'thread',
  'type',
  'from',
  'to',
  'pending',
  'reported',
  'ai',
  'files',
] as const satisfies readonly (keyof MessagesSearch)[];

export function isFiltered(s: MessagesSearch): boolean {
  return MESSAGE_FILTER_KEYS.some((k) => {
    const v = s[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '';
  });
}

/** The messages the filters ask for, as the query takes them (dates as whole UTC days). */
export interface MessagesDeskFilter {
  siteId: number;
  text?: string;
  words?: string[];
  hasLink?: boolean;
  domain?: string;
  outside?: string[];
  hasPhone?: boolean;
  hasEmail?: boolean;
  senderId?: number;
  guest?: boolean;
  threadId?: number;
  types?: string[];
  from?: Date;
  to?: Date;
  pending?: boolean;
  reported?: boolean;
  aiFlagged?: boolean;
  hasFiles?: boolean;
}

export function filterFromSearch(siteId: number, s: MessagesSearch): MessagesDeskFilter {
  const words = wordList(s.words);
  return {
    siteId,
    text: s.q || undefined,
    words: words.length ? words : undefined,
    hasLink: s.link,
    domain: s.domain,
    outside: s.outside?.length ? s.outside : undefined,
    hasPhone: s.phone,
    hasEmail: s.email,
    senderId: s.sender,
    guest: s.guest,
    threadId: s.thread,
    types: s.type.length ? s.type : undefined,
    from: s.from ? new Date(`${s.from}T00:00:00Z`) : undefined,
    to: s.to ? new Date(`${s.to}T23:59:59.999Z`) : undefined,
    pending: s.pending,
    reported: s.reported,
    aiFlagged: s.ai,
    hasFiles: s.files,
  };
}

/** Filters that cannot match anything, said in words (the page shows them above the table). */
export function impossibleFilters(s: MessagesSearch): string[] {
  const out: string[] = [];
  if (s.from && s.to && s.from > s.to) {
    out.push(`The “from” date (${s.from}) is after the “to” date (${s.to}): no message can match.`);
  }
  if (s.link === false && (s.domain || s.outside?.length)) {
    out.push('“Without links” and a link domain together cannot match any message.');
  }
  if (s.sender !== undefined && s.guest !== undefined && s.sender < 0 !== s.guest) {
    out.push(`Sender #${s.sender} is ${s.sender < 0 ? '' : 'not '}a guest: the guest filter excludes them.`);
  }
  return out;
}
