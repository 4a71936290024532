import { parseArgs } from 'node:util';
import { startDemoSite } from './index';

// npx tsx demo-site/server.ts [--port 8090] [--data-dir ./data/demo-site] [--seed 1] [--size small|default|large|N] [--reset] [--support-inbox]
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8090' },
    'data-dir': { type: 'string', default: './data/demo-site' },
    seed: { type: 'string', default: '1' },
    size: { type: 'string', default: 'default' },
    reset: { type: 'boolean', default: false },
    'support-inbox': { type: 'boolean', default: false },
  },
});

async function main() {
  const started = Date.now();
  const site = await startDemoSite({
    port: Number(values.port),
    dataDir: values['data-dir'],
    seed: Number(values.seed),
    size: values.size,
    reset: values.reset,
    supportInbox: values['support-inbox'],
  });
  const c = site.credentials;
  const users = Object.fromEntries(
    ['', '2', '3', '4'].map((n) => [
      c[`BM_SITE_USER${n}`],
      { id: Number(c[`BM_SITE_USER${n}_ID`]), appPassword: c[`BM_SITE_APP_PASSWORD${n}`] },
    ]),
  );
  // Exactly one line on stdout, so a parent process can wait for it and parse it.
  process.stdout.write(
    `${JSON.stringify({ ready: true, url: site.url, users, controlToken: c.DEMO_CONTROL_TOKEN, startupMs: Date.now() - started })}\n`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void site.close().then(() => process.exit(0));
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
