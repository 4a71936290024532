/**
 * A site's support accounts and the per-site triage settings. The application password of a
 * support account is sealed like the site's own and never selected for a page; only
 * `supportAccountClient` unseals it, to call the site as that user.
 */
import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { BmClient } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { isLegacySeal, rebindLegacySeal, seal, unseal, type SealBinding } from '@/lib/infra/secrets/seal';
import { openSite, siteOf, type OpenedSite, type SiteRef } from '@/lib/services/sites/open-site';
import { forgetCatchUp } from './catch-up';
import { DEFAULT_TARGET_MINUTES } from './constants';
import { supportAccounts as sa, triageSettings } from './schema';

export type SupportAccount = {
  id: number;
  siteId: number;
  bmUserId: number;
  username: string;
  name: string;
  /** Whether BM Desk can reply as this account (a sealed application password is stored). */
  canReply: boolean;
};

const publicColumns = {
  id: sa.id,
  siteId: sa.siteId,
  bmUserId: sa.bmUserId,
  username: sa.username,
  name: sa.name,
  canReply: sql<boolean>`${sa.sealedPassword} IS NOT NULL`,
};

export async function listSupportAccounts(siteId: number): Promise<SupportAccount[]> {
  const db = await getDb();
  return db.select(publicColumns).from(sa).where(eq(sa.siteId, siteId)).orderBy(asc(sa.name), asc(sa.id));
}

export async function getSupportAccount(siteId: number, id: number): Promise<SupportAccount | null> {
  const db = await getDb();
  const [row] = await db
    .select(publicColumns)
    .from(sa)
    .where(and(eq(sa.siteId, siteId), eq(sa.id, id)));
  return row ?? null;
}

const meSchema = z.looseObject({ id: z.number(), name: z.string() });

/** A support account's password is sealed to its site's origin, like the site's own. */
function supportBinding(siteUrl: string): SealBinding {
  return { purpose: 'support-account-password', origin: siteUrl };
}

/**
 * Checks an application password against the site before it is stored: it must sign in, and
 * as the WordPress user chosen (so a password cannot make BM Desk speak as someone else).
 */
async function verifyPassword(site: OpenedSite, username: string, appPassword: string, bmUserId: number) {
  const client = site.clientAs({ username, appPassword }, { maxRetries: 1 });
  let me;
  try {
    me = await client.request({ method: 'GET', route: '/wp/v2/users/me', schema: meSchema });
  } catch {
    throw new ActionRefusal(
      'The site did not accept this username and application password.',
      'support-password-refused',
      { appPassword: ['The site did not accept it.'] },
    );
  }
  if (me.id !== bmUserId) {
    throw new ActionRefusal(
      `This application password signs in as WordPress user #${me.id}, not #${bmUserId}.`,
      'support-password-mismatch',
      { appPassword: ['It belongs to another WordPress user.'] },
    );
  }
}

/** `site`: the site as the caller opened it (enrolling whitelists with it next). */
export async function saveSupportAccount(
  input: {
    siteId: number;
    bmUserId: number;
    username: string;
    name: string;
    /** Undefined keeps the stored one; '' removes it (replying off). */
    appPassword?: string;
  },
  site?: OpenedSite,
): Promise<void> {
  const opened = site ?? (await openSite(input.siteId));
  if (input.appPassword) {
    await verifyPassword(opened, input.username, input.appPassword, input.bmUserId);
  }
  const sealed =
    input.appPassword === undefined
      ? undefined
      : input.appPassword === ''
        ? null
        : seal(input.appPassword, supportBinding(opened.url));
  const db = await getDb();
  await db
    .insert(sa)
    .values({
      siteId: input.siteId,
      bmUserId: input.bmUserId,
      username: input.username,
      name: input.name,
      sealedPassword: sealed ?? null,
    })
    .onConflictDoUpdate({
      target: [sa.siteId, sa.bmUserId],
      set: {
        username: input.username,
        name: input.name,
        ...(sealed !== undefined ? { sealedPassword: sealed } : {}),
      },
    });
  await forgetCatchUp(input.siteId);
}

export async function removeSupportAccount(siteId: number, id: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .delete(sa)
    .where(and(eq(sa.siteId, siteId), eq(sa.id, id)))
    .returning({ id: sa.id });
  await forgetCatchUp(siteId);
  return rows.length > 0;
}

/**
 * Server-only: a client that calls the site as the support account (its own password, the
 * address and rest mode of the site's opening). Refuses when replying is off.
 */
export async function supportAccountClient(ref: SiteRef, id: number): Promise<BmClient> {
  const site = await siteOf(ref);
  const db = await getDb();
  const [row] = await db
    .select({ username: sa.username, name: sa.name, sealed: sa.sealedPassword })
    .from(sa)
    .where(and(eq(sa.siteId, site.id), eq(sa.id, id)));
  if (!row) throw new ActionRefusal('That support account is not set up on this site.', 'no-support-account');
  if (!row.sealed) {
    throw new ActionRefusal(
      `Replying as ${row.name} is off: no application password is stored for it.`,
      'reply-off',
    );
  }
  // Sealed to the site's origin: a row moved behind BM Desk's back cannot be unsealed here.
  return site.clientAs({ username: row.username, appPassword: unseal(row.sealed, supportBinding(site.url)) });
}

/**
 * When a site's address moves to another origin, its support accounts' passwords (sealed to the
 * old origin) can no longer be used: they are dropped, and replying is off until entered again.
 */
export async function dropSupportPasswords(siteId: number): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(sa)
    .set({ sealedPassword: null })
    .where(and(eq(sa.siteId, siteId), sql`${sa.sealedPassword} IS NOT NULL`))
    .returning({ id: sa.id });
  return rows.length;
}

/** Once, at start: support passwords sealed before origin binding are bound to their site's origin. */
export async function rebindLegacySupportPasswords(): Promise<number> {
  const db = await getDb();
  const rows = await db
    .select({ id: sa.id, url: sites.url, sealed: sa.sealedPassword })
    .from(sa)
    .innerJoin(sites, eq(sites.id, sa.siteId));
  let rebound = 0;
  for (const row of rows) {
    if (!row.sealed || !isLegacySeal(row.sealed)) continue;
    const next = rebindLegacySeal(row.sealed, supportBinding(row.url));
    await db
      .update(sa)
      .set({ sealedPassword: next })
      .where(and(eq(sa.id, row.id), eq(sa.sealedPassword, row.sealed)));
    rebound++;
  }
  return rebound;
}

export async function getTargetMinutes(siteId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ m: triageSettings.targetMinutes })
    .from(triageSettings)
    .where(eq(triageSettings.siteId, siteId));
  return row?.m ?? DEFAULT_TARGET_MINUTES;
}

export async function setTargetMinutes(siteId: number, minutes: number): Promise<void> {
  const db = await getDb();
  await db
    .insert(triageSettings)
    .values({ siteId, targetMinutes: minutes })
    .onConflictDoUpdate({
      target: triageSettings.siteId,
      set: { targetMinutes: minutes, updatedAt: new Date() },
    });
}
