/**
 * Server actions posted from another site. Next refuses them itself, but by throwing inside its
 * action handler: a 500 and an error in the log for what is an ordinary refusal. proxy.ts answers
 * them first, with a 403 in words, by the same rule Next applies: a POST Next would treat as an
 * action (a `Next-Action` header or a multipart form) whose Origin is not the host it was sent to.
 * No `serverActions.allowedOrigins` is configured, so no other origin is ever allowed.
 */
export function refuseCrossOriginAction(req: Request): Response | null {
  if (req.method !== 'POST') return null;
  const headers = req.headers;
  const isAction =
    headers.has('next-action') || (headers.get('content-type') ?? '').startsWith('multipart/form-data');
  const origin = headers.get('origin');
  // Browsers always send Origin on a POST; a request without one is handmade and carries only
  // credentials its sender already has, which Next lets through too.
  if (!isAction || origin === null) return null;
  // Next compares against the first X-Forwarded-Host (which it fills from Host when absent).
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  if (host && originHost(origin) === host) return null;
  return new Response(
    'Refused: this request to BM Desk was sent from another site. Open BM Desk itself and try again there.\n',
    { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } },
  );
}

function originHost(origin: string): string | null {
  try {
    return origin === 'null' ? null : new URL(origin).host;
  } catch {
    return null;
  }
}
