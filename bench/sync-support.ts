/** What the sync benchmarks share: the demo site in its own process, and a throwaway PostgreSQL database. */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN = process.env.BMDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface DemoSiteProcess {
  child: ChildProcess;
  url: string;
  username: string;
  appPassword: string;
  controlToken: string;
}

/** Seeds `size` (see demo-site/seed/sizes.ts) into `dir` and serves it until the child is killed. */
export async function startDemoSiteProcess(dir: string, size: string): Promise<DemoSiteProcess> {
  // Node itself (not npx), so that stopping the child stops the site.
  const args = ['--import', 'tsx', 'bench/demo-site-process.ts', '--data-dir', dir, '--size', size];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`demo site exited with ${code}`)));
  });
  child.on('exit', (code, signal) => console.error(`demo site exited: ${code ?? signal}`));
  return { child, ...(JSON.parse(line) as Omit<DemoSiteProcess, 'child'>) };
}

/** A fresh database on the local PostgreSQL, dropped by `drop`. */
export async function tempPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bmdesk_bench_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: PG_ADMIN });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * The statistics BM Desk keeps for its own tables (lib/infra/db/statistics.ts) once their counts
 * show what the bench seeded: what a running desk has after its next look (5 minutes at most),
 * rather than an ANALYZE nobody runs on a PostgreSQL without autovacuum. Returns the tables
 * analyzed; throws when one of `tables` never showed as grown.
 */
export async function analyzeAsKept(tables: string[]): Promise<string[]> {
  const { getHandle } = await import('@/lib/infra/db/client');
  const { analyzeGrownTables, tablesToAnalyze } = await import('@/lib/infra/db/statistics');
  const { db, kind } = await getHandle();
  for (let i = 0; ; i++) {
    const grown = new Set((await tablesToAnalyze(db)).map((t) => t.name));
    if (tables.every((t) => grown.has(t))) break;
    if (i === 60)
      throw new Error(`never counted as grown: ${tables.filter((t) => !grown.has(t)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return analyzeGrownTables(db, kind);
}
