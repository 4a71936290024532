import type { Permission } from '@/lib/infra/auth/permissions';

/**
 * Who may cancel a job or retry its failed items: whoever may start it. A plain module (no
 * database), so the tray's answer and the actions read the same table. A kind not listed here
 * needs the moderators' permission, the strictest a job of the desk starts with.
 */
const KIND_PERMISSIONS: Record<string, Permission> = {
  restrictEverywhere: 'moderation.act',
  threadBulk: 'moderation.act',
  deleteUserMessages: 'moderation.act',
  removeFiles: 'moderation.act',
  triageBulk: 'triage.act',
  // Support may start a bulk dismiss (and cancel or retry one); any other decision is moderators'.
  queueBulk: 'moderation.act',
  // The messages desk: delete; a site ban of the senders is the admins' (policy.manage).
  messagesBulk: 'moderation.act',
};

export function jobKindPermission(kind: string, params?: unknown): Permission {
  if (kind === 'queueBulk' && (params as { decision?: unknown } | null)?.decision === 'dismiss') {
    return 'reports.dismiss';
  }
  if (kind === 'messagesBulk' && (params as { action?: unknown } | null)?.action === 'site-ban') {
    return 'policy.manage';
  }
  return KIND_PERMISSIONS[kind] ?? 'moderation.act';
}
