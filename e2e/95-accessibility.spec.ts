import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { demoSite, OWNER, signIn } from './helpers';

/**
 * Every desk, scanned by axe against WCAG 2.0 and 2.1, levels A and AA. Any violation fails, and
 * the failure names the rule, its impact, the elements and the page, so it can be fixed from the
 * report alone. Nothing is excluded: a rule that does not hold is fixed in the app.
 */

const SITE = '/demo-community';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Elements listed per rule before the rest are counted: enough to find the culprit. */
const SHOWN = 8;

/**
 * The rules that read colours: the only ones a change of colour scheme can turn. The others read
 * the page's structure, which is the same in both schemes.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** One line per rule in violation, with its elements: readable in the report without a trace. */
async function violations(page: Page, where: string, only?: string[]): Promise<string[]> {
  const axe = new AxeBuilder({ page });
  const { violations } = await (only ? axe.withRules(only) : axe.withTags(WCAG)).analyze();
  const path = new URL(page.url()).pathname;
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, SHOWN).map((n) => {
      const target = n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : t)).join(' | ');
      return `      ${target}  ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`;
    });
    const more = v.nodes.length > SHOWN ? [`      … and ${v.nodes.length - SHOWN} more`] : [];
    return [
      `  ${where} (${path}): ${v.id} [${v.impact ?? 'unknown impact'}] ${v.help} (${v.nodes.length} element(s))`,
      ...nodes,
      ...more,
    ].join('\n');
  });
}

/** Colour transitions still running would be measured half-way: wait for the finite ones. */
async function settled(page: Page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

/**
 * Every rule in the light scheme, then the colour rules again in the dark one (the default theme
 * follows the system's, and every colour is a pair of tokens that must each hold its contrast).
 * Soft, so that one page in violation does not hide the next page's: the test still fails, and
 * its report lists them all.
 */
async function expectAccessible(page: Page, where: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await settled(page);
    const found = await violations(
      page,
      `${where}, ${colorScheme}`,
      colorScheme === 'dark' ? COLOUR_RULES : undefined,
    );
    expect.soft(found.length, `axe violations on ${where}, ${colorScheme}:\n${found.join('\n')}\n`).toBe(0);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A page is scanned once its content is in: no skeleton left, its heading shown. */
async function ready(page: Page, content?: Locator) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.locator('h1').first()).toBeVisible();
  if (content) await expect(content).toBeVisible();
}

async function scanAt(page: Page, path: string, where: string, content?: (p: Page) => Locator) {
  await page.goto(path);
  await ready(page, content?.(page));
  await expectAccessible(page, where);
}

/**
 * The suite's earlier specs connect the demo site and fill its index; run alone, this spec does
 * both itself so that every desk has something to show.
 */
async function demoSiteReady(browser: Browser) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, OWNER);
  await page.goto('/sites');
  if ((await page.getByRole('link', { name: /^Demo community/ }).count()) === 0) {
    const site = demoSite();
    await page.goto('/sites/new');
    await page.getByLabel('Name', { exact: true }).fill('Demo community');
    await page.getByLabel('Site address').fill(site.BM_SITE_URL!);
    await page.getByLabel('WordPress username').fill(site.BM_SITE_USER!);
    await page.getByLabel('Application password').fill(site.BM_SITE_APP_PASSWORD!);
    await page.getByRole('button', { name: 'Connect site' }).click();
    await expect(page.getByRole('heading', { name: 'Demo community' })).toBeVisible();
  }
  await page.goto(`${SITE}/threads`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('index-filling')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('thread-link').first()).toBeVisible();
  await page.context().close();
}

async function firstHref(page: Page, listPath: string, testId: string): Promise<string> {
  await page.goto(listPath);
  const link = page.getByTestId(testId).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute('href'))!;
}

// A scan of a long table takes seconds, and each page is scanned twice: more than the default
// minute when the machine is busy.
test.describe.configure({ timeout: 180_000 });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  await demoSiteReady(browser);
});

test('signed out: the sign-in page and an invitation that is not valid', async ({ page }) => {
  await scanAt(page, '/signin', 'sign-in', (p) => p.getByRole('button', { name: 'Sign in' }));
  await scanAt(page, '/invite/not-a-token', 'invalid invitation', (p) => p.getByTestId('invitation-invalid'));
});

test.describe('signed in as the owner', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, OWNER);
  });

  test('sites: list, new, edit', async ({ page }) => {
    await scanAt(page, '/sites', 'sites list');
    await scanAt(page, '/sites/new', 'new site', (p) => p.getByLabel('Site address'));
    await page.goto('/sites');
    const edit = (await page.getByRole('link', { name: 'Edit', exact: true }).first().getAttribute('href'))!;
    await scanAt(page, edit, 'site edit', (p) => p.getByLabel('Site address'));
  });

  test('overview', async ({ page }) => {
    await scanAt(page, SITE, 'overview');
  });

  test('threads list, closed participant picker', async ({ page }) => {
    await scanAt(page, `${SITE}/threads`, 'threads list', (p) => p.getByTestId('thread-link').first());
  });

  test('threads list, open participant picker', async ({ page }) => {
    await page.goto(`${SITE}/threads`);
    await ready(page, page.getByTestId('thread-link').first());
    await page.getByLabel('Participant', { exact: true }).fill('Alice');
    await expect(
      page.getByRole('listbox', { name: 'Participant matches' }).getByRole('option').first(),
    ).toBeVisible();
    await expectAccessible(page, 'participant picker, open');
  });

  test('threads list, the bulk ban dialog open', async ({ page }) => {
    await page.goto(`${SITE}/threads?type=thread`);
    await ready(page, page.getByTestId('thread-link').first());
    await page.getByLabel('Select all rows on this page').click();
    await page.getByRole('button', { name: 'Ban a user from these threads' }).click();
    await expect(page.getByRole('dialog', { name: 'Bulk ban' })).toBeVisible();
    await expectAccessible(page, 'bulk ban dialog');
  });

  test('a thread, and its ban dialog open', async ({ page }) => {
    const href = await firstHref(page, `${SITE}/threads?type=thread`, 'thread-link');
    await scanAt(page, href, 'thread view', (p) => p.getByTestId('participants-panel'));
    await page
      .getByLabel(/Actions for/)
      .first()
      .click();
    await page.getByRole('button', { name: 'Ban…' }).click();
    await expect(page.getByRole('dialog', { name: /^Ban / })).toBeVisible();
    await expectAccessible(page, 'ban dialog on a thread');
  });

  test('users list and a person', async ({ page }) => {
    await scanAt(page, `${SITE}/users`, 'users list', (p) => p.getByTestId('user-link').first());
    const href = await firstHref(page, `${SITE}/users`, 'user-link');
    await scanAt(page, href, 'person', (p) => p.getByTestId('user-name'));
  });

  test('standing decisions', async ({ page }) => {
    await scanAt(page, `${SITE}/standing`, 'standing decisions');
    await scanAt(page, `${SITE}/standing?state=all`, 'standing decisions, all');
    await scanAt(page, `${SITE}/notices`, 'reasons and notices');
  });

  test('queues: reports and pending', async ({ page }) => {
    await scanAt(page, `${SITE}/reports`, 'reports');
    await scanAt(page, `${SITE}/pending`, 'pending');
  });

  test('messages and rules', async ({ page }) => {
    await scanAt(page, `${SITE}/messages`, 'messages');
    await scanAt(page, `${SITE}/rules`, 'rules');
    await scanAt(page, `${SITE}/rules/new`, 'a new rule');
  });

  test('rule review and alerts', async ({ page }) => {
    await scanAt(page, `${SITE}/review`, 'rule review');
    await scanAt(page, `${SITE}/alerts`, 'site alerts');
    await scanAt(page, '/alerts', 'alerts and mail');
  });

  test('attachments: table and grid', async ({ page }) => {
    await scanAt(page, `${SITE}/attachments`, 'attachments table', (p) => p.locator('tbody tr').first());
    // A row's action opens the desk's modal dialog, over the page.
    await page
      .locator('tbody')
      .getByRole('button', { name: /^Remove / })
      .and(page.locator(':enabled'))
      .first()
      .click();
    await expect(page.getByRole('dialog', { name: /^Remove / })).toBeVisible();
    await expectAccessible(page, 'remove-file dialog');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await scanAt(page, `${SITE}/attachments?view=grid`, 'attachments grid', (p) =>
      p.getByTestId('grid-file').first(),
    );
  });

  test('site settings and site audit', async ({ page }) => {
    await scanAt(page, `${SITE}/settings`, 'site settings');
    await scanAt(page, `${SITE}/audit`, 'site audit', (p) => p.getByTestId('audit-table'));
    await scanAt(page, `${SITE}/transparency`, 'transparency report', (p) => p.getByTestId('by-kind'));
  });

  test('global audit, team, account, notifications', async ({ page }) => {
    await scanAt(page, '/audit', 'global audit', (p) => p.getByTestId('audit-table'));
    await scanAt(page, '/team', 'team', (p) => p.getByTestId('members-table'));
    await scanAt(page, '/account', 'account');
    await scanAt(page, '/notifications', 'notifications');
  });

  test('inboxes: the site inbox, all inboxes, the inbox settings', async ({ page }) => {
    await scanAt(page, `${SITE}/inbox`, 'site inbox');
    await scanAt(page, '/inbox', 'cross-site inbox');
    await scanAt(page, `${SITE}/inbox/settings`, 'inbox settings');
  });

  test('an inbox conversation', async ({ page }) => {
    const href = await firstHref(page, `${SITE}/threads?type=thread`, 'thread-link');
    const threadId = href.split('/').pop();
    await page.goto(`${SITE}/inbox/${threadId}`);
    // Earlier specs may already have put this thread in the inbox; alone, it is added by hand
    // (and the page that offers to add it is scanned on the way).
    const add = page.getByTestId('add-to-inbox');
    await expect(add.or(page.getByTestId('thread-subject'))).toBeVisible();
    if (await add.isVisible()) {
      await ready(page);
      await expectAccessible(page, 'thread not in the inbox');
      await add.click();
    }
    await expect(page.getByTestId('thread-subject')).toBeVisible();
    await ready(page);
    await expectAccessible(page, 'inbox conversation');
  });

  test('not found: an address with nothing at it, a site, a thread and a person that do not exist', async ({
    page,
  }) => {
    await scanAt(page, '/no/such/page', 'not-found page');
    await scanAt(page, '/no-such-site', 'missing site');
    await scanAt(page, `${SITE}/threads/999999999`, 'missing thread');
    await scanAt(page, `${SITE}/users/999999999`, 'missing person');
  });
});
