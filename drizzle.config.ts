import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './lib/infra/db/schema.ts',
    './lib/services/site-index/schema.ts',
    './lib/services/queues/schema.ts',
    './lib/services/triage/schema.ts',
    './lib/services/jobs/schema.ts',
    './lib/services/care/schema.ts',
    './lib/services/policy/schema.ts',
    './lib/services/rules/schema.ts',
    './lib/services/alerts/schema.ts',
    './lib/services/decisions/schema.ts',
  ],
  out: './lib/infra/db/migrations',
});
