import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_URLS } from '@/app/url-params';

const APP = path.resolve(import.meta.dirname, '../../app');

/** Every page.tsx and route.ts under app/, as the address it answers (route groups left out). */
function routeFiles(dir = APP): { path: string; kind: 'page' | 'route'; file: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    const kind = entry.name === 'page.tsx' ? 'page' : entry.name === 'route.ts' ? 'route' : null;
    if (!kind) return [];
    const segments = path
      .relative(APP, dir)
      .split(path.sep)
      .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('_'));
    return [{ path: `/${segments.join('/')}`, kind, file: full }];
  });
}

describe('the URL inventory the fuzz test walks', () => {
  const files = routeFiles();

  it('lists every page and route the app has, and nothing else', () => {
    const listed = APP_URLS.map((u) => `${u.kind} ${u.path}`).sort();
    expect(listed).toEqual(files.map((f) => `${f.kind} ${f.path}`).sort());
  });

  it('names each dynamic segment, and gives a schema or the keys to every file that reads its query', () => {
    for (const f of files) {
      const url = APP_URLS.find((u) => u.path === f.path && u.kind === f.kind)!;
      const dynamic = [...f.path.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]).sort();
      expect(Object.keys(url.segments ?? {}).sort(), f.path).toEqual(dynamic);
      const source = fs.readFileSync(f.file, 'utf8');
      if (/searchParams/.test(source)) expect(url.search ?? url.keys, f.path).toBeDefined();
    }
  });
});
