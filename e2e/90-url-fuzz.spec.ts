import { expect, test, type Page } from '@playwright/test';
import type { z } from 'zod';
import { APP_URLS, type AppUrl, type SegmentKind } from '../app/url-params';
import { badSegments, badValuesFor, QUIET_KEYS } from '../lib/infra/table/bad-values';
import { OWNER, serverLog, signIn } from './helpers';

/**
 * Bad values for every parameter of every page and route, generated from the schemas the app
 * parses them with (app/url-params.ts lists them; a unit test keeps that list complete). Nothing
 * may answer 5xx, show the error page or leave a stack trace in the server log; a filter it
 * refused is named on the page, and an id that cannot exist is not found.
 */

const SLUG = 'demo-community';
const DEFAULTS: Record<SegmentKind, string> = {
  slug: SLUG,
  id: '1',
  userId: '1',
  token: 'x',
  rest: 'session',
};
const ERROR_PAGE = 'This page could not load';
const NOT_FOUND = 'There is nothing at this address';
/** Percent-encodings no decoder accepts, sent raw. */
const MALFORMED = ['%ZZ', '%C0%80', '%E0%A4%A'];
/** What Next or React print with a server error. */
const STACK = /^\s+at .+\(.+:\d+:\d+\)$|⨯|digest:|Error: /m;

test.describe.configure({ mode: 'serial' });

function pathOf(url: AppUrl, override: Record<string, string> = {}): string {
  return url.path.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) =>
    name in override ? override[name]! : DEFAULTS[url.segments![name]!],
  );
}

type Probe = { what: string; href: string; url: AppUrl; expectNotice?: string[]; expectNotFound?: boolean };

async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

/**
 * A bad value in each dynamic segment in turn; then rounds in which every search parameter gets
 * one of its bad values at once (round r gives each its r-th), so a page is asked as many times as
 * its longest list has values rather than once per value per parameter. The parse drops each
 * parameter on its own, so a bad one cannot hide another.
 */
function probesFor(url: AppUrl): Probe[] {
  const probes: Probe[] = [];
  for (const [name, kind] of Object.entries(url.segments ?? {})) {
    for (const bad of badSegments(kind)) {
      probes.push({
        what: `${url.path} with ${name}=${bad.slice(0, 40)}`,
        href: pathOf(url, { [name]: bad }),
        url,
        // A token or NextAuth's own path answers in its own words; an id or a site that cannot exist is not found.
        expectNotFound: kind !== 'token' && kind !== 'rest',
      });
    }
  }
  const fields: [string, string[]][] = (
    url.search
      ? Object.entries(url.search.shape as Record<string, z.ZodType>).map(
          ([k, f]) => [k, badValuesFor(f)] as const,
        )
      : (url.keys ?? []).map((k) => [k, ['\u0000', 'x'.repeat(5000), '99999999999']] as const)
  ).map(([k, values]) => [k, [...values.map(encodeURIComponent), ...MALFORMED]]);
  const rounds = Math.max(0, ...fields.map(([, v]) => v.length));
  for (let r = 0; r < rounds; r++) {
    const pairs = fields.map(([k, values]) => [k, values[r % values.length]!] as const);
    const query = pairs.map(([k, v]) => `${k}=${v}`).join('&');
    probes.push({
      what: `${url.path}?${query.slice(0, 300)}`,
      href: `${pathOf(url)}?${query}`,
      url,
      expectNotice: url.search
        ? pairs.filter(([k, v]) => !QUIET_KEYS.includes(k) && v.startsWith('%00')).map(([k]) => k)
        : undefined,
    });
  }
  return probes;
}

async function run(base: string, cookie: string, probe: Probe): Promise<string[]> {
  let res: Response;
  let body = '';
  try {
    res = await fetch(new URL(probe.href, base), { headers: { cookie }, redirect: 'manual' });
    if (probe.url.stream && res.headers.get('content-type')?.includes('event-stream'))
      await res.body?.cancel();
    else body = await res.text();
  } catch (err) {
    // A stream that breaks off: a CSV cut short, a page that never finished.
    return [`${probe.what}: ${String((err as Error).cause ?? err)}`];
  }
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`status ${res.status}`);
  // Streamed pages reach the error boundary in the browser: the HTML carries the error's digest
  // (a number; not-found and redirects carry words).
  if (body.includes(ERROR_PAGE) || /data-dgst="\d+"|\\"digest\\":\\"\d+\\"/.test(body))
    problems.push('error page');
  if (probe.url.kind === 'page' && res.status === 200) {
    if (probe.expectNotFound && !body.includes(NOT_FOUND)) problems.push('not the not-found page');
    for (const key of probe.expectNotice ?? [])
      if (!body.includes(`in &#x27;${key}&#x27;`)) problems.push(`no notice naming '${key}'`);
  }
  // A GET to a POST-only route: 405, or 400 for an address Next cannot decode before routing.
  if (probe.url.postOnly) {
    if (![400, 405].includes(res.status)) problems.push(`status ${res.status} to a GET, not 405`);
  } else if (probe.url.kind === 'route' && probe.expectNotFound && ![400, 404].includes(res.status))
    problems.push(`status ${res.status}, not 404`);
  if (probe.url.path === '/audit/export' && res.status === 200 && !body.startsWith('id,when (UTC),'))
    problems.push('a CSV without its header');
  return problems.map((p) => `${probe.what}: ${p}`);
}

test('every parameter of every page and route survives bad values', async ({ page, baseURL }) => {
  test.setTimeout(15 * 60_000);
  await signIn(page, OWNER);
  const cookie = await cookieHeader(page);
  const logBefore = serverLog().length;
  const probes = APP_URLS.flatMap(probesFor);
  const failures: string[] = [];
  // A few at a time: enough to finish in minutes, not enough to time out on a shared machine.
  for (let i = 0; i < probes.length; i += 4) {
    const batch = await Promise.all(probes.slice(i, i + 4).map((p) => run(baseURL!, cookie, p)));
    failures.push(...batch.flat());
  }
  console.log(`${probes.length} bad URLs over ${APP_URLS.length} pages and routes`);
  expect(failures).toEqual([]);
  const log = serverLog().slice(logBefore);
  expect(log.match(STACK)?.[0] ?? null, log.slice(0, 2000)).toBeNull();
});

test('a refused filter is named on the page, and the rest still apply', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(
    `/${SLUG}/threads?to=9999-99-99&from=2025-02-30&participant=99999999999&q=${'x'.repeat(201)}`,
  );
  const notice = page.getByTestId('ignored-params');
  await expect(notice).toContainText("Ignored an invalid date in 'to'.");
  await expect(notice).toContainText("Ignored an invalid date in 'from'.");
  await expect(notice).toContainText("Ignored an invalid number in 'participant'.");
  await expect(notice).toContainText("Search text is limited to 200 characters; 'q' was not applied.");
  await expect(page.getByRole('table', { name: 'Threads' })).toBeVisible();

  const res = await page.request.get('/audit/export?to=0000-00-00&target=%00');
  expect(res.status()).toBe(400);
  expect(await res.text()).toContain("Ignored an invalid date in 'to'.");
});

test('a page past the end says so and links to the last page', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`/${SLUG}/threads?perPage=10`);
  const count = page.getByTestId('row-count');
  await expect(count).not.toHaveText(/^0 rows$/);
  const total = Number((await count.textContent())!.replace(/\D/g, ''));
  const last = Math.ceil(total / 10);
  await page.goto(`/${SLUG}/threads?perPage=10&page=${last + 5}`);
  const past = page.getByTestId('past-the-end');
  await expect(past).toContainText(`Page ${(last + 5).toLocaleString('en')} is past the end`);
  await past.getByRole('link', { name: 'Go to the last page' }).click();
  await expect(page).toHaveURL(last > 1 ? new RegExp(`[?&]page=${last}(&|$)`) : /^[^?]*\?perPage=10$/);
  await expect(page.getByRole('table', { name: 'Threads' }).locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('past-the-end')).toHaveCount(0);
});
