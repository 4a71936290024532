/** Per-site settings of notices, strikes, appeals and reporter feedback, with their defaults. */
import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { supportAccounts } from '@/lib/services/triage/schema';
import { DEFAULT_LADDER, type LadderStep } from './constants';
import { moderationSettings as ms } from './schema';

export type ModerationSettings = {
  siteId: number;
  moderationAccountId: number | null;
  appealDays: number;
  strikeDays: number;
  ladder: LadderStep[];
  reporterFeedback: boolean;
  reporterTextActed: string;
  reporterTextKept: string;
};

export const DEFAULT_REPORTER_TEXT_ACTED = 'Thanks for your report. We looked at it and acted on it.';
export const DEFAULT_REPORTER_TEXT_KEPT =
  'Thanks for your report. We looked at the message and it stays: it does not break the rules of this site.';

export async function getModerationSettings(siteId: number): Promise<ModerationSettings> {
  const db = await getDb();
  const [row] = await db.select().from(ms).where(eq(ms.siteId, siteId));
  return {
    siteId,
    moderationAccountId: row?.moderationAccountId ?? null,
    appealDays: row?.appealDays ?? 14,
    strikeDays: row?.strikeDays ?? 90,
    ladder: row?.ladder && row.ladder.length > 0 ? row.ladder : DEFAULT_LADDER,
    reporterFeedback: row?.reporterFeedback ?? false,
    reporterTextActed: row?.reporterTextActed || DEFAULT_REPORTER_TEXT_ACTED,
    reporterTextKept: row?.reporterTextKept || DEFAULT_REPORTER_TEXT_KEPT,
  };
}

export async function saveModerationSettings(
  siteId: number,
  patch: Partial<Omit<ModerationSettings, 'siteId'>>,
): Promise<void> {
  const db = await getDb();
  const values = { ...patch, updatedAt: new Date() };
  await db
    .insert(ms)
    .values({ siteId, ...values })
    .onConflictDoUpdate({ target: ms.siteId, set: values });
}

/**
 * Whether notices can go out, and as whom. 'off' says why in words the UI shows as is; a
 * decision still goes through when notices are off.
 */
export type NoticeSender =
  { state: 'ready'; accountId: number; name: string; bmUserId: number } | { state: 'off'; why: string };

export async function noticeSender(siteId: number): Promise<NoticeSender> {
  const { moderationAccountId } = await getModerationSettings(siteId);
  if (moderationAccountId === null) {
    return { state: 'off', why: 'No moderation account is chosen in this site’s notice settings.' };
  }
  const db = await getDb();
  const [row] = await db
    .select({
      id: supportAccounts.id,
      siteId: supportAccounts.siteId,
      name: supportAccounts.name,
      bmUserId: supportAccounts.bmUserId,
      sealed: supportAccounts.sealedPassword,
    })
    .from(supportAccounts)
    .where(eq(supportAccounts.id, moderationAccountId));
  if (!row || row.siteId !== siteId) {
    return { state: 'off', why: 'The moderation account is no longer a support account of this site.' };
  }
  if (!row.sealed) {
    return {
      state: 'off',
      why: `The moderation account ${row.name} has no application password stored, so BM Desk cannot write as it.`,
    };
  }
  return { state: 'ready', accountId: row.id, name: row.name, bmUserId: row.bmUserId };
}
