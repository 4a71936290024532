/**
 * Delivery against real receivers started here: an SMTP server (smtp-server, with a login) that
 * keeps what it is sent, an HTTP webhook receiver that checks the signature, a server that
 * accepts connections and never answers. Digest, rate limit, retries with backoff, giving up.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMember, type Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { insertSite } from '@/lib/services/sites/queries';
import { deliverDue as deliverAll, signature } from './deliver';
import { raiseAlert } from './raise';
import { alertDeliveries, alerts, mailSettings } from './schema';
import { saveAlertPrefs, saveMailSettings, saveWebhook } from './settings';

type Mail = { to: string[]; raw: string };
const mails: Mail[] = [];
const hooks: { headers: http.IncomingHttpHeaders; body: string; valid: boolean }[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let receiver: http.Server;
let hookUrl: string;
let hookStatus = 200;
let blackhole: net.Server;
let blackholePort: number;
const held: net.Socket[] = [];
const HOOK_SECRET = 'whsec-test-0123456789';
const MAIL_PASSWORD = 'mail-pass-never-logged';

let siteId: number;
let mailer: Member;
const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
const quick = { timeoutMs: 1_500, backoffBaseMs: 100, webhookGapMs: 0, maxAttempts: 3 };

/** The decoded text part of a raw message (quoted-printable soft breaks and escapes undone). */
function textOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
function header(raw: string, name: string): string {
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim() ?? '';
}

/**
 * One delivery pass. On a shared PostgreSQL, other files raise alerts for every member (ours
 * too): their pending e-mails to our member are set aside first, so they do not ride in our digests.
 */
async function deliverDue(options: Parameters<typeof deliverAll>[0]) {
  const db = await getDb();
  await db
    .update(alertDeliveries)
    .set({ status: 'failed', lastError: 'another test file' })
    .where(
      and(
        eq(alertDeliveries.status, 'pending'),
        eq(alertDeliveries.memberId, mailer.id),
        inArray(
          alertDeliveries.alertId,
          db.select({ id: alerts.id }).from(alerts).where(ne(alerts.siteId, siteId)),
        ),
      ),
    );
  return deliverAll(options);
}

async function ourDeliveries(alertIds: number[]) {
  const db = await getDb();
  return db.select().from(alertDeliveries).where(inArray(alertDeliveries.alertId, alertIds));
}

beforeAll(async () => {
  smtp = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'alerts' && auth.password === MAIL_PASSWORD) cb(null, { user: 'alerts' });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const sig = String(req.headers['x-bmdesk-signature'] ?? '');
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
      const expected = m && crypto.createHmac('sha256', HOOK_SECRET).update(`${m[1]}.${body}`).digest('hex');
      const fresh = m && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
      const valid = Boolean(m && fresh && crypto.timingSafeEqual(Buffer.from(expected!), Buffer.from(m[2]!)));
      hooks.push({ headers: req.headers, body, valid });
      res.writeHead(valid ? hookStatus : 401).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  // Accepts, then never says a word (an SMTP server that hangs).
  blackhole = net.createServer((s) => held.push(s));
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
  blackholePort = (blackhole.address() as AddressInfo).port;

  siteId = (
    await insertSite({
      name: `Deliver ${stamp}`,
      url: 'https://deliver.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
  mailer = await createMember({
    email: `mailer-${stamp}@t.test`,
    name: 'Mae Mailer',
    password: 'x'.repeat(14),
    role: 'admin',
  });
  await saveAlertPrefs(mailer.id, { inApp: true, email: true, digestMinutes: 0 });
});

afterAll(async () => {
  held.forEach((s) => s.destroy());
  await new Promise((r) => blackhole.close(r));
  await new Promise((r) => receiver.close(r));
  await new Promise<void>((r) => smtp.close(() => r()));
});

beforeEach(async () => {
  mails.length = 0;
  hooks.length = 0;
  hookStatus = 200;
  await saveMailSettings({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    username: 'alerts',
    password: MAIL_PASSWORD,
    fromAddress: 'alerts@bmdesk.test',
  });
});

describe('e-mail', () => {
  it('reaches a real SMTP server with the member as To and the alert as subject and text', async () => {
    const a = await raiseAlert({
      siteId,
      kind: 'waiting',
      key: `mail-${stamp}`,
      title: '3 reported messages waiting over 60 minutes',
      body: 'The oldest has waited about 2 hours.',
      link: '/deliver/reports?item=7',
    });
    const pass = await deliverDue(quick);
    expect(pass.sent).toBeGreaterThanOrEqual(1);
    const mail = mails.find((m) => m.to.includes(mailer.email));
    expect(mail).toBeDefined();
    expect(header(mail!.raw, 'To')).toBe(mailer.email);
    expect(header(mail!.raw, 'From')).toBe('alerts@bmdesk.test');
    expect(header(mail!.raw, 'Subject')).toBe('[BM Desk] 3 reported messages waiting over 60 minutes');
    const text = textOf(mail!.raw);
    expect(text).toContain('The oldest has waited about 2 hours.');
    expect(text).toContain('/deliver/reports?item=7');
    expect(text).not.toContain(MAIL_PASSWORD);
    const [row] = (await ourDeliveries([a.id])).filter(
      (r) => r.channel === 'email' && r.memberId === mailer.id,
    );
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('several alerts pending for one member go as one digest; the others are marked digested', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 3; i++) {
      ids.push(
        (await raiseAlert({ siteId, kind: 'rule', key: `digest-${stamp}-${i}`, title: `Rule fired ${i}` }))
          .id,
      );
    }
    await deliverDue(quick);
    const mine = mails.filter((m) => m.to.includes(mailer.email));
    expect(mine).toHaveLength(1);
    expect(header(mine[0]!.raw, 'Subject')).toBe(`[BM Desk] 3 alerts on Deliver ${stamp}`);
    const text = textOf(mine[0]!.raw);
    for (let i = 1; i <= 3; i++) expect(text).toContain(`Rule fired ${i}`);
    const rows = (await ourDeliveries(ids)).filter((r) => r.channel === 'email' && r.memberId === mailer.id);
    expect(rows.map((r) => r.status).sort()).toEqual(['digested', 'digested', 'sent']);
    const carrier = rows.find((r) => r.status === 'sent')!;
    expect(rows.filter((r) => r.status === 'digested').every((r) => r.digestOf === carrier.id)).toBe(true);
  });

  it('rate limit: within the digest window the next alerts wait and then go together', async () => {
    await saveAlertPrefs(mailer.id, { inApp: true, email: true, digestMinutes: 1 });
    // The e-mails of the tests above are long past.
    const db = await getDb();
    await db
      .update(alertDeliveries)
      .set({ sentAt: new Date(Date.now() - 600_000) })
      .where(eq(alertDeliveries.memberId, mailer.id));
    try {
      const first = await raiseAlert({ siteId, kind: 'rule', key: `rl-${stamp}-1`, title: 'First' });
      await deliverDue(quick);
      expect(mails.filter((m) => m.to.includes(mailer.email))).toHaveLength(1);
      const second = await raiseAlert({ siteId, kind: 'rule', key: `rl-${stamp}-2`, title: 'Second' });
      const third = await raiseAlert({ siteId, kind: 'rule', key: `rl-${stamp}-3`, title: 'Third' });
      const pass = await deliverDue(quick);
      expect(pass.waiting).toBeGreaterThanOrEqual(1);
      expect(mails.filter((m) => m.to.includes(mailer.email))).toHaveLength(1);
      const waiting = (await ourDeliveries([second.id, third.id])).filter(
        (r) => r.memberId === mailer.id && r.channel === 'email',
      );
      expect(waiting.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
      // The window ends (the first one's send time moved back a minute): both go as one digest.
      const [sent] = (await ourDeliveries([first.id])).filter(
        (r) => r.memberId === mailer.id && r.channel === 'email',
      );
      await db
        .update(alertDeliveries)
        .set({ sentAt: new Date(Date.now() - 61_000) })
        .where(eq(alertDeliveries.id, sent!.id));
      await db
        .update(alertDeliveries)
        .set({ nextAttemptAt: new Date() })
        .where(
          inArray(
            alertDeliveries.id,
            waiting.map((w) => w.id),
          ),
        );
      await deliverDue(quick);
      const mine = mails.filter((m) => m.to.includes(mailer.email));
      expect(mine).toHaveLength(2);
      expect(header(mine[1]!.raw, 'Subject')).toContain('2 alerts');
    } finally {
      await saveAlertPrefs(mailer.id, { inApp: true, email: true, digestMinutes: 0 });
    }
  });

  it('a server that never answers: the pass ends at the timeout, the delivery is retried with backoff, then gives up', async () => {
    await saveMailSettings({
      host: '127.0.0.1',
      port: blackholePort,
      secure: false,
      username: 'alerts',
      password: MAIL_PASSWORD,
      fromAddress: 'alerts@bmdesk.test',
    });
    const a = await raiseAlert({ siteId, kind: 'rule', key: `dead-${stamp}`, title: 'Into the void' });
    const row = async () =>
      (await ourDeliveries([a.id])).find((r) => r.memberId === mailer.id && r.channel === 'email')!;
    const started = performance.now();
    await deliverDue(quick);
    const took = performance.now() - started;
    expect(took).toBeLessThan(quick.timeoutMs * 3);
    let r = await row();
    expect(r.status).toBe('pending');
    expect(r.attempts).toBe(1);
    expect(r.lastError).toMatch(/time/i);
    expect(r.lastError).not.toContain(MAIL_PASSWORD);
    // Backoff: not due at once.
    expect(r.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    for (let i = 0; i < 2; i++) {
      const db = await getDb();
      await db.update(alertDeliveries).set({ nextAttemptAt: new Date() }).where(eq(alertDeliveries.id, r.id));
      await deliverDue(quick);
    }
    r = await row();
    expect(r).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('a wrong password is a failure that names the server, never the password', async () => {
    await saveMailSettings({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      username: 'alerts',
      password: 'wrong-password-xyz',
      fromAddress: 'alerts@bmdesk.test',
    });
    await raiseAlert({ siteId, kind: 'rule', key: `auth-${stamp}`, title: 'Bad login' });
    await deliverDue(quick);
    // (On a shared PostgreSQL other files' alerts may ride in the same digest: look at the one tried.)
    const db = await getDb();
    const tried = await db
      .select()
      .from(alertDeliveries)
      .where(eq(alertDeliveries.memberId, mailer.id))
      .orderBy(desc(alertDeliveries.id));
    const r = tried.find((x) => x.channel === 'email' && x.status === 'pending' && x.attempts > 0);
    expect(r?.lastError).toMatch(/auth|invalid/i);
    expect(tried.some((x) => x.lastError?.includes('wrong-password-xyz'))).toBe(false);
  });

  it('a stored password is never read back by pages and is dropped when the server changes', async () => {
    const db = await getDb();
    const [row] = await db.select().from(mailSettings).where(eq(mailSettings.id, 1));
    expect(row!.sealedPassword).not.toContain(MAIL_PASSWORD);
    const kept = await saveMailSettings({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      username: 'alerts',
      password: undefined,
      fromAddress: 'alerts@bmdesk.test',
    });
    expect(kept.hasPassword).toBe(true);
    const moved = await saveMailSettings({
      host: 'elsewhere.example.test',
      port: smtpPort,
      secure: false,
      username: 'alerts',
      password: undefined,
      fromAddress: 'alerts@bmdesk.test',
    });
    expect(moved.hasPassword).toBe(false);
  });
});

describe('webhook', () => {
  it('posts Slack- and Discord-readable JSON with a signature the receiver verifies', async () => {
    await saveWebhook(siteId, hookUrl, HOOK_SECRET);
    try {
      const a = await raiseAlert({
        siteId,
        kind: 'spike',
        key: `hook-${stamp}`,
        title: '42 reports in the last hour',
        body: 'About 3 an hour is usual.',
        link: '/deliver/reports',
        payload: { lastHour: 42 },
      });
      await deliverDue(quick);
      expect(hooks).toHaveLength(1);
      expect(hooks[0]!.valid).toBe(true);
      expect(hooks[0]!.headers['content-type']).toBe('application/json');
      const json = JSON.parse(hooks[0]!.body) as Record<string, unknown>;
      expect(json.text).toBe('42 reports in the last hour\nAbout 3 an hour is usual.');
      expect(json.content).toBe(json.text);
      expect(json.alert).toMatchObject({
        id: a.id,
        kind: 'spike',
        title: '42 reports in the last hour',
        link: '/deliver/reports',
        site: { id: siteId, name: `Deliver ${stamp}` },
        payload: { lastHour: 42 },
      });
      expect((await ourDeliveries([a.id])).find((r) => r.channel === 'webhook')).toMatchObject({
        status: 'sent',
      });
    } finally {
      await saveWebhook(siteId, null, undefined);
    }
  });

  it('a receiver that refuses is retried; a link-local address is refused before connecting', async () => {
    await saveWebhook(siteId, hookUrl, HOOK_SECRET);
    hookStatus = 500;
    const a = await raiseAlert({ siteId, kind: 'rule', key: `hook500-${stamp}`, title: 'Refused' });
    await deliverDue(quick);
    let r = (await ourDeliveries([a.id])).find((x) => x.channel === 'webhook')!;
    expect(r).toMatchObject({ status: 'pending', attempts: 1, lastError: 'The webhook answered 500' });
    hookStatus = 200;
    const db = await getDb();
    await db.update(alertDeliveries).set({ nextAttemptAt: new Date() }).where(eq(alertDeliveries.id, r.id));
    await deliverDue(quick);
    r = (await ourDeliveries([a.id])).find((x) => x.channel === 'webhook')!;
    expect(r).toMatchObject({ status: 'sent', attempts: 2 });

    await saveWebhook(siteId, 'http://169.254.169.254/latest/meta-data/', 'k');
    const b = await raiseAlert({ siteId, kind: 'rule', key: `meta-${stamp}`, title: 'Metadata' });
    await deliverDue(quick);
    r = (await ourDeliveries([b.id])).find((x) => x.channel === 'webhook')!;
    expect(r.attempts).toBe(1);
    expect(r.lastError).toMatch(/fetch failed|169\.254|blocked/i);
    await saveWebhook(siteId, null, undefined);
  });

  it('signature: t and v1 over "<t>.<body>"', () => {
    const s = signature('key', '{"a":1}', 1700000000);
    expect(s).toBe(
      `t=1700000000,v1=${crypto.createHmac('sha256', 'key').update('1700000000.{"a":1}').digest('hex')}`,
    );
  });
});
