/**
 * The reasons and notices actions on PGlite: admins add, edit, order, archive and restore reasons
 * and save the notice settings; bad input (huge strings, NUL bytes, numbers past 2^31, duplicate
 * codes, a broken ladder, another site's account) is answered field by field in words, never as a
 * failure; moderators are refused; warnings from the person page are strikes.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Member } from '@/lib/infra/auth/members';
import { createMember } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, sites } from '@/lib/infra/db/schema';
import { supportAccounts } from '@/lib/services/triage/schema';
import { listReasons } from './reasons';
import { moderationDecisions } from './schema';
import { getModerationSettings, noticeSender } from './settings';
import {
  archiveModerationReason,
  moveModerationReason,
  restoreModerationReason,
  saveModerationReason,
  saveNoticeSettings,
} from './settings-actions';
import { warnSiteUser } from './strike-actions';
import { listStrikes, suggestNextStep } from './strikes';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const tag = `notices-${process.pid}-${Date.now()}`;
let siteId = 0;
let otherSiteId = 0;
let admin: Member;
let moderator: Member;

async function newSite(name: string) {
  const db = await getDb();
  const [site] = await db
    .insert(sites)
    .values({ slug: `${tag}-${name}`, name, url: 'https://notices.test', username: 'a', sealedPassword: 'x' })
    .returning({ id: sites.id });
  return site!.id;
}

const reason = (over: Record<string, unknown> = {}) => ({
  siteId,
  code: 'doxxing',
  title: 'Sharing private details',
  memberText: 'You shared another member’s private details.',
  notify: 'on',
  ground: 'terms',
  ...over,
});

const settings = (over: Record<string, unknown> = {}) => ({
  siteId,
  moderationAccountId: '',
  appealDays: '14',
  strikeDays: '90',
  ladder: JSON.stringify([
    { action: 'warning', minutes: null },
    { action: 'mute', minutes: 1440 },
  ]),
  reporterFeedback: 'on',
  reporterTextActed: 'We acted on it.',
  reporterTextKept: '',
  ...over,
});

beforeAll(async () => {
  siteId = await newSite('a');
  otherSiteId = await newSite('b');
  const make = (role: Member['role'], n: string) =>
    createMember({
      email: `${tag}-${n}@example.test`,
      name: `Notices ${n}`,
      password: 'a-long-password-1',
      role,
    });
  admin = await make('admin', 'admin');
  moderator = await make('moderator', 'mod');
});

describe('reasons', () => {
  it('adds, edits, orders, archives and restores a reason', async () => {
    current.member = admin;
    const added = await saveModerationReason(reason());
    expect(added).toMatchObject({ ok: true });
    const reasonId = (added as { data: { reasonId: number } }).data.reasonId;
    let list = await listReasons(siteId, { includeArchived: true });
    expect(list.at(-1)).toMatchObject({ id: reasonId, code: 'doxxing', notify: true, ground: 'terms' });

    const edited = await saveModerationReason(
      reason({
        reasonId: String(reasonId),
        title: '  Doxxing  ',
        notify: undefined,
        ground: 'law',
        groundReference: 'Privacy Act s. 3',
      }),
    );
    expect(edited.ok).toBe(true);
    list = await listReasons(siteId, { includeArchived: true });
    expect(list.at(-1)).toMatchObject({
      title: 'Doxxing',
      notify: false,
      ground: 'law',
      groundReference: 'Privacy Act s. 3',
    });

    expect((await moveModerationReason({ siteId, reasonId, direction: 'up' })).ok).toBe(true);
    list = await listReasons(siteId);
    expect(list.at(-2)!.id).toBe(reasonId);

    expect((await archiveModerationReason({ siteId, reasonId })).ok).toBe(true);
    expect((await listReasons(siteId)).map((r) => r.id)).not.toContain(reasonId);
    expect((await listReasons(siteId, { includeArchived: true })).map((r) => r.id)).toContain(reasonId);
    expect((await restoreModerationReason({ siteId, reasonId })).ok).toBe(true);
    expect((await listReasons(siteId)).map((r) => r.id)).toContain(reasonId);
  });

  it('answers bad input field by field, in words', async () => {
    current.member = admin;
    const huge = 'x'.repeat(100 * 1024);
    const r1 = await saveModerationReason(reason({ code: 'ok', title: huge, memberText: 'a\u0000b' }));
    expect(r1).toMatchObject({ ok: false, code: 'invalid-input' });
    const f1 = (r1 as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(f1.title).toContain('At most 120 characters.');
    expect(f1.memberText).toContain('Remove the NUL characters (\\0) from it.');

    const r2 = await saveModerationReason(reason({ code: 'has space', title: '', ground: 'vibes' }));
    const f2 = (r2 as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(f2.code![0]).toMatch(/Letters, digits/);
    expect(f2.title).toContain('Enter a title.');
    expect(f2.ground).toEqual(['Choose the site’s terms or the law.']);

    // Codes are unique per site whatever their case (the defaults count).
    const dup = await saveModerationReason(reason({ code: 'SPAM' }));
    expect(dup).toMatchObject({ ok: false, code: 'duplicate-code' });
    expect((dup as { fieldErrors: Record<string, string[]> }).fieldErrors.code).toEqual([
      'Another reason already uses this code.',
    ]);
    // Another site may use it.
    expect((await saveModerationReason(reason({ siteId: otherSiteId, code: 'doxxing' }))).ok).toBe(true);

    const far = await saveModerationReason(reason({ reasonId: String(2 ** 31), code: 'far' }));
    expect(far).toMatchObject({ ok: false, code: 'invalid-input' });
    const gone = await archiveModerationReason({ siteId, reasonId: 2 ** 31 - 1 });
    expect(gone).toMatchObject({ ok: false, code: 'not-found' });
    // Another site's reason is not this site's.
    const theirs = (await listReasons(otherSiteId))[0]!.id;
    expect(await archiveModerationReason({ siteId, reasonId: theirs })).toMatchObject({
      ok: false,
      code: 'not-found',
    });
  });

  it('refuses moderators', async () => {
    current.member = moderator;
    expect(await saveModerationReason(reason({ code: 'modcode' }))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await saveNoticeSettings(settings())).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('notice settings', () => {
  it('saves the settings, and a moderation account without a password turns notices off with why', async () => {
    current.member = admin;
    const db = await getDb();
    const [account] = await db
      .insert(supportAccounts)
      .values({ siteId, bmUserId: 77, username: 'mods', name: 'Mod Team', sealedPassword: null })
      .returning({ id: supportAccounts.id });
    const r = await saveNoticeSettings(
      settings({ moderationAccountId: String(account!.id), appealDays: '30' }),
    );
    expect(r).toEqual({ ok: true, data: null });
    const saved = await getModerationSettings(siteId);
    expect(saved).toMatchObject({
      moderationAccountId: account!.id,
      appealDays: 30,
      strikeDays: 90,
      reporterFeedback: true,
      reporterTextActed: 'We acted on it.',
    });
    expect(saved.ladder).toEqual([
      { action: 'warning', minutes: null },
      { action: 'mute', minutes: 1440 },
    ]);
    // Empty text: the shipped one.
    expect(saved.reporterTextKept).toMatch(/^Thanks for your report/);
    expect(await noticeSender(siteId)).toEqual({
      state: 'off',
      why: 'The moderation account Mod Team has no application password stored, so BM Desk cannot write as it.',
    });
  });

  it('answers bad settings field by field', async () => {
    current.member = admin;
    const bad = await saveNoticeSettings(
      settings({
        appealDays: String(2 ** 31),
        strikeDays: '1.5',
        ladder: JSON.stringify([{ action: 'warning', minutes: 60 }]),
        reporterTextActed: 'x'.repeat(100 * 1024),
      }),
    );
    expect(bad).toMatchObject({ ok: false, code: 'invalid-input' });
    const f = (bad as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(f.appealDays).toEqual(['Between 1 and 365 days.']);
    expect(f.strikeDays).toEqual(['Whole days only.']);
    expect(f.ladder).toEqual(['Step 1: a warning has no duration.']);
    expect(f.reporterTextActed).toEqual(['At most 2,000 characters.']);

    for (const [ladder, words] of [
      ['not json', 'Send the ladder as a list of steps.'],
      ['[]', 'The ladder needs at least one step.'],
      [JSON.stringify([{ action: 'shame', minutes: null }]), 'Choose a step.'],
      [
        JSON.stringify([{ action: 'mute', minutes: 2 ** 40 }]),
        'Step 1: the duration must be between 1 minute and 3650 days.',
      ],
    ] as const) {
      const r = await saveNoticeSettings(settings({ ladder }));
      expect(r, ladder).toMatchObject({ ok: false });
      expect(JSON.stringify((r as { fieldErrors: unknown }).fieldErrors), ladder).toContain(words);
    }
    expect(
      ((await saveNoticeSettings(settings({ appealDays: '0' }))) as { fieldErrors: Record<string, string[]> })
        .fieldErrors.appealDays,
    ).toEqual(['Between 1 and 365 days.']);

    // Another site's support account is not a moderation account here.
    const db = await getDb();
    const [theirs] = await db
      .insert(supportAccounts)
      .values({ siteId: otherSiteId, bmUserId: 5, username: 'x', name: 'Theirs' })
      .returning({ id: supportAccounts.id });
    const wrong = await saveNoticeSettings(settings({ moderationAccountId: String(theirs!.id) }));
    expect(wrong).toMatchObject({ ok: false, code: 'not-support-account' });
    expect(await saveNoticeSettings(settings({ moderationAccountId: String(2 ** 31) }))).toMatchObject({
      ok: false,
      code: 'invalid-input',
    });
    // Nothing bad was stored.
    expect((await getModerationSettings(siteId)).appealDays).toBe(30);
  });
});

describe('warnings', () => {
  it('records a warning as a strike, told or not, and moves the ladder on', async () => {
    current.member = moderator;
    const harassment = (await listReasons(siteId)).find((r) => r.code === 'harassment')!.id;
    expect(await warnSiteUser({ siteId, bmUserId: 31 })).toMatchObject({ ok: false, code: 'no-reason' });
    const r = await warnSiteUser({ siteId, bmUserId: 31, reasonId: String(harassment), reason: 'Stop it.' });
    expect(r).toMatchObject({ ok: true, data: { notice: { status: 'off' } } });
    const [strike] = await listStrikes(siteId, 31);
    expect(strike).toMatchObject({
      kind: 'warning',
      reasonTitle: 'Harassment',
      freeText: 'Stop it.',
      who: 'Notices mod',
    });
    expect((await suggestNextStep(siteId, 31)).label).toBe('Mute 1 day');
    // The decision points at the audit row of the call that took it.
    const [row] = await (
      await getDb()
    )
      .select({ auditId: moderationDecisions.auditId })
      .from(moderationDecisions)
      .where(eq(moderationDecisions.id, strike!.decisionId));
    const [audit] = await (await getDb()).select().from(auditLog).where(eq(auditLog.id, row!.auditId!));
    expect(audit).toMatchObject({ action: 'warnSiteUser' });
    current.member = { ...moderator, role: 'support' };
    expect(await warnSiteUser({ siteId, bmUserId: 31, reason: 'x' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });
});
