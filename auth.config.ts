import type { NextAuthConfig } from 'next-auth';

const PUBLIC_PATHS = ['/signin', '/setup', '/api/auth', '/api/health'];

/** The part of the auth config the proxy needs: no database, no providers. */
export const authConfig = {
  pages: { signIn: '/signin' },
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const path = request.nextUrl.pathname;
      if (PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) return true;
      return Boolean(auth?.user);
    },
    jwt({ token, user }) {
      if (user?.id) token.memberId = user.id;
      return token;
    },
    session({ session, token }) {
      if (typeof token.memberId === 'string') session.user.id = token.memberId;
      return session;
    },
  },
} satisfies NextAuthConfig;
