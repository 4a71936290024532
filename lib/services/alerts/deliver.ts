/**
 * Delivering alerts by e-mail and webhook, in a loop of its own: never in the sync's path or a
 * decision's. Each pass claims the deliveries that are due (SKIP LOCKED, so several processes
 * share the work), sends them with short timeouts, and records the outcome: sent, or retried with
 * backoff (attempts, last error) until it gives up ('failed').
 *
 * Rate limit and digest: a member gets at most one e-mail per `digestMinutes`; alerts that fire
 * in between wait and go together as one digest at the end of the window (the others are marked
 * 'digested', pointing at the delivery that carried them). The site's webhook is paced the same
 * way (`webhookGapMs`).
 */
import 'server-only';
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import net from 'node:net';
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { fetch } from 'undici';
import { createGuardedAgent, isBlockedAddress } from '@/lib/infra/better-messages/address-guard';
import { getDb } from '@/lib/infra/db/client';
import { members, sites } from '@/lib/infra/db/schema';
import { alertDeliveries as d, alerts, memberAlertPrefs } from './schema';
import { mailServer, webhookOf, type MailServer } from './settings';

export type DeliverOptions = {
  /** Per connection step (connect, greeting, each reply); an SMTP server or webhook slower than this fails. */
  timeoutMs?: number;
  /** Attempts before a delivery gives up. */
  maxAttempts?: number;
  /** The first retry waits this long; each next one twice as long (at most an hour). */
  backoffBaseMs?: number;
  /** Least time between two posts to one site's webhook. */
  webhookGapMs?: number;
  /** Deliveries claimed per pass. */
  batch?: number;
};

export const DELIVERY_DEFAULTS: Required<DeliverOptions> = {
  timeoutMs: 10_000,
  maxAttempts: 5,
  backoffBaseMs: 60_000,
  webhookGapMs: 60_000,
  batch: 50,
};

export type DeliveryPass = {
  sent: number;
  retried: number;
  failed: number;
  digested: number;
  waiting: number;
};

type Claimed = {
  id: number;
  alertId: number;
  channel: 'in-app' | 'email' | 'webhook';
  memberId: number | null;
  attempts: number;
  siteId: number;
};

export type AlertText = {
  id: number;
  siteId: number;
  siteName: string;
  siteSlug: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
};

/** Error text kept on the delivery: one line, short, and never the mail password. */
function errorText(e: unknown, secrets: (string | null | undefined)[] = []): string {
  let text = e instanceof Error ? e.message : String(e);
  // undici says "fetch failed" and keeps the reason in `cause`.
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : null;
  if (cause && !text.includes(cause)) text = `${text}: ${cause}`;
  if (e instanceof Error && e.name === 'TimeoutError') text = `No answer within the timeout (${text})`;
  for (const s of secrets) if (s) text = text.split(s).join('***');
  return text.replace(/\s+/g, ' ').slice(0, 500);
}

function backoff(attempts: number, o: Required<DeliverOptions>): number {
  return Math.min(3_600_000, o.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
}

async function alertTexts(ids: number[]): Promise<AlertText[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  return db
    .select({
      id: alerts.id,
      siteId: alerts.siteId,
      siteName: sites.name,
      siteSlug: sites.slug,
      kind: alerts.kind,
      title: alerts.title,
      body: alerts.body,
      link: alerts.link,
      payload: alerts.payload,
      createdAt: alerts.createdAt,
    })
    .from(alerts)
    .innerJoin(sites, eq(sites.id, alerts.siteId))
    .where(inArray(alerts.id, ids))
    .orderBy(asc(alerts.createdAt), asc(alerts.id));
}

// ---------------------------------------------------------------- e-mail

/** The server's addresses, refused when any is link-local or cloud metadata (as for sites). */
async function safeHost(host: string): Promise<string> {
  const addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true })).map((a) => a.address);
  const blocked = addresses.find(isBlockedAddress);
  if (blocked)
    throw new Error(`Refusing to connect to ${blocked}: link-local and cloud metadata addresses are blocked`);
  if (!addresses[0]) throw new Error(`${host} has no address`);
  return addresses[0];
}

export type MailMessage = { to: string; subject: string; text: string };

/** Sends one e-mail through the desk's mail server (connecting to the checked address, TLS named by host). */
export async function sendMail(server: MailServer, message: MailMessage, timeoutMs: number): Promise<void> {
  const address = await safeHost(server.host);
  const transport = nodemailer.createTransport({
    host: address,
    port: server.port,
    secure: server.secure,
    auth: server.username ? { user: server.username, pass: server.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    tls: net.isIP(server.host) ? undefined : { servername: server.host },
    name: 'bmdesk.local',
  });
  try {
    await transport.sendMail({
      from: server.fromAddress,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
  } finally {
    transport.close();
  }
}

function alertLines(a: AlertText): string {
  return [
    a.title,
    a.body,
    a.link ? `Open in BM Desk: ${a.link}` : '',
    `${a.siteName} · ${a.createdAt.toISOString()}`,
  ]
    .filter(Boolean)
    .join('\n');
}

export function mailFor(list: AlertText[]): { subject: string; text: string } {
  if (list.length === 1) {
    const a = list[0]!;
    return {
      subject: `[BM Desk] ${a.title}`,
      text: `${alertLines(a)}\n\n— BM Desk alerts (change your channels on your account page)\n`,
    };
  }
  const sitesNamed = [...new Set(list.map((a) => a.siteName))].join(', ');
  return {
    subject: `[BM Desk] ${list.length} alerts on ${sitesNamed}`,
    text: `${list.length} alerts fired together:\n\n${list.map((a, i) => `${i + 1}. ${alertLines(a)}`).join('\n\n')}\n\n— BM Desk alerts (change your channels on your account page)\n`,
  };
}

// ---------------------------------------------------------------- webhook

const agent = createGuardedAgent({ connectTimeoutMs: DELIVERY_DEFAULTS.timeoutMs });

function alertJson(a: AlertText) {
  return {
    id: a.id,
    kind: a.kind,
    title: a.title,
    body: a.body,
    link: a.link,
    site: { id: a.siteId, name: a.siteName, slug: a.siteSlug },
    createdAt: a.createdAt.toISOString(),
    payload: a.payload,
  };
}

/** Slack reads `text`, Discord `content` (2,000 characters at most); `alert`/`alerts` are for code. */
export function webhookBody(list: AlertText[]) {
  const text =
    list.length === 1
      ? `${list[0]!.title}\n${list[0]!.body}`.trim()
      : `${list.length} alerts:\n${list.map((a) => `• ${a.title}`).join('\n')}`;
  return { text, content: text.slice(0, 2000), alert: alertJson(list[0]!), alerts: list.map(alertJson) };
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signature(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

export async function postWebhook(url: string, secret: string | null, list: AlertText[], timeoutMs: number) {
  const body = JSON.stringify(webhookBody(list));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'BM-Desk-Alerts',
  };
  if (secret) headers['x-bmdesk-signature'] = signature(secret, body);
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    dispatcher: agent,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`The webhook answered ${res.status}`);
}

// ---------------------------------------------------------------- the pass

async function claim(o: Required<DeliverOptions>): Promise<Claimed[]> {
  const db = await getDb();
  // Held while being sent: another process (or pass) skips it until the lease ends.
  const lease = new Date(Date.now() + o.timeoutMs * 4 + 5_000);
  const result = await db.execute(sql`
    UPDATE ${d} SET next_attempt_at = ${lease.toISOString()}::timestamptz
    FROM ${alerts}
    WHERE ${alerts.id} = ${d.alertId} AND ${d.id} IN (
      SELECT id FROM ${d} WHERE status = 'pending' AND channel <> 'in-app' AND next_attempt_at <= now()
      ORDER BY next_attempt_at, id LIMIT ${o.batch} FOR UPDATE SKIP LOCKED)
    RETURNING ${d.id} AS id, ${d.alertId} AS alert_id, ${d.channel} AS channel, ${d.memberId} AS member_id, ${d.attempts} AS attempts, ${alerts.siteId} AS site_id`);
  type Row = {
    id: string;
    alert_id: string;
    channel: Claimed['channel'];
    member_id: number | null;
    attempts: number;
    site_id: number;
  };
  return (result as unknown as { rows: Row[] }).rows.map((r) => ({
    id: Number(r.id),
    alertId: Number(r.alert_id),
    channel: r.channel,
    memberId: r.member_id,
    attempts: r.attempts,
    siteId: r.site_id,
  }));
}

/** The other pending deliveries of the same recipient (to go in one digest), claimed too. */
async function companions(first: Claimed): Promise<Claimed[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: d.id,
      alertId: d.alertId,
      channel: d.channel,
      memberId: d.memberId,
      attempts: d.attempts,
      siteId: alerts.siteId,
    })
    .from(d)
    .innerJoin(alerts, eq(alerts.id, d.alertId))
    .where(
      and(
        eq(d.status, 'pending'),
        eq(d.channel, first.channel),
        first.channel === 'email'
          ? eq(d.memberId, first.memberId!)
          : and(isNull(d.memberId), eq(alerts.siteId, first.siteId)),
      ),
    )
    .orderBy(asc(d.id))
    .limit(100);
  return rows;
}

/** When the recipient may next be sent to (rate limit), or null when now. */
async function holdUntil(c: Claimed, o: Required<DeliverOptions>): Promise<Date | null> {
  const db = await getDb();
  let gapMs: number;
  if (c.channel === 'email') {
    const [p] = await db
      .select({ m: memberAlertPrefs.digestMinutes })
      .from(memberAlertPrefs)
      .where(eq(memberAlertPrefs.memberId, c.memberId!));
    gapMs = (p?.m ?? 10) * 60_000;
  } else gapMs = o.webhookGapMs;
  if (gapMs <= 0) return null;
  const [last] = await db
    .select({ at: d.sentAt })
    .from(d)
    .innerJoin(alerts, eq(alerts.id, d.alertId))
    .where(
      and(
        eq(d.status, 'sent'),
        eq(d.channel, c.channel),
        isNotNull(d.sentAt),
        c.channel === 'email'
          ? eq(d.memberId, c.memberId!)
          : and(isNull(d.memberId), eq(alerts.siteId, c.siteId)),
      ),
    )
    .orderBy(desc(d.sentAt))
    .limit(1);
  if (!last?.at) return null;
  const next = last.at.getTime() + gapMs;
  return next > Date.now() ? new Date(next) : null;
}

async function setStatus(ids: number[], values: Partial<typeof d.$inferInsert>) {
  if (ids.length === 0) return;
  const db = await getDb();
  await db.update(d).set(values).where(inArray(d.id, ids));
}

/** One pass: sends what is due; never throws for a delivery's failure. */
export async function deliverDue(options: DeliverOptions = {}): Promise<DeliveryPass> {
  const o = { ...DELIVERY_DEFAULTS, ...options };
  const pass: DeliveryPass = { sent: 0, retried: 0, failed: 0, digested: 0, waiting: 0 };
  const claimed = await claim(o);
  const done = new Set<number>();
  let server: MailServer | null | undefined;
  for (const c of claimed) {
    if (done.has(c.id)) continue;
    const hold = await holdUntil(c, o);
    if (hold) {
      // Rate limited: it waits (not an attempt) and goes in the digest at the window's end.
      await setStatus([c.id], { nextAttemptAt: hold });
      pass.waiting++;
      continue;
    }
    const group = [c, ...(await companions(c)).filter((x) => x.id !== c.id)];
    group.forEach((x) => done.add(x.id));
    const list = await alertTexts(group.map((x) => x.alertId));
    const rest = group.slice(1).map((x) => x.id);
    let secrets: (string | null)[] = [];
    try {
      if (c.channel === 'email') {
        server ??= await mailServer();
        if (!server) throw new Error('No mail server is set (Alerts → Mail server).');
        secrets = [server.password];
        const db = await getDb();
        const [to] = await db
          .select({ email: members.email, disabled: members.disabled })
          .from(members)
          .where(eq(members.id, c.memberId!));
        if (!to || to.disabled) {
          await setStatus(
            group.map((x) => x.id),
            { status: 'failed', lastError: 'The member is disabled or gone.' },
          );
          pass.failed += group.length;
          continue;
        }
        await sendMail(server, { to: to.email, ...mailFor(list) }, o.timeoutMs);
      } else if (c.channel === 'webhook') {
        const hook = await webhookOf(c.siteId);
        if (!hook) {
          await setStatus(
            group.map((x) => x.id),
            { status: 'failed', lastError: 'The site has no webhook any more.' },
          );
          pass.failed += group.length;
          continue;
        }
        secrets = [hook.secret];
        await postWebhook(hook.url, hook.secret, list, o.timeoutMs);
      }
      const now = new Date();
      await setStatus([c.id], { status: 'sent', sentAt: now, attempts: c.attempts + 1, lastError: null });
      await setStatus(rest, { status: 'digested', sentAt: now, digestOf: c.id });
      pass.sent++;
      pass.digested += rest.length;
    } catch (e) {
      const attempts = c.attempts + 1;
      const lastError = errorText(e, secrets);
      if (attempts >= o.maxAttempts) {
        await setStatus([c.id], { status: 'failed', attempts, lastError });
        pass.failed++;
      } else {
        await setStatus([c.id], {
          attempts,
          lastError,
          nextAttemptAt: new Date(Date.now() + backoff(attempts, o)),
        });
        pass.retried++;
      }
      // The others were not tried: they stay pending, due with the retry.
      if (rest.length) await setStatus(rest, { nextAttemptAt: new Date(Date.now() + backoff(attempts, o)) });
    }
  }
  return pass;
}
