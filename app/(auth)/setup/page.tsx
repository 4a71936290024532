import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { countMembers } from '@/lib/infra/auth/members';
import { MIN_PASSWORD_LENGTH } from '@/lib/infra/auth/password';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Set up' };

// First run only: once any member exists, this page is gone.
export default async function SetupPage() {
  if ((await countMembers()) > 0) redirect('/signin');
  return <SetupForm minPasswordLength={MIN_PASSWORD_LENGTH} />;
}
