import { notFound } from 'next/navigation';
import { parseId, parseUserId } from './search-params';

/**
 * Ids in a page's path: one that cannot name a row (not digits, 0, past PostgreSQL's `integer`)
 * is the not-found page before any query sees it.
 */
export function idFromPath(raw: string): number {
  return parseId(raw) ?? notFound();
}

/** A Better Messages user id in a path: guests have negative ids. */
export function userIdFromPath(raw: string): number {
  return parseUserId(raw) ?? notFound();
}
