import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': import.meta.dirname,
      // Server modules import 'server-only', which throws outside the react-server condition Next
      // gives server code; tests are server code, and React here must stay the ordinary build.
      'server-only': `${import.meta.dirname}/node_modules/server-only/empty.js`,
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'demo-site/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    // `*.pg.test.ts` need a PostgreSQL server (several processes, pg_stat_database): `npm run
    // test:pg` runs them with DATABASE_URL set; without it they are left out, not skipped.
    exclude: process.env.DATABASE_URL ? ['**/node_modules/**'] : ['**/node_modules/**', '**/*.pg.test.ts'],
    environment: 'node',
    // Each test process gets its own in-memory PGlite unless DATABASE_URL points at PostgreSQL.
    env: { BMDESK_DATA_DIR: 'memory://' },
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ['next-auth'] } },
  },
});
