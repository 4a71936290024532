/**
 * An action is exported under the name the audit log shows (defineAction's `name`), so searching
 * the code for what the log says finds the action. Every 'use server' file under app/, lib/ and
 * components/ is loaded and each export's audited name compared with its export name; actions
 * built by a helper (`userAction('banUserInThread', …)`) are checked as they come out of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));

const ROOT = path.resolve(import.meta.dirname, '../..');

function serverActionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return serverActionFiles(full);
    if (!/\.tsx?$/.test(e.name) || /\.test\.tsx?$/.test(e.name)) return [];
    const head = fs.readFileSync(full, 'utf8').trimStart();
    return /^['"]use server['"]/.test(head) ? [full] : [];
  });
}

type Found = { where: string; exportName: string; audited: string | undefined };
const found: Found[] = [];

beforeAll(async () => {
  const files = ['app', 'lib', 'components'].flatMap((d) => serverActionFiles(path.join(ROOT, d)));
  for (const file of files) {
    const mod = (await import(file)) as Record<string, { meta?: { name?: unknown } }>;
    for (const [exportName, value] of Object.entries(mod)) {
      const name = value?.meta?.name;
      found.push({
        where: `${path.relative(ROOT, file)}#${exportName}`,
        exportName,
        audited: typeof name === 'string' ? name : undefined,
      });
    }
  }
}, 120_000);

describe('server action names', () => {
  it('finds the server actions', () => {
    expect(found.length).toBeGreaterThanOrEqual(50);
  });

  it('exports nothing from a server action file but actions made by defineAction', () => {
    expect(found.filter((f) => f.audited === undefined).map((f) => f.where)).toEqual([]);
  });

  it('exports each action under the name it is audited under', () => {
    const mismatched = found
      .filter((f) => f.audited !== undefined && f.audited !== f.exportName)
      .map((f) => `${f.where} is audited as '${f.audited}'`);
    expect(mismatched).toEqual([]);
  });

  it('gives no two actions the same audited name', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const f of found) {
      if (f.audited === undefined) continue;
      const before = seen.get(f.audited);
      if (before) twice.push(`'${f.audited}': ${before} and ${f.where}`);
      else seen.set(f.audited, f.where);
    }
    expect(twice).toEqual([]);
  });
});
