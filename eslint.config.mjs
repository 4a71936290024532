import fs from 'node:fs';
import path from 'node:path';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const ROOT = import.meta.dirname;

/** A folder as a glob: route folders' `(group)` and `[param]` are glob syntax otherwise. */
const folderGlob = (folder) => `${folder.replace(/[()[\]{}!*?+@]/g, '\\$&')}/**`;

const subfolders = (parent) =>
  fs
    .readdirSync(path.join(ROOT, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`);

/**
 * The desks: each folder under app/(desk)/[site]/ and under app/(desk)/ but [site] itself. Read
 * from the tree, so a new desk is a leaf from its first file.
 */
const DESKS = [
  ...subfolders('app/(desk)').filter((folder) => folder !== 'app/(desk)/[site]'),
  ...subfolders('app/(desk)/[site]'),
];

const SERVER_ONLY_INFRA = ['lib/infra/db', 'lib/infra/secrets'];

/**
 * The boundaries between the project's parts (README, "Layout"). Imports are resolved to real
 * files (the TypeScript resolver eslint-config-next sets up), so `@/…` and `../…` count alike.
 */
const boundaryZones = [
  ...DESKS.map((desk) => ({
    target: folderGlob(desk),
    from: DESKS.filter((other) => other !== desk).map(folderGlob),
    message:
      'A desk imports only its own files, components/ and lib/: what two desks share belongs in components/ or lib/.',
  })),
  {
    target: 'components',
    from: [...SERVER_ONLY_INFRA, 'app'],
    message:
      'components/ is shared UI: it takes data and actions from its caller or from lib/services, never from the database, the secrets or a route.',
  },
  {
    target: 'demo-site',
    from: 'lib',
    message: 'The demo site stands in for a WordPress site: it shares no code with BM Desk.',
  },
  {
    target: 'lib/**/!(*.test).{ts,tsx}',
    from: 'demo-site/**',
    message:
      'Only tests start the demo site (tests/support/ has the helpers); shipped code never bundles it.',
  },
  {
    target: 'lib',
    from: 'app',
    message: 'lib/ is below the routes: a route imports lib/, never the other way round.',
  },
  {
    target: 'lib/infra',
    from: 'lib/services',
    message:
      'lib/infra is the lower tier: the services build on it, so it imports nothing from lib/services.',
  },
];

/** `import … from` a path under one of `folders`: '@/' and relative specifiers, resolved. */
function importedFolder(specifier, filename, folders) {
  let target;
  if (specifier.startsWith('@/')) target = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith('.')) target = path.resolve(path.dirname(filename), specifier);
  else return undefined;
  return folders.find((folder) => {
    const relative = path.relative(path.join(ROOT, folder), target);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

/** A 'use client' module ships to the browser: the database client and the secrets must not. */
const clientBoundary = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      forbidden:
        "A 'use client' module must not import {{folder}}: it would ship to the browser. Take the data as props, or import a plain module.",
    },
  },
  create(context) {
    const first = context.sourceCode.ast.body[0];
    if (first?.type !== 'ExpressionStatement' || first.directive !== 'use client') return {};
    const check = (node) => {
      if (node.source?.type !== 'Literal' || typeof node.source.value !== 'string') return;
      const folder = importedFolder(node.source.value, context.filename, SERVER_ONLY_INFRA);
      if (folder) context.report({ node: node.source, messageId: 'forbidden', data: { folder } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    plugins: { boundaries: { rules: { 'client-imports': clientBoundary } } },
    rules: {
      'import/no-restricted-paths': ['error', { basePath: ROOT, zones: boundaryZones }],
      'boundaries/client-imports': 'error',
    },
  },
  {
    ignores: [
      '.next/**',
      '.next-*/**',
      'node_modules/**',
      'data/**',
      'next-env.d.ts',
      'test-results*/**',
      'playwright-report/**',
    ],
  },
];

export default config;
