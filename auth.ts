import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { authConfig } from './auth.config';
import { findMemberForSignIn, markSignedIn } from './lib/infra/auth/members';
import { verifyPassword } from './lib/infra/auth/password';
import { authSecret } from './lib/infra/auth/secret';
import { checkSignInThrottle, clearAccountFailures, recordFailedSignIn } from './lib/infra/auth/throttle';
import { clientAddress } from './lib/infra/auth/client-address';

class ThrottledSignIn extends CredentialsSignin {
  code = 'throttled';
}

const CredentialsInput = z.object({ email: z.string().trim().min(1), password: z.string().min(1) });

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: authSecret(),
  logger: {
    // A wrong password is an expected outcome (throttled and answered in the form), not a server error.
    error(error) {
      if (error.name === 'CredentialsSignin' || error.name === 'ThrottledSignIn') return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = CredentialsInput.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientAddress(request.headers);
        const verdict = await checkSignInThrottle(email, ip);
        if (!verdict.allowed) throw new ThrottledSignIn();
        const member = await findMemberForSignIn(email);
        // Always verify, even without a member, so timing does not reveal who is a member.
        const ok = await verifyPassword(member?.passwordHash ?? null, password);
        if (!member || !ok || member.disabled) {
          await recordFailedSignIn(email, ip);
          return null;
        }
        await clearAccountFailures(email);
        await markSignedIn(member.id);
        return { id: String(member.id), email: member.email, name: member.name };
      },
    }),
  ],
}));
