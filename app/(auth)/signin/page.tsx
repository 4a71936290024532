import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { countMembers } from '@/lib/infra/auth/members';
import { getCurrentMember } from '@/lib/infra/auth/current-member';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  if ((await countMembers()) === 0) redirect('/setup');
  if (await getCurrentMember()) redirect('/');
  const { callbackUrl } = await searchParams;
  return <SignInForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined} />;
}
