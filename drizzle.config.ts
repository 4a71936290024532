import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './lib/db/schema.ts',
    './lib/site-index/schema.ts',
    './lib/queues/schema.ts',
    './lib/triage/schema.ts',
  ],
  out: './lib/db/migrations',
});
