/**
 * The role × action grid. Every exported server action in app/ and lib/services/ is found by
 * walking the files that start with 'use server'; each must be wrapped by defineAction and
 * listed below, so a new action cannot skip the permission check or this test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Member } from '@/lib/infra/auth/members';
import { ROLES, type Role } from '@/lib/infra/auth/roles';
import { auditLog, auditOutcomes } from '@/lib/infra/db/schema';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));

const ALL: Role[] = [...ROLES];
const MANAGERS: Role[] = ['owner', 'admin'];
const MODERATORS: Role[] = ['owner', 'admin', 'moderator'];

/** Who may call what. Public actions ('anyone') guard themselves and are listed as such. */
const GRID: Record<string, Role[] | 'anyone'> = {
  setupOwner: 'anyone',
  signInWithPassword: 'anyone',
  signOutMember: 'anyone',
  connectSite: MANAGERS,
  updateSite: MANAGERS,
  testSiteConnection: MANAGERS,
  recheckSite: MANAGERS,
  deleteSite: MANAGERS,
  addMember: MANAGERS,
  banUserInThread: MODERATORS,
  unbanUserInThread: MODERATORS,
  muteUserInThread: MODERATORS,
  unmuteUserInThread: MODERATORS,
  // Issue 18: an appeal is upheld or overturned by moderators and up, like bans.
  upholdAppeal: MODERATORS,
  overturnAppeal: MODERATORS,
  removeParticipantFromThread: MODERATORS,
  makeThreadModerator: MODERATORS,
  unmakeThreadModerator: MODERATORS,
  addParticipantsToThread: MODERATORS,
  changeThreadSubject: MODERATORS,
  deleteThreadMessages: MODERATORS,
  eraseThread: MODERATORS,
  banUserEverywhere: MODERATORS,
  unbanUserEverywhere: MODERATORS,
  muteUserEverywhere: MODERATORS,
  unmuteUserEverywhere: MODERATORS,
  trustSiteUser: MODERATORS,
  distrustSiteUser: MODERATORS,
  removeSiteUserListEntry: MODERATORS,
  deleteGuestAccount: MODERATORS,
  loadOlderMessages: ALL,
  findSiteUsers: ALL,
  dismissReports: ALL,
  deleteReportedMessage: MODERATORS,
  banReportedSender: MODERATORS,
  muteReportedSender: MODERATORS,
  blacklistReportedSender: MODERATORS,
  approvePendingMessage: MODERATORS,
  rejectPendingMessage: MODERATORS,
  trustPendingSender: MODERATORS,
  distrustPendingSender: MODERATORS,
  // Claims around the undo window: support claims to dismiss; other decisions are checked inside.
  claimQueueItem: ALL,
  releaseQueueClaim: ALL,
  saveSiteSettings: MANAGERS,
  fixReportsSetting: MANAGERS,
  inviteMember: MANAGERS,
  revokeInvitation: MANAGERS,
  acceptInvitation: 'anyone',
  setMemberRole: MANAGERS,
  setMemberDisabled: MANAGERS,
  changeOwnPassword: ALL,
  setOwnTheme: ALL,
  setOwnUndoWindow: ALL,
  setOwnMediaCare: ALL,
  recordMediaExposure: ALL,
  // Support inbox: all roles triage; admins manage accounts, labels, canned replies, target.
  addThreadToInbox: ALL,
  setConversationStatus: ALL,
  setConversationPriority: ALL,
  assignConversation: ALL,
  setConversationTeam: ALL,
  labelConversation: ALL,
  addTriageNote: ALL,
  replyToConversation: ALL,
  saveInboxView: ALL,
  deleteInboxView: ALL,
  markNotificationsRead: ALL,
  saveSupportAccount: MANAGERS,
  removeSupportAccount: MANAGERS,
  setResponseTarget: MANAGERS,
  saveTriageLabel: MANAGERS,
  deleteTriageLabel: MANAGERS,
  saveCannedReply: MANAGERS,
  deleteCannedReply: MANAGERS,
  deleteFileMessage: MODERATORS,
  // Durable jobs: every role reaches the action; the job's kind decides (checked inside).
  cancelJob: ALL,
  retryFailedJobItems: ALL,
  startThreadBulkJob: MODERATORS,
  startRemoveFilesJob: MODERATORS,
  startDeleteUserMessagesJob: MODERATORS,
  startTriageBulkJob: ALL,
  // Support may dismiss reports in bulk; other decisions are checked inside.
  startQueueBulkJob: ALL,
  // Rules: admins and up write them and switch them; every role reads them and tries them on history.
  createRule: MANAGERS,
  updateRule: MANAGERS,
  setRuleMode: MANAGERS,
  deleteRule: MANAGERS,
  tryRuleOnHistory: ALL,
  // BM Desk's review queue (items rules sent): moderators decide.
  decideReviewItem: MODERATORS,
  startMessagesBulkJob: MODERATORS,
  startSiteBanSendersJob: MANAGERS,
  // Alerts: thresholds, webhook, mail server (admins); each member's own channels.
  saveAlertThresholds: MANAGERS,
  saveAlertWebhook: MANAGERS,
  sendTestAlert: MANAGERS,
  retryAlertDelivery: MANAGERS,
  saveMailServer: MANAGERS,
  removeMailServer: MANAGERS,
  sendTestEmail: MANAGERS,
  setOwnAlertChannels: ALL,
  // Standing decisions and protected accounts: admins and up; moderators read them.
  takeStandingDecision: MANAGERS,
  liftStandingDecisionNow: MANAGERS,
  extendStandingDecisionEnd: MANAGERS,
  markAccountProtected: MANAGERS,
  unmarkAccountProtected: MANAGERS,
  // Issue 18: reasons and notice settings (admins), warnings (moderators).
  saveModerationReason: MANAGERS,
  archiveModerationReason: MANAGERS,
  restoreModerationReason: MANAGERS,
  moveModerationReason: MANAGERS,
  saveNoticeSettings: MANAGERS,
  warnSiteUser: MODERATORS,
};

type Wrapped = ((...args: unknown[]) => Promise<{ ok: boolean; code?: string }>) & {
  meta?: { name: string; permission: string };
};

function serverActionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return serverActionFiles(full);
    if (!/\.(ts|tsx)$/.test(e.name)) return [];
    const head = fs.readFileSync(full, 'utf8').trimStart();
    return /^['"]use server['"]/.test(head) ? [full] : [];
  });
}

const found: { file: string; exportName: string; action: Wrapped }[] = [];
const members = {} as Record<Role, Member>;

beforeAll(async () => {
  for (const file of ['app', 'lib/services'].flatMap((dir) => serverActionFiles(path.resolve(dir)))) {
    const mod = (await import(file)) as Record<string, Wrapped>;
    for (const [exportName, action] of Object.entries(mod)) found.push({ file, exportName, action });
  }
  const { createMember } = await import('@/lib/infra/auth/members');
  const stamp = Date.now();
  for (const role of ROLES) {
    members[role] = await createMember({
      email: `grid-${role}-${stamp}@example.test`,
      name: `Grid ${role}`,
      password: 'grid-password-long',
      role,
    });
  }
});

describe('role × action grid', () => {
  it('finds the server actions', () => {
    expect(found.length).toBeGreaterThanOrEqual(Object.keys(GRID).length);
  });

  it('every exported server action goes through the wrapper and is in the grid', () => {
    for (const { file, exportName, action } of found) {
      const where = `${path.relative(process.cwd(), file)}#${exportName}`;
      expect(typeof action, where).toBe('function');
      expect(action.meta, `${where} is not wrapped by defineAction`).toBeDefined();
      expect(Object.keys(GRID), `${where} is missing from GRID`).toContain(action.meta!.name);
      const expected = GRID[action.meta!.name]!;
      expect(action.meta!.permission === 'anyone', `${where}: public or not`).toBe(expected === 'anyone');
    }
  });

  it('refuses a caller without a session', async () => {
    current.member = null;
    for (const { action } of found) {
      if (GRID[action.meta!.name] === 'anyone') continue;
      const result = await action(undefined);
      expect(result, action.meta!.name).toMatchObject({ ok: false, code: 'unauthenticated' });
    }
  });

  for (const role of ALL) {
    it(`enforces the grid for ${role}`, async () => {
      const { getDb } = await import('@/lib/infra/db/client');
      const db = await getDb();
      current.member = members[role];
      for (const { action } of found) {
        const allowed = GRID[action.meta!.name]!;
        if (allowed === 'anyone') continue;
        // No input: an allowed role gets past the permission check and stops at validation,
        // so nothing is called on any site.
        const result = await action(undefined);
        if (allowed.includes(role)) {
          expect(result, `${role} → ${action.meta!.name}`).toMatchObject({
            ok: false,
            code: 'invalid-input',
          });
        } else {
          expect(result, `${role} → ${action.meta!.name}`).toMatchObject({ ok: false, code: 'forbidden' });
          const denied = await db
            .select({ outcome: auditOutcomes.outcome })
            .from(auditLog)
            .innerJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
            .where(and(eq(auditLog.action, action.meta!.name), eq(auditLog.memberId, members[role].id)));
          expect(
            denied.map((d) => d.outcome),
            `denied ${action.meta!.name} is audited`,
          ).toContain('denied');
        }
      }
    });
  }
});
