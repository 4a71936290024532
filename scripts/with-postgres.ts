/**
 * Runs a command against a fresh database on the PostgreSQL at 127.0.0.1:5432 (or
 * BMDESK_TEST_PG_URL), created for the run and dropped after it:
 *   tsx scripts/with-postgres.ts vitest run
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import pg from 'pg';

const admin = process.env.BMDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `bmdesk_test_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;

async function sql(query: string) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) throw new Error('usage: tsx scripts/with-postgres.ts <command> [args…]');
  try {
    await sql(`CREATE DATABASE ${name}`);
  } catch (err) {
    console.error(
      `Cannot reach PostgreSQL at ${admin.replace(/\/\/[^@]*@/, '//')}: ${(err as Error).message}`,
    );
    process.exit(1);
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  console.log(`[with-postgres] running on database ${name}`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(cmd, args, {
      stdio: 'inherit',
      shell: process.platform === 'win32',
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        BMDESK_SECRET_KEY: process.env.BMDESK_SECRET_KEY ?? crypto.randomBytes(32).toString('hex'),
      },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  await sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) => console.error(e.message));
  process.exit(code);
}

void main();
