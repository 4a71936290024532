/**
 * Renders public/icon.svg as the PNG sizes the web manifest lists (192 and 512): some browsers
 * and launchers take no SVG. Run after changing the SVG: `npx tsx scripts/render-icons.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';

const PUBLIC = path.resolve(import.meta.dirname, '../public');
const svg = fs.readFileSync(path.join(PUBLIC, 'icon.svg'), 'utf8');

const browser = await chromium.launch(chromiumLaunchOptions);
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    await page.screenshot({ path: path.join(PUBLIC, `icon-${size}.png`), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
