/**
 * Every desk page as the owner sees it, compared pixel by pixel with a baseline (see
 * playwright.screens.config.ts). The demo site is seeded from a fixed number with its times laid
 * relative to the start of the UTC day, so what varies between two runs is the clock: times, ages,
 * durations and the index's live figures, which are masked. Nothing else may differ, with one
 * limit: the overview's "busiest threads" counts from exactly 30 days ago, so a baseline and a
 * comparison hours apart may differ there. No refused (403) page: the first run makes the owner only.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoSite, OWNER, signIn, siteApi } from '../e2e/helpers';

const SITE = '/demo-community';
const ALICE = 2;
const CAROL = 4;
const SUBJECT = 'Order help';

/**
 * Dates, times and durations written into running text (a message's "· 2026-09-05 04:29 UTC", a
 * chart's axis, an audit row's "117 ms"), wherever they sit. Seeded times move with the day the demo
 * site starts, so a baseline taken on another day has other dates in the same places. `number`:
 * the figure's width varies (3 ms, 117 ms), so it is written as one 0 before it is masked.
 */
const CLOCK_TEXT = [
  { source: String.raw`\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?: UTC)?`, number: false },
  { source: String.raw`\b\d{2}:\d{2}:\d{2} UTC`, number: false },
  { source: String.raw`\b\d+ ms\b`, number: true },
  { source: String.raw`\b\d[\d,]* calls/min\b`, number: true },
];

/**
 * Elements that are nothing but a reading of the clock ("waiting 3 h 12 m", a queue item's "5 d"):
 * for the screenshot they take one fixed width (so a wider reading moves nothing around them),
 * show no text, and are masked. A stylesheet, because React may redraw them at any time (the inbox
 * redraws its rows whenever presence news comes in).
 */
const CLOCK_READINGS = [
  // Queue rows: the item's age.
  '[data-testid="queue-list"] li button > span:first-child > span:last-child',
  // Support inbox: how long a member has waited, how long the first answer took.
  '[data-testid="waiting"]',
  '[data-testid="first-response"]',
];
const READINGS_STYLE = `${CLOCK_READINGS.join(', ')} {
  display: inline-block !important;
  width: 8em !important;
  overflow: hidden !important;
  white-space: nowrap !important;
  vertical-align: bottom !important;
  color: transparent !important;
}`;

/** Elements masked as they are (at the moment of the screenshot, wherever they are then). */
const CLOCK_ELEMENTS = [
  'time',
  // The index's live figures: status, rates, load on the site.
  '[data-testid="sync-status"]',
  // The browser's own media controls lay themselves out on their own time (a "0:00" comes and goes).
  'audio',
  'video',
];

const MASK = '[data-screens-mask]';

/**
 * Evens out the clock in running text (CLOCK_TEXT) and lays a box over each such stretch for the
 * screenshot to mask. Text is changed in place, never added or removed as nodes, so React's tree
 * stays whole; the boxes sit outside it, positioned over what they hide, cut to what scrolling
 * boxes let show.
 */
async function markClock(page: Page) {
  await page.evaluate(
    ({ texts, mask }) => {
      for (const old of Array.from(document.querySelectorAll(mask))) old.remove();
      const textsUnder = (root: Node): Text[] => {
        const out: Text[] = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          // A list's options are drawn by the browser, not where their text would lie.
          if (!n.parentElement?.closest('select, datalist, script, style, template, noscript, title'))
            out.push(n as Text);
        }
        return out;
      };
      // React writes `{n} ms` as two text nodes (with a comment between them when rendered on the
      // server): each run of neighbouring text nodes is read as one string.
      const next = (node: Node) => {
        let sibling = node.nextSibling;
        while (sibling?.nodeType === Node.COMMENT_NODE) sibling = sibling.nextSibling;
        return sibling;
      };
      const runs = (): Text[][] => {
        const out: Text[][] = [];
        for (const node of textsUnder(document.body)) {
          const last = out.at(-1);
          if (last && next(last.at(-1)!) === node) last.push(node);
          else out.push([node]);
        }
        return out;
      };
      const write = (node: Text, data: string) => {
        if (node.data !== data) node.data = data;
      };
      /** Replaces [start, end) of the run's joined text, keeping every node in place. */
      const replace = (run: Text[], start: number, end: number, text: string) => {
        let offset = 0;
        let written = false;
        for (const node of run) {
          const from = Math.max(start - offset, 0);
          const to = Math.min(end - offset, node.length);
          offset += node.length;
          if (from > node.length || to < 0 || from > to) continue;
          write(node, node.data.slice(0, from) + (written ? '' : text) + node.data.slice(to));
          written = true;
        }
      };

      for (const { source, number } of texts) {
        const pattern = new RegExp(source, 'g');
        for (const run of runs()) {
          const text = run.map((n) => n.data).join('');
          for (const match of [...text.matchAll(pattern)].reverse()) {
            const even = number ? match[0].replace(/\d[\d,]*/g, '0') : match[0].replace(/\d/g, '0');
            replace(run, match.index, match.index + match[0].length, even);
          }
        }
      }

      const visible = (rect: DOMRect, from: Element | null): DOMRect | null => {
        let { left, top, right, bottom } = rect;
        for (let el = from; el && el !== document.body; el = el.parentElement) {
          const style = getComputedStyle(el);
          if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
          const clip = el.getBoundingClientRect();
          left = Math.max(left, clip.left);
          top = Math.max(top, clip.top);
          right = Math.min(right, clip.right);
          bottom = Math.min(bottom, clip.bottom);
        }
        return right > left && bottom > top ? new DOMRect(left, top, right - left, bottom - top) : null;
      };
      const boxes: DOMRect[] = [];
      const add = (rects: DOMRectList | DOMRect[], from: Element | null) => {
        for (const rect of Array.from(rects)) {
          const shown = rect.width > 0 && rect.height > 0 ? visible(rect, from) : null;
          if (shown) boxes.push(shown);
        }
      };
      for (const { source } of texts) {
        const pattern = new RegExp(source, 'g');
        for (const run of runs()) {
          const text = run.map((n) => n.data).join('');
          for (const match of text.matchAll(pattern)) {
            const range = document.createRange();
            let offset = 0;
            for (const node of run) {
              const from = match.index - offset;
              const to = match.index + match[0].length - offset;
              if (from >= 0 && from <= node.length) range.setStart(node, from);
              if (to >= 0 && to <= node.length) range.setEnd(node, to);
              offset += node.length;
            }
            add(range.getClientRects(), run[0]!.parentElement);
          }
        }
      }

      for (const r of boxes) {
        const box = document.createElement('div');
        box.setAttribute(mask.slice(1, -1), '');
        Object.assign(box.style, {
          position: 'absolute',
          left: `${r.left + window.scrollX}px`,
          top: `${r.top + window.scrollY}px`,
          width: `${r.width}px`,
          height: `${r.height}px`,
          pointerEvents: 'none',
        });
        document.body.append(box);
      }
    },
    { texts: CLOCK_TEXT, mask: MASK },
  );
}

/** The page has loaded what it shows: no request in flight, fonts and images in. */
async function settle(page: Page) {
  // Pages with live presence keep an event stream open, so the network never goes quiet there.
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(async () => {
    await document.fonts.ready;
    // A full-page shot shows what lies below the fold too: lazy images there must load as well.
    for (const img of Array.from(document.images)) img.loading = 'eager';
    await Promise.all(
      Array.from(document.images)
        .filter((img) => !img.complete)
        .map(
          (img) =>
            new Promise((done) => {
              img.addEventListener('load', done, { once: true });
              img.addEventListener('error', done, { once: true });
            }),
        ),
    );
  });
}

async function shoot(page: Page, name: string) {
  await settle(page);
  // The pointer stays where the last click left it: away from anything with a hover style.
  await page.mouse.move(0, 0);
  // First the stylesheet, then the boxes: they are laid where the text sits once it applies.
  await page.addStyleTag({ content: READINGS_STYLE });
  await markClock(page);
  // A soft check: one changed page must not hide the others' results.
  await expect.soft(page).toHaveScreenshot(`${name}.png`, {
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    mask: [page.locator(MASK), page.locator([...CLOCK_READINGS, ...CLOCK_ELEMENTS].join(', '))],
    maxDiffPixels: 0,
    timeout: 20_000,
  });
}

async function visit(page: Page, path: string, name: string, ready?: Locator) {
  await test.step(name, async () => {
    await page.goto(path);
    // Soft: a page that no longer shows it is still photographed, and the comparison says how.
    if (ready) await expect.soft(ready).toBeVisible({ timeout: 30_000 });
    await shoot(page, name);
  });
}

/** Reloads until the index has read every message id (until then the lists miss rows). */
async function waitForIndex(page: Page, path: string) {
  await page.goto(path);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('index-filling')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 120_000 });
}

/** Each page after the sites': its screenshot's name, its address, what shows once it is in. */
function deskPages(conversation: string): [string, string, (page: Page) => Locator][] {
  return [
    ['overview', SITE, (p) => p.getByRole('heading', { name: 'Demo community' })],
    ['threads', `${SITE}/threads`, (p) => p.getByTestId('thread-link').first()],
    ['thread', `${SITE}/threads/1`, (p) => p.getByText('Hello').first()],
    ['users', `${SITE}/users`, (p) => p.getByTestId('user-link').first()],
    ['user', `${SITE}/users/${ALICE}`, (p) => p.getByTestId('user-name')],
    ['reports', `${SITE}/reports`, (p) => p.getByTestId('queue-list')],
    ['pending', `${SITE}/pending`, (p) => p.getByTestId('queue-list')],
    ['attachments-table', `${SITE}/attachments`, (p) => p.getByTestId('file-name').first()],
    ['attachments-grid', `${SITE}/attachments?view=grid`, (p) => p.getByTestId('grid-file').first()],
    ['settings', `${SITE}/settings`, (p) => p.getByRole('heading', { name: 'Plugin settings' })],
    ['site-audit', `${SITE}/audit`, (p) => p.getByTestId('audit-table')],
    ['audit', '/audit', (p) => p.getByTestId('audit-table')],
    ['team', '/team', (p) => p.getByTestId('members-table')],
    ['account', '/account', (p) => p.getByRole('heading', { name: 'Your account' })],
    ['notifications', '/notifications', (p) => p.getByRole('heading', { name: 'Notifications' })],
    ['inbox', `${SITE}/inbox`, (p) => p.getByTestId('conversation-link').first()],
    ['inbox-all-sites', '/inbox', (p) => p.getByTestId('conversation-link').first()],
    ['inbox-conversation', conversation, (p) => p.getByTestId('triage-sidebar')],
    ['inbox-settings', `${SITE}/inbox/settings`, (p) => p.getByTestId('support-accounts')],
    ['not-found', '/no-such-page', (p) => p.getByRole('heading', { name: 'Not found' })],
    ['thread-missing', `${SITE}/threads/999999`, (p) => p.getByTestId('thread-missing')],
  ];
}

test('every desk page looks as in the baseline', async ({ page, browser }) => {
  test.setTimeout(600_000);
  const site = demoSite();

  await test.step('sign-in page', async () => {
    const context = await browser.newContext();
    const anonymous = await context.newPage();
    await anonymous.goto('/signin');
    await expect(anonymous.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await shoot(anonymous, 'signin');
    await context.close();
  });

  await signIn(page, OWNER);
  await visit(page, '/sites/new', 'site-new', page.getByRole('heading', { name: 'Connect a site' }));

  await test.step('connect the demo site', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Demo community');
    await page.getByLabel('Site address').fill(site.BM_SITE_URL!);
    await page.getByLabel('WordPress username').fill(site.BM_SITE_USER!);
    await page.getByLabel('Application password').fill(site.BM_SITE_APP_PASSWORD!);
    await page.getByRole('button', { name: 'Connect site' }).click();
    await expect(page.getByRole('heading', { name: 'Demo community' })).toBeVisible();
    await waitForIndex(page, `${SITE}/threads`);
    await waitForIndex(page, `${SITE}/attachments`);
  });

  const ours = page.getByTestId('conversation-link').filter({ hasText: SUBJECT });
  await test.step('set up the support inbox with one conversation', async () => {
    await page.goto(`${SITE}/inbox/settings`);
    const form = page.getByRole('form', { name: 'Support account' });
    await form.getByLabel('WordPress user id').fill(String(CAROL));
    await form.getByLabel('Name shown to the team').fill('Carol Support');
    await form.getByLabel('WordPress username').fill(site.BM_SITE_USER4!);
    await form.getByLabel('Application password (optional)').fill(site.BM_SITE_APP_PASSWORD4!);
    await form.getByRole('button', { name: 'Save support account' }).click();
    await expect(page.getByTestId('support-accounts')).toContainText('Carol Support');
    const label = page.getByRole('form', { name: 'New label' });
    await label.getByLabel('Label name').fill('Billing');
    await label.getByRole('button', { name: 'Add label' }).click();
    await expect(page.getByTestId('labels')).toContainText('Billing');
    const canned = page.getByRole('form', { name: 'New canned reply' });
    await canned.getByLabel('Shortcut').fill('thanks');
    await canned.getByLabel('Title').fill('Thanks for writing');
    await canned
      .getByLabel('Reply')
      .fill('Hi {member.name}, thanks for writing to {site.name}. {agent.name}');
    await canned.getByRole('button', { name: 'Add canned reply' }).click();
    await expect(page.getByTestId('canned-replies')).toContainText('/thanks');

    const created = await siteApi('/thread/new', {
      method: 'POST',
      user: ALICE,
      body: { recipients: [CAROL], subject: SUBJECT, message: 'My order is late, where is it?' },
    });
    expect(created.status).toBe(200);
    await page.goto(`${SITE}/inbox`);
    await expect(async () => {
      await page.reload();
      await expect(ours).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 90_000 });
  });
  const conversation = (await ours.getAttribute('href'))!;

  await visit(page, '/sites', 'sites', page.getByTestId('site-demo-community'));
  await page.getByTestId('site-demo-community').getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Application password')).toBeVisible();
  await shoot(page, 'site-edit');

  for (const [name, path, ready] of deskPages(conversation)) await visit(page, path, name, ready(page));
});
