import NextAuth, { type NextAuthRequest } from 'next-auth';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { authConfig, isPublicPath } from './auth.config';
import { authSecret } from './lib/infra/auth/secret';
import { FILE_CSP } from './lib/services/files/safe-file-response';
import { refuseCrossOriginAction } from './lib/infra/security/action-origin';
import { contentSecurityPolicy } from './lib/infra/security/csp';

/** `/<site>/files/<attachmentId>`: the safe file route. */
const FILE_ROUTE = /^\/[^/]+\/files\/\d+$/;

/**
 * Runs before every page: sends visitors without a session to sign in (pages and actions
 * still check the member themselves) and gives each response a fresh CSP nonce, which Next
 * puts on its own scripts; no other script may run.
 */
function guard(req: NextAuthRequest) {
  const { pathname, search } = req.nextUrl;
  if (!req.auth?.user && !isPublicPath(pathname)) {
    const url = new URL('/signin', req.nextUrl);
    if (pathname !== '/') url.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
  // Files people sent are served under their own sandboxing policy: no script, no page CSP to merge.
  if (FILE_ROUTE.test(pathname)) {
    const res = NextResponse.next();
    res.headers.set('Content-Security-Policy', FILE_CSP);
    return res;
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(req.headers);
  headers.set('content-security-policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('Content-Security-Policy', csp);
  return res;
}

function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

type Handler = (req: NextRequest, ev: NextFetchEvent) => Promise<Response>;
let handler: Handler | undefined;

// Built on the first request, not at import: `next build` imports this file, and the
// secret may have to be generated into the data folder.
export function proxy(req: NextRequest, ev: NextFetchEvent) {
  // A path no decoder accepts (`/%C0%80`) names nothing here; left to Next, it answers 500.
  if (!decodable(req.nextUrl.pathname)) return new NextResponse('Bad address.\n', { status: 400 });
  const refused = refuseCrossOriginAction(req);
  if (refused) return refused;
  handler ??= NextAuth({ ...authConfig, secret: authSecret() }).auth(guard) as unknown as Handler;
  return handler(req, ev);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
