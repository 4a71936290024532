import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * `import 'server-only'` makes a client bundle that reaches the database or the secrets fail the
 * build. It only helps where it is written, so this walks the value imports (type imports vanish
 * when compiled) and checks it is written wherever it should be.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path.join(ROOT, full)] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

type Module = { imports: string[]; serverOnly: boolean; directive: 'use client' | 'use server' | null };
const modules = new Map<string, Module>();

function read(file: string): Module {
  const known = modules.get(file);
  if (known) return known;
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const imports: string[] = [];
  let serverOnly = false;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (statement.moduleSpecifier.text === 'server-only') serverOnly = true;
      const named = clause?.namedBindings;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          named &&
          ts.isNamedImports(named) &&
          named.elements.every((e) => e.isTypeOnly));
      if (typeOnly) continue;
      const target = resolveImport(file, statement.moduleSpecifier.text);
      if (target) imports.push(target);
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const target = resolveImport(file, statement.moduleSpecifier.text);
      if (target) imports.push(target);
    }
  }
  for (const match of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) {
    const target = resolveImport(file, match[1]!);
    if (target) imports.push(target);
  }
  const directive = /^\s*'use client'/.test(text)
    ? 'use client'
    : /^\s*'use server'/.test(text)
      ? 'use server'
      : null;
  const found = { imports, serverOnly, directive } as const;
  modules.set(file, found);
  return found;
}

/** Every module `file` loads, itself included; a 'use server' module's imports stay on the server. */
function reachable(file: string, intoServerActions: boolean): Set<string> {
  const seen = new Set([file]);
  const todo = [file];
  while (todo.length > 0) {
    const next = read(todo.pop()!);
    if (!intoServerActions && next.directive === 'use server' && seen.size > 1) continue;
    for (const target of next.imports) {
      if (!seen.has(target)) {
        seen.add(target);
        todo.push(target);
      }
    }
  }
  return seen;
}

const SECRET = /^lib\/infra\/(db\/client|secrets\/[^/]+)\.ts$/;

describe("import 'server-only'", () => {
  it('is in every module of lib/ that reaches the database client or the secrets', () => {
    const missing = sourceFiles('lib').filter((file) => {
      const own = read(file);
      if (own.serverOnly || own.directive === 'use server') return false;
      return [...reachable(file, true)].some((f) => SECRET.test(rel(f)));
    });
    expect(missing.map(rel)).toEqual([]);
  });

  it("is reached by no 'use client' module", () => {
    const leaks = [...sourceFiles('app'), ...sourceFiles('components')]
      .filter((file) => read(file).directive === 'use client')
      .flatMap((file) =>
        [...reachable(file, false)].filter((f) => read(f).serverOnly).map((f) => `${rel(file)} -> ${rel(f)}`),
      );
    expect(leaks).toEqual([]);
  });
});
