import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import boundaries are lint rules (eslint.config.mjs). Each is shown here to fire: a
 * forbidden import planted in its zone is an error, and the permitted ones beside it are not.
 * Planted imports name files that exist: an import the resolver cannot follow is not checked.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const BOUNDARY_RULES = new Set(['import/no-restricted-paths', 'boundaries/client-imports']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The boundary errors for `code` as if it were the file `file` (nothing is written). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

const importing = (specifier: string) => `import * as planted from '${specifier}';\nexport { planted };\n`;

const folders = (parent: string) =>
  fs
    .readdirSync(path.join(ROOT, parent), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${parent}/${e.name}`);

function firstSource(folder: string): string | undefined {
  for (const entry of fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true })) {
    const full = `${folder}/${entry.name}`;
    if (entry.isFile() && /\.tsx?$/.test(entry.name)) return full;
    if (entry.isDirectory()) {
      const inside = firstSource(full);
      if (inside) return inside;
    }
  }
  return undefined;
}

const DESKS = [
  ...folders('app/(desk)').filter((f) => f !== 'app/(desk)/[site]'),
  ...folders('app/(desk)/[site]'),
];

describe('import boundaries', () => {
  it('make every desk folder a leaf: no desk imports another', async () => {
    expect(DESKS.length).toBeGreaterThan(10);
    for (const desk of DESKS) {
      const other = DESKS.find((d) => d !== desk && firstSource(d));
      const target = firstSource(other!)!.replace(/\.tsx?$/, '');
      const errors = await boundaryErrors(`${desk}/planted.tsx`, importing(`@/${target}`));
      expect(errors, `${desk} importing ${target}`).toHaveLength(1);
    }
  }, 60_000);

  it('count a relative import into a sibling desk too', async () => {
    expect(
      await boundaryErrors('app/(desk)/[site]/users/planted.tsx', importing('../threads/page')),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('app/(desk)/team/planted.tsx', importing('../[site]/threads/page')),
    ).toHaveLength(1);
  });

  it('let a desk import its own files, components/ and lib/', async () => {
    const code = [
      "import * as own from './page';",
      "import * as ui from '@/components/ui/cn';",
      "import * as services from '@/lib/services/sites/site-list';",
      "import * as db from '@/lib/infra/db/client';",
      'export { own, ui, services, db };',
    ].join('\n');
    expect(await boundaryErrors('app/(desk)/[site]/threads/planted.tsx', code)).toEqual([]);
  });

  it('keep components/ away from the database, the secrets and the routes', async () => {
    const file = 'components/ui/planted.tsx';
    expect(await boundaryErrors(file, importing('@/lib/infra/db/client'))).toHaveLength(1);
    expect(await boundaryErrors(file, importing('@/lib/infra/secrets/seal'))).toHaveLength(1);
    expect(await boundaryErrors(file, importing('@/app/url-params'))).toHaveLength(1);
    expect(await boundaryErrors(file, importing('@/lib/services/sites/site-list'))).toEqual([]);
  });

  it('keep the demo site and lib/ apart, but for tests', async () => {
    expect(
      await boundaryErrors('demo-site/planted.ts', importing('../lib/infra/format/plural')),
    ).toHaveLength(1);
    expect(await boundaryErrors('lib/services/demo/planted.ts', importing('@/demo-site/index'))).toHaveLength(
      1,
    );
    expect(await boundaryErrors('lib/services/demo/planted.test.ts', importing('@/demo-site/index'))).toEqual(
      [],
    );
    expect(await boundaryErrors('tests/support/planted.ts', importing('@/demo-site/index'))).toEqual([]);
  });

  it('keep lib/ below app/', async () => {
    expect(await boundaryErrors('lib/services/sites/planted.ts', importing('@/app/url-params'))).toHaveLength(
      1,
    );
  });

  it('keep lib/infra below lib/services', async () => {
    const file = 'lib/infra/auth/planted.ts';
    expect(await boundaryErrors(file, importing('@/lib/services/sites/site-list'))).toHaveLength(1);
    expect(await boundaryErrors(file, importing('@/lib/infra/db/client'))).toEqual([]);
  });

  it("keep the database and the secrets out of 'use client' modules", async () => {
    const file = 'app/(desk)/team/planted.tsx';
    const client = (specifier: string) => `'use client';\n${importing(specifier)}`;
    expect(await boundaryErrors(file, client('@/lib/infra/db/schema'))).toHaveLength(1);
    expect(await boundaryErrors(file, client('../../../lib/infra/secrets/seal'))).toHaveLength(1);
    expect(await boundaryErrors(file, client('@/lib/infra/auth/roles'))).toEqual([]);
    // A server component may read the database.
    expect(await boundaryErrors(file, importing('@/lib/infra/db/schema'))).toEqual([]);
  });
});
