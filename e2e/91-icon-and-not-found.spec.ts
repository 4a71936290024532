import { expect, test } from '@playwright/test';
import { OWNER, signIn } from './helpers';

/**
 * The app's icon and manifest reach anyone (a browser fetches the manifest without cookies), and
 * an address naming something that is not there says which thing, in place inside the desk.
 */

const SLUG = 'demo-community';
/** 10-sites.spec.ts connects the demo site under this name, then renames it. */
const SITE = 'Demo community(?: \\(edited\\))?';

const PUBLIC_FILES: [string, string][] = [
  ['/icon.svg', 'image/svg+xml'],
  ['/icon-192.png', 'image/png'],
  ['/icon-512.png', 'image/png'],
  ['/manifest.webmanifest', 'application/manifest+json'],
];

test('the icon, favicon and manifest are served without a session', async ({ page, baseURL }) => {
  for (const [path, type] of PUBLIC_FILES) {
    const res = await fetch(new URL(path, baseURL), { redirect: 'manual' });
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type'), path).toContain(type);
  }
  const manifest = (await (await fetch(new URL('/manifest.webmanifest', baseURL))).json()) as {
    name: string;
    icons: { src: string; sizes: string; type: string }[];
  };
  expect(manifest.name).toBe('BM Desk');
  expect(manifest.icons.map((i) => i.sizes).sort()).toEqual(['192x192', '512x512', 'any']);
  for (const icon of manifest.icons) {
    const res = await fetch(new URL(icon.src, baseURL), { redirect: 'manual' });
    expect(res.status, icon.src).toBe(200);
    expect(res.headers.get('content-type'), icon.src).toContain(icon.type);
  }

  // The sign-in page links both, and its policy lets the browser load them.
  const res = await page.goto('/signin');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /^\/icon\.svg/);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  const policy = new Map(
    res!
      .headers()
      ['content-security-policy']!.split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
  const allowed = (directive: string) => policy.get(directive) ?? policy.get('default-src') ?? [];
  expect(allowed('img-src')).toContain("'self'");
  expect(allowed('manifest-src')).toContain("'self'");
  const drawn = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const img = new Image();
        img.onload = () => resolve(img.naturalWidth);
        img.onerror = () => resolve(0);
        img.src = '/icon.svg';
      }),
  );
  expect(drawn).toBeGreaterThan(0);
});

test('each desk says what is missing, in place', async ({ page }) => {
  await signIn(page, OWNER);
  const cases: { path: string; heading: string; back: string; backTo: string }[] = [
    {
      path: `/${SLUG}/threads/abc`,
      heading: `Thread “abc” was not found on ${SITE}`,
      back: 'Back to threads',
      backTo: `/${SLUG}/threads`,
    },
    {
      path: `/${SLUG}/threads/0`,
      heading: `Thread #0 was not found on ${SITE}`,
      back: 'Back to threads',
      backTo: `/${SLUG}/threads`,
    },
    {
      path: `/${SLUG}/users/0`,
      heading: `User #0 was not found on ${SITE}`,
      back: 'Back to users',
      backTo: `/${SLUG}/users`,
    },
    {
      path: `/${SLUG}/inbox/999999`,
      heading: `Conversation #999999 was not found on ${SITE}`,
      back: 'Back to the inbox',
      backTo: `/${SLUG}/inbox`,
    },
    {
      path: '/no-such-site',
      heading: 'There is no site “no-such-site” in BM Desk',
      back: 'Back to the desk',
      backTo: '/',
    },
    {
      path: '/no-such-site/threads/12',
      heading: 'There is no site “no-such-site” in BM Desk',
      back: 'Back to the desk',
      backTo: '/',
    },
    {
      path: '/sites/99999/edit',
      heading: 'Site #99999 was not found',
      back: 'Back to sites',
      backTo: '/sites',
    },
  ];
  for (const c of cases) {
    await page.goto(c.path);
    const notFound = page.getByTestId('not-found');
    await expect(notFound.getByRole('heading', { name: new RegExp(`^${c.heading}$`) }), c.path).toBeVisible();
    await expect(notFound).toContainText('There is nothing at this address');
    // In place: the desk's own sidebar and header stay around it.
    await expect(page.getByTestId('current-member'), c.path).toBeVisible();
    await expect(notFound.getByRole('link', { name: c.back }), c.path).toHaveAttribute('href', c.backTo);
  }
});
