/**
 * Columns every domain's tables share: the site a row belongs to (gone with the site), a
 * timestamp with its time zone, and a team member who may leave (the row stays, the link goes).
 */
import { integer, timestamp } from 'drizzle-orm/pg-core';
import { members, sites } from './schema';

export const siteId = () =>
  integer('site_id')
    .notNull()
    .references(() => sites.id, { onDelete: 'cascade' });

export const at = (name: string) => timestamp(name, { withTimezone: true });

export const memberRef = (name: string) =>
  integer(name).references(() => members.id, { onDelete: 'set null' });
