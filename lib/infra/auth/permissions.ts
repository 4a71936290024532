import type { Role } from './roles';

/**
 * The one permission table. Every server action names one of these permissions and the
 * action wrapper checks it; the role × action test walks every action against every role.
 */
export const PERMISSIONS = {
  /** Open a site's desk and read its data. */
  'desk.read': ['owner', 'admin', 'moderator', 'support'],
  /** Connect, edit, test and remove sites (the sites page). */
  'sites.manage': ['owner', 'admin'],
  /** Add members and set their roles. */
  'team.manage': ['owner', 'admin'],
  /** Change a site's Better Messages settings. */
  'settings.edit': ['owner', 'admin'],
  /** Ban, mute, delete, approve, erase, participants. */
  'moderation.act': ['owner', 'admin', 'moderator'],
  /** Dismiss reports: support may clear noise, not destroy content. */
  'reports.dismiss': ['owner', 'admin', 'moderator', 'support'],
  /** Read the audit log. */
  'audit.read': ['owner', 'admin', 'moderator', 'support'],
  /** Support inbox: status, priority, assignee, labels, notes, replies as a support account. */
  'triage.act': ['owner', 'admin', 'moderator', 'support'],
  /** Support accounts, labels, canned replies and the response target. */
  'triage.manage': ['owner', 'admin'],
  /** Standing decisions (site ban, site mute, hold), protected accounts and rules: moderators see them. */
  'policy.manage': ['owner', 'admin'],
  /** Alert thresholds, the webhook and the mail server. */
  'alerts.manage': ['owner', 'admin'],
  /** A member's own account: password, theme. */
  'account.self': ['owner', 'admin', 'moderator', 'support'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  moderator: 'Moderator',
  support: 'Support',
};

/** Who may hand out which role: admins manage everyone but owners. */
export function canAssignRole(actor: Role, role: Role): boolean {
  if (actor === 'owner') return true;
  if (actor === 'admin') return role !== 'owner';
  return false;
}
