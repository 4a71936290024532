/**
 * The tables' CSV exports, through their route handlers: the page's own filters and sort over
 * every page of rows (not the one shown), a refusal in words without a session, for a role
 * without the permission and for a filter that cannot be used, and strangers' text defused.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { openCsvExport } from '@/lib/infra/format/csv-export';
import { CSV_PAGE_SIZE } from '@/lib/infra/format/csv';
import { indexAttachments, indexMessages, indexThreads, indexUsers } from '@/lib/services/site-index/schema';
import { threadsSearchParams } from '@/lib/services/threads/search-params';
import { triageConversations } from '@/lib/services/triage/schema';
import { insertSite } from '@/lib/services/sites/queries';
import { startTestServer, type TestServer } from '@/tests/support/test-server';
import { parseCsv } from '@/tests/support/parse-csv';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));

type Route = (req: Request, ctx: { params: Promise<{ site: string }> }) => Promise<Response>;

const THREADS = 2 * CSV_PAGE_SIZE + 50; // 450: the filtered export crosses pages
const reported = (i: number) => i % 9 < 5; // 250 of them
const HOSTILE = '=HYPERLINK("http://evil.test","click")';

let server: TestServer;
let slug: string;
let siteId: number;
let support: Member;

async function get(route: Route, path: string, query = '') {
  const res = await route(new Request(`http://desk.test/${slug}/${path}/export${query}`), {
    params: Promise.resolve({ site: slug }),
  });
  return res;
}

async function csvOf(res: Response) {
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const { rows: all, rest } = parseCsv(await res.text());
  expect(rest, 'the file ends with CRLF').toBe('');
  const [header, ...rows] = all;
  return { header: header!, rows };
}

beforeAll(async () => {
  // The site answers nothing BM Desk needs (the users export asks it for the trust lists).
  server = await startTestServer(
    (_req, res) =>
      void res
        .writeHead(403, { 'content-type': 'application/json' })
        .end('{"code":"rest_forbidden","message":"Sorry"}'),
  );
  const site = await insertSite({
    name: `CSV ${Date.now()}`,
    url: server.url,
    username: 'admin',
    appPassword: 'abcd EFGH ijkl MNOP qrst UVWX',
    probe: { status: 'ok', reason: null, message: null },
  });
  slug = site.slug;
  siteId = site.id;
  const db = await getDb();
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_000);
  await db.insert(indexUsers).values([
    { siteId, id: 1001, name: HOSTILE, messageCount: 5, reportedCount: 2 },
    { siteId, id: 1002, name: 'Zoë Ærø\u202Egnp.exe', messageCount: 3 },
    { siteId, id: -7, name: '-guest one', isGuest: true, messageCount: 1 },
  ]);
  await db.insert(indexThreads).values(
    Array.from({ length: THREADS }, (_, n) => {
      const i = n + 1;
      return {
        siteId,
        id: i,
        type: 'group',
        subject: i === 3 ? HOSTILE : `Thread ${i}`,
        participants: [1001, 1002],
        participantCount: 2,
        firstActivityAt: day(i),
        lastActivityAt: day(i),
        messageCount: 3,
        reportedCount: reported(i) ? 1 : 0,
      };
    }),
  );
  await db.insert(indexMessages).values(
    Array.from({ length: 6 }, (_, n) => ({
      siteId,
      id: 500 + n,
      threadId: 3,
      senderId: n < 4 ? 1001 : -7,
      createdAt: day(n),
      html: `<p>${n}</p>`,
      text: n === 0 ? '@SUM(A1) and\ta tab' : `message ${n}`,
      pending: n >= 4,
      reportCount: n < 4 ? 1 : 0,
      reports:
        n < 4
          ? [
              {
                reporterBmUserId: 1002,
                reporterName: 'Zoë',
                category: n % 2 ? 'spam' : 'harassment',
                description: '+1 bad',
                time: day(n).toISOString(),
              },
            ]
          : [],
    })),
  );
  await db.insert(indexAttachments).values([
    {
      siteId,
      id: 1,
      threadId: 3,
      messageId: 500,
      uploaderId: 1001,
      name: 'cat.png',
      mime: 'image/png',
      ext: 'png',
      size: 10,
      url: `${server.url}/up/cat.png`,
      date: day(1),
    },
    {
      siteId,
      id: 2,
      threadId: 3,
      messageId: 501,
      uploaderId: 1001,
      name: '=evil.pdf',
      mime: 'application/pdf',
      ext: 'pdf',
      size: 20,
      url: `${server.url}/up/evil.pdf`,
      date: day(2),
    },
  ]);
  await db.insert(triageConversations).values([
    { siteId, threadId: 1, source: 'manual', priority: 'urgent' },
    { siteId, threadId: 2, source: 'manual', priority: 'urgent' },
    { siteId, threadId: 3, source: 'manual', priority: 'low' },
  ]);
  const { createMember } = await import('@/lib/infra/auth/members');
  support = await createMember({
    email: `csv-${Date.now()}@example.test`,
    name: 'CSV Support',
    password: 'csv-password-long-enough',
    role: 'support',
  });
});

afterAll(async () => {
  await server?.close();
});

describe('the threads export', () => {
  it('has exactly the filtered rows across more than one page, in the page order, named for the site', async () => {
    const { GET } = await import('@/app/(desk)/[site]/threads/export/route');
    current.member = support;
    const res = await get(GET, 'threads', '?reports=1&sort=id.asc&page=3&perPage=10');
    const day = new Date().toISOString().slice(0, 10);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${slug}-threads-${day}.csv"`);
    const { header, rows } = await csvOf(res);
    expect(header.slice(0, 3)).toEqual(['thread id', 'type', 'subject']);
    const expected = Array.from({ length: THREADS }, (_, n) => n + 1).filter(reported);
    expect(expected.length).toBeGreaterThan(CSV_PAGE_SIZE);
    // Every matching thread, not the page shown (page 3 of 10), each once, in the asked order.
    expect(rows.map((r) => Number(r[0]))).toEqual(expected);
    // A stranger's subject and name cannot run as a formula or turn text around.
    const three = rows.find((r) => r[0] === '3')!;
    expect(three[2]).toBe(`'${HOSTILE}`);
    expect(three[4]).toBe(`'${HOSTILE} (#1001); Zoë Ærø⟨U+202E⟩gnp.exe (#1002)`);
  });

  it('follows the sort and the text filter the page uses', async () => {
    const { GET } = await import('@/app/(desk)/[site]/threads/export/route');
    current.member = support;
    const { rows } = await csvOf(await get(GET, 'threads', '?q=Thread%2044&sort=id.desc'));
    // Word prefixes, as on the page: "Thread 44" finds 44 and 440–449.
    expect(rows.map((r) => Number(r[0]))).toEqual([449, 448, 447, 446, 445, 444, 443, 442, 441, 440, 44]);
  });

  it('refuses in words: no session (401), a filter that cannot be used (400), no such site (404)', async () => {
    const { GET } = await import('@/app/(desk)/[site]/threads/export/route');
    current.member = null;
    const none = await get(GET, 'threads', '?reports=1');
    expect(none.status).toBe(401);
    expect(await none.text()).toBe('Your session has ended. Sign in again.\n');

    current.member = support;
    const bad = await get(GET, 'threads', '?to=9999-99-99&participant=99999999999&q=a%00b');
    expect(bad.status).toBe(400);
    const words = await bad.text();
    expect(words).toContain("Ignored an invalid date in 'to'.");
    expect(words).toContain("Ignored an invalid number in 'participant'.");
    expect(words).toContain("Ignored text with control characters in 'q'.");
    expect(words).toContain('Nothing was exported.');

    const res = await GET(new Request('http://desk.test/nowhere/threads/export'), {
      params: Promise.resolve({ site: `nowhere-${Date.now()}` }),
    });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('No such site.\n');
  });

  it('refuses a role without the permission with 403 words, before reading anything', async () => {
    current.member = support;
    const refused = await openCsvExport(
      new Request('http://desk.test/x/threads/export?to=9999-99-99'),
      threadsSearchParams,
      'settings.edit',
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    expect(await (refused as Response).text()).toBe('Your role may not export this table.\n');
  });
});

describe('the other tables', () => {
  it('users: the guest filter, negative ids as numbers, trust "unknown" when the site does not answer', async () => {
    const { GET } = await import('@/app/(desk)/[site]/users/export/route');
    current.member = support;
    const res = await get(GET, 'users', '?guest=1');
    expect(res.headers.get('content-disposition')).toContain(`${slug}-users-`);
    const { header, rows } = await csvOf(res);
    expect(header[0]).toBe('user id');
    // Its two held messages count as pending, as on the page.
    expect(rows).toEqual([['-7', "'-guest one", 'yes', '1', '0', '0', '2', '0', '0', 'unknown', '']]);
    const all = await csvOf(await get(GET, 'users', '?sort=messageCount.desc'));
    expect(all.rows.map((r) => r[0])).toEqual(['1001', '1002', '-7']);
    expect(all.rows[0]![1]).toBe(`'${HOSTILE}`);
  });

  it('attachments: the kind filter, and no site URL in the file', async () => {
    const { GET } = await import('@/app/(desk)/[site]/attachments/export/route');
    current.member = support;
    const res = await get(GET, 'attachments', '?kind=other');
    const text = await res.clone().text();
    expect(text).not.toContain(server.url);
    const { rows } = await csvOf(res);
    expect(rows.map((r) => [r[0], r[1], r.at(-1)])).toEqual([['2', "'=evil.pdf", `/${slug}/files/2`]]);
  });

  it('reports and pending: the queue filters, the message text defused', async () => {
    const reports = (await import('@/app/(desk)/[site]/reports/export/route')).GET;
    const pending = (await import('@/app/(desk)/[site]/pending/export/route')).GET;
    current.member = support;
    const spam = await csvOf(await get(reports, 'reports', '?category=spam'));
    expect(spam.rows.map((r) => r[0])).toEqual(['501', '503']);
    const all = await csvOf(await get(reports, 'reports', '?sort=age&dir=desc'));
    expect(all.rows.map((r) => r[0])).toEqual(['503', '502', '501', '500']);
    const first = all.rows.find((r) => r[0] === '500')!;
    expect(first[all.header.indexOf('message text')]).toBe("'@SUM(A1) and\ta tab");
    expect(first[all.header.indexOf('reporters')]).toBe('Zoë: harassment (+1 bad)');
    const held = await csvOf(await get(pending, 'pending', `?sender=-7`));
    expect(held.rows.map((r) => r[0])).toEqual(['504', '505']);
    const bad = await get(pending, 'pending', '?sender=0');
    expect(bad.status).toBe(400);
  });

  it('inbox: the site inbox and the all-sites inbox follow the priority filter', async () => {
    const site = (await import('@/app/(desk)/[site]/inbox/export/route')).GET;
    const everywhere = (await import('@/app/(desk)/inbox/export/route')).GET;
    current.member = support;
    const res = await get(site, 'inbox', '?priority=urgent');
    expect(res.headers.get('content-disposition')).toContain(`${slug}-inbox-`);
    const urgent = await csvOf(res);
    expect(urgent.rows.map((r) => r[1]).sort()).toEqual(['1', '2']);
    const all = await everywhere(new Request('http://desk.test/inbox/export?priority=low'));
    expect(all.headers.get('content-disposition')).toContain('all-sites-inbox-');
    const low = await csvOf(all);
    const ours = low.rows.filter((r) => r.at(-1)!.startsWith(`/${slug}/`));
    expect(ours.map((r) => [r[1], r[2]])).toEqual([['3', `'${HOSTILE}`]]);
  });
});
