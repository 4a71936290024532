import type { z } from 'zod';
import { auditSearchParams } from '@/components/audit/search-params';
import { inboxSearchParams } from '@/lib/services/triage/inbox-search';
import { queueSearchParams } from '@/lib/services/queues/search-params';
import {
  attachmentRowsSearchParams,
  attachmentsSearchParams,
} from './(desk)/[site]/attachments/search-params';
import { fileSearchParams } from './(desk)/[site]/files/search-params';
import { messagesSearchParams } from '@/lib/services/messages/search-params';
import { threadsSearchParams, threadViewSearchParams } from '@/lib/services/threads/search-params';
import { usersSearchParams } from './(desk)/[site]/users/search-params';
import { newRuleSearchParams } from './(desk)/[site]/rules/search-params';
import { standingSearchParams } from './(desk)/[site]/standing/search-params';
import { transparencySearchParams } from '@/lib/services/transparency/period';

/**
 * Every address the app answers, with what its URL may carry: the dynamic segments' kinds and the
 * schema its search parameters go through. The URL fuzz test throws bad values at each of them,
 * generated from these schemas, and a unit test keeps this list in step with the files under app/.
 */
import type { SegmentKind } from '@/lib/infra/table/bad-values';

export type { SegmentKind };

export type AppUrl = {
  /** As the folders under app/ name it, route groups left out: `/[site]/users/[id]`. */
  path: string;
  kind: 'page' | 'route';
  segments?: Record<string, SegmentKind>;
  search?: z.ZodObject;
  /** Parameters a handler validates by itself (its own schema, refusing with a 400). */
  keys?: readonly string[];
  /** Answers with a stream that stays open (checked by its status only). */
  stream?: boolean;
  /** Takes POST only: whatever the address, a GET is answered 405 before anything is read. */
  postOnly?: boolean;
};

const site = { site: 'slug' } as const;

export const APP_URLS: readonly AppUrl[] = [
  { path: '/', kind: 'page' },
  { path: '/account', kind: 'page' },
  { path: '/alerts', kind: 'page' },
  { path: '/audit', kind: 'page', search: auditSearchParams },
  { path: '/audit/export', kind: 'route', search: auditSearchParams },
  { path: '/inbox', kind: 'page', search: inboxSearchParams },
  { path: '/inbox/export', kind: 'route', search: inboxSearchParams },
  { path: '/notifications', kind: 'page' },
  { path: '/sites', kind: 'page' },
  { path: '/sites/new', kind: 'page' },
  { path: '/sites/[id]/edit', kind: 'page', segments: { id: 'id' } },
  { path: '/team', kind: 'page' },
  { path: '/[site]', kind: 'page', segments: site },
  { path: '/[site]/alerts', kind: 'page', segments: site },
  { path: '/[site]/notices', kind: 'page', segments: site },
  { path: '/[site]/standing', kind: 'page', segments: site, search: standingSearchParams },
  { path: '/[site]/attachments', kind: 'page', segments: site, search: attachmentsSearchParams },
  { path: '/[site]/attachments/rows', kind: 'route', segments: site, search: attachmentRowsSearchParams },
  { path: '/[site]/attachments/export', kind: 'route', segments: site, search: attachmentsSearchParams },
  { path: '/[site]/audit', kind: 'page', segments: site, search: auditSearchParams },
  {
    path: '/[site]/files/[attachmentId]',
    kind: 'route',
    segments: { ...site, attachmentId: 'id' },
    search: fileSearchParams,
  },
  { path: '/[site]/inbox', kind: 'page', segments: site, search: inboxSearchParams },
  { path: '/[site]/inbox/export', kind: 'route', segments: site, search: inboxSearchParams },
  { path: '/[site]/inbox/settings', kind: 'page', segments: site },
  { path: '/[site]/inbox/[threadId]', kind: 'page', segments: { ...site, threadId: 'id' } },
  { path: '/[site]/messages', kind: 'page', segments: site, search: messagesSearchParams },
  { path: '/[site]/pending', kind: 'page', segments: site, search: queueSearchParams },
  { path: '/[site]/pending/export', kind: 'route', segments: site, search: queueSearchParams },
  { path: '/[site]/pending/flush', kind: 'route', segments: site, postOnly: true },
  { path: '/[site]/reports', kind: 'page', segments: site, search: queueSearchParams },
  { path: '/[site]/reports/export', kind: 'route', segments: site, search: queueSearchParams },
  { path: '/[site]/reports/flush', kind: 'route', segments: site, postOnly: true },
  { path: '/[site]/review', kind: 'page', segments: site },
  { path: '/[site]/rules', kind: 'page', segments: site },
  { path: '/[site]/rules/new', kind: 'page', segments: site, search: newRuleSearchParams },
  { path: '/[site]/rules/[id]', kind: 'page', segments: { ...site, id: 'id' } },
  { path: '/[site]/settings', kind: 'page', segments: site },
  { path: '/[site]/threads', kind: 'page', segments: site, search: threadsSearchParams },
  { path: '/[site]/threads/export', kind: 'route', segments: site, search: threadsSearchParams },
  {
    path: '/[site]/threads/[id]',
    kind: 'page',
    segments: { ...site, id: 'id' },
    search: threadViewSearchParams,
  },
  { path: '/[site]/users', kind: 'page', segments: site, search: usersSearchParams },
  { path: '/[site]/users/export', kind: 'route', segments: site, search: usersSearchParams },
  {
    path: '/[site]/users/[id]',
    kind: 'page',
    segments: { ...site, id: 'userId' },
    search: threadsSearchParams,
  },
  { path: '/[site]/transparency', kind: 'page', segments: site, search: transparencySearchParams },
  { path: '/[site]/transparency/export', kind: 'route', segments: site, search: transparencySearchParams },
  {
    path: '/[site]/transparency/statements',
    kind: 'route',
    segments: site,
    search: transparencySearchParams,
  },
  { path: '/invite/[token]', kind: 'page', segments: { token: 'token' } },
  { path: '/setup', kind: 'page' },
  { path: '/signin', kind: 'page', keys: ['callbackUrl'] },
  { path: '/api/auth/[...nextauth]', kind: 'route', segments: { nextauth: 'rest' } },
  { path: '/api/health', kind: 'route' },
  { path: '/api/jobs', kind: 'route' },
  { path: '/api/presence', kind: 'route', keys: ['topic', 'client', 'state'], stream: true },
];
