import type { NextAuthConfig } from 'next-auth';

const PUBLIC_PATHS = ['/signin', '/setup', '/invite', '/api/auth', '/api/health'];
// The icon and the manifest (public/): the sign-in page shows the icon too, and browsers fetch
// a manifest without cookies, so behind sign-in they would get a redirect instead.
const PUBLIC_FILES = ['/icon.svg', '/icon-192.png', '/icon-512.png', '/manifest.webmanifest'];

export function isPublicPath(path: string): boolean {
  return PUBLIC_FILES.includes(path) || PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The part of the auth config the proxy needs: no database, no providers. */
export const authConfig = {
  pages: { signIn: '/signin' },
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      return isPublicPath(request.nextUrl.pathname) || Boolean(auth?.user);
    },
    jwt({ token, user }) {
      // Kept through token refreshes: the server compares it with the member's revocation time.
      if (user?.id) {
        token.memberId = user.id;
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.memberId === 'string') session.user.id = token.memberId;
      session.signedInAt = typeof token.signedInAt === 'number' ? token.signedInAt : 0;
      return session;
    },
  },
} satisfies NextAuthConfig;
