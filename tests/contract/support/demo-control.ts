/** The demo site's fault and stats API (`/__demo/*`); only exists when `isDemo`. */
import { site } from './site';

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${site.url}/__demo/${path}`, {
    method,
    headers: { 'x-demo-control': site.controlToken ?? '', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`demo control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** See demo-site/http/faults.ts for the keys. */
export function setFaults(faults: Record<string, unknown>): Promise<unknown> {
  return control('POST', 'faults', faults);
}

/** Also restores revoked application passwords. */
export function clearFaults(): Promise<unknown> {
  return control('DELETE', 'faults');
}

/** How many requests the demo site has seen for one REST route so far. */
export async function callsTo(route: string): Promise<number> {
  const stats = (await control('GET', 'stats')) as { byRoute: Record<string, number> };
  return stats.byRoute[route] ?? 0;
}
