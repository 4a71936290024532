/**
 * The team's roles, most powerful first. A plain module, not the Drizzle schema: the browser's
 * role pickers import it, and the schema must not reach a client bundle to give them a list.
 */
export const ROLES = ['owner', 'admin', 'moderator', 'support'] as const;
export type Role = (typeof ROLES)[number];
