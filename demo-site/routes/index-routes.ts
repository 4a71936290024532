import type { Ctx } from '../context';
import type { RouteDef } from '../http/router';

interface Listed {
  ns: string;
  full: string;
  methods: string[];
}

function describe(ctx: Ctx, routes: Listed[]) {
  const out: Record<string, unknown> = {};
  for (const r of routes) {
    const entry = (out[r.full] ??= { namespace: r.ns, methods: [], endpoints: [] }) as {
      methods: string[];
      endpoints: unknown[];
      _links?: unknown;
    };
    entry.methods.push(...r.methods);
    entry.endpoints.push({ methods: r.methods, args: [] });
    // WordPress links only routes without pattern groups.
    if (!r.full.includes('(')) entry._links = { self: [{ href: `${ctx.url}/wp-json${r.full}` }] };
  }
  return out;
}

/** The discovery documents: `/` (site index) and one per namespace, listing only active routes. */
export function indexRoutes(ctx: Ctx, active: (RouteDef & { full: string })[]): RouteDef[] {
  const namespaces = [...new Set(active.map((r) => r.ns))];
  const listed: Listed[] = active.map((r) => ({ ns: r.ns, full: r.full, methods: r.methods }));
  const nsEntries: Listed[] = namespaces.map((ns) => ({ ns, full: `/${ns}`, methods: ['GET'] }));
  const siteIndex = {
    ns: '',
    path: '/',
    methods: ['GET'],
    permission: 'public' as const,
    handler: () => ({
      name: 'BM Demo Site',
      description: 'A Better Messages-compatible demo community',
      url: ctx.url,
      home: ctx.url,
      gmt_offset: '0',
      timezone_string: '',
      namespaces: ['oembed/1.0', ...namespaces.filter((n) => n !== 'wp/v2'), 'wp/v2'],
      authentication: {
        'application-passwords': {
          endpoints: { authorization: `${ctx.url}/wp-admin/authorize-application.php` },
        },
      },
      routes: describe(ctx, [{ ns: '', full: '/', methods: ['GET'] }, ...nsEntries, ...listed]),
      site_logo: 0,
      site_icon: 0,
      site_icon_url: '',
      _links: { help: [{ href: 'https://developer.wordpress.org/rest-api/' }] },
    }),
  };
  const perNamespace = namespaces.map((ns) => ({
    ns,
    path: '',
    methods: ['GET'],
    permission: 'public' as const,
    handler: () => ({
      namespace: ns,
      routes: describe(ctx, [{ ns, full: `/${ns}`, methods: ['GET'] }, ...listed.filter((r) => r.ns === ns)]),
      _links: { up: [{ href: `${ctx.url}/wp-json/` }] },
    }),
  }));
  return [{ ...siteIndex, ns: '', path: '' }, ...perNamespace];
}
