/**
 * The demo site in its own process for benchmarks, under a name of its own: other tooling on a
 * shared machine may stop `demo-site/server.ts` processes it finds, and a benchmark must not lose
 * its site half-way. Prints one JSON line when ready: {url, username, appPassword, controlToken}.
 */
import { parseArgs } from 'node:util';
import { startDemoSite } from '@/demo-site/index';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    size: { type: 'string', default: 'large' },
    port: { type: 'string', default: '0' },
  },
});

const site = await startDemoSite({
  port: Number(values.port),
  dataDir: values['data-dir'],
  size: values.size,
  reset: true,
});
process.stdout.write(
  `${JSON.stringify({ url: site.url, username: site.credentials.BM_SITE_USER, appPassword: site.credentials.BM_SITE_APP_PASSWORD, controlToken: site.credentials.DEMO_CONTROL_TOKEN })}\n`,
);
