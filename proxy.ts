import NextAuth from 'next-auth';
import { authConfig } from './auth.config';
import { authSecret } from './lib/auth/secret';

// Only checks that a session cookie is valid; every page and action re-checks the member.
const { auth } = NextAuth(() => ({ ...authConfig, secret: authSecret() }));
export { auth as proxy };

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
