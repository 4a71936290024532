import 'server-only';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { signInAttempts } from '@/lib/infra/db/schema';
import { env } from '@/lib/infra/env';

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMinutes: number };

/** Failed sign-ins are counted per account and per client address over a sliding window. */
export async function checkSignInThrottle(email: string, ip: string): Promise<ThrottleVerdict> {
  const { BMDESK_SIGNIN_MAX_PER_ACCOUNT, BMDESK_SIGNIN_MAX_PER_IP, BMDESK_SIGNIN_WINDOW_MINUTES } = env();
  const since = new Date(Date.now() - BMDESK_SIGNIN_WINDOW_MINUTES * 60_000);
  const db = await getDb();
  const rows = await db
    .select({
      key: signInAttempts.key,
      n: sql<number>`count(*)::int`,
      oldest: sql<Date>`min(${signInAttempts.at})`,
    })
    .from(signInAttempts)
    .where(and(inArray(signInAttempts.key, [accountKey(email), ipKey(ip)]), gt(signInAttempts.at, since)))
    .groupBy(signInAttempts.key);
  for (const row of rows) {
    const limit = row.key.startsWith('ip:') ? BMDESK_SIGNIN_MAX_PER_IP : BMDESK_SIGNIN_MAX_PER_ACCOUNT;
    if (row.n >= limit) {
      const freesAt = new Date(row.oldest).getTime() + BMDESK_SIGNIN_WINDOW_MINUTES * 60_000;
      return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil((freesAt - Date.now()) / 60_000)) };
    }
  }
  return { allowed: true };
}

export async function recordFailedSignIn(email: string, ip: string): Promise<void> {
  const db = await getDb();
  await db.insert(signInAttempts).values([{ key: accountKey(email) }, { key: ipKey(ip) }]);
}

export async function clearAccountFailures(email: string): Promise<void> {
  const db = await getDb();
  await db.delete(signInAttempts).where(eq(signInAttempts.key, accountKey(email)));
}
