import { z } from 'zod';
import { Prng } from '../seed/prng';

// Faults a dashboard must survive, switched on through POST /__demo/faults. Each applies to every
// REST route, or only to routes starting with `only` (e.g. "/better-messages/v1/admin/getMessages").

export const faultSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    /** Delay before an uploaded file is served (files are not REST routes: `latencyMs` skips them). */
    fileLatencyMs: z.number().int().min(0).max(120_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    maintenance: z.boolean().optional(),
    malformedJson: z.boolean().optional(),
    revokePassword: z.string().optional(),
    rateLimit: z.object({ retryAfterSeconds: z.number().int().min(0) }).optional(),
    routesOff: z.array(z.string()).optional(),
    maxInputVars: z.number().int().min(1).optional(),
    mode: z.enum(['not-wordpress', 'rest-disabled', 'plugin-missing']).optional(),
    /** WordPress without pretty permalinks: /wp-json/ is the theme's 404 page, only ?rest_route= answers. */
    plainPermalinks: z.boolean().optional(),
    only: z.string().optional(),
  })
  .strict();

export type Faults = z.infer<typeof faultSchema>;

export class FaultState {
  faults: Faults = {};
  private rng: Prng;

  constructor(seed: number) {
    this.rng = new Prng(seed, 7);
  }

  set(f: Faults) {
    this.faults = f;
  }

  clear() {
    this.faults = {};
  }

  /** Does a per-request fault (latency, errors, maintenance...) apply to this REST route? */
  applies(route: string): boolean {
    return !this.faults.only || route.startsWith(this.faults.only);
  }

  /** errorRate draws from a seeded generator so a failing test run can be replayed. */
  shouldFail(): boolean {
    return (this.faults.errorRate ?? 0) > 0 && this.rng.next() < (this.faults.errorRate ?? 0);
  }

  isRouteOff(group: string | undefined, fullRoute: string): boolean {
    return (this.faults.routesOff ?? []).some((r) =>
      r.startsWith('/') ? fullRoute.startsWith(r) : r === group,
    );
  }
}

export const MAINTENANCE_HTML =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Maintenance</title></head><body>' +
  '<h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>';

export const WAF_HTML =
  '<!DOCTYPE html><html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>' +
  '<p>Your request has been rate limited by the web application firewall. Ray ID: 8a1b2c3d4e5f6789</p></body></html>';

export function wordpressHomeHtml(siteUrl: string, restLinks: boolean): string {
  const api = restLinks ? `<link rel="https://api.w.org/" href="${siteUrl}/wp-json/" />` : '';
  return (
    `<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>Demo Community</title>` +
    `<meta name="generator" content="WordPress 6.1.9" />${api}` +
    `<link rel="stylesheet" href="${siteUrl}/wp-content/themes/twentytwentythree/style.css" />` +
    `<link rel="stylesheet" href="${siteUrl}/wp-content/plugins/bp-better-messages/assets/css/bp-messages.css" /></head>` +
    `<body class="home wp-embed-responsive"><h1>Demo Community</h1><p>Just another WordPress site</p></body></html>`
  );
}

export const NOT_WORDPRESS_HTML =
  '<!DOCTYPE html><html><head><title>Acme Widgets</title></head><body><h1>Acme Widgets</h1>' +
  '<p>Hand-made widgets since 1999.</p></body></html>';
