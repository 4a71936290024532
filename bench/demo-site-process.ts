/**
 * The demo site in its own process for benchmarks, under a name of its own: other tooling on a
 * shared machine may stop `demo-site/server.ts` processes it finds, and a benchmark must not lose
 * its site half-way. Prints one JSON line when ready: {url, username, appPassword}.
 */
import { parseArgs } from 'node:util';
import { startDemoSite } from '@/demo-site/index';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, size: { type: 'string', default: 'large' } },
});

const site = await startDemoSite({ port: 0, dataDir: values['data-dir'], size: values.size, reset: true });
process.stdout.write(
  `${JSON.stringify({ url: site.url, username: site.credentials.BM_SITE_USER, appPassword: site.credentials.BM_SITE_APP_PASSWORD })}\n`,
);
