import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/field';
import { MIN_PASSWORD_LENGTH } from '@/lib/infra/auth/password';
import { ROLE_LABELS } from '@/lib/infra/auth/permissions';
import { findInvitation, INVITATION_MESSAGES } from '@/lib/services/team/invitations';
import { AcceptForm } from './accept-form';

export const metadata: Metadata = { title: 'Join BM Desk', referrer: 'no-referrer' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { state, invitation } = await findInvitation(token);
  if (state !== 'valid' || !invitation) {
    return (
      <Card className="p-6" data-testid="invitation-invalid">
        <h1 className="text-base font-semibold">Invitation</h1>
        <p className="mt-2 text-sm">{INVITATION_MESSAGES[state === 'valid' ? 'unknown' : state]}</p>
        <Link href="/signin" className="mt-3 inline-block text-sm text-accent underline">
          Sign in
        </Link>
      </Card>
    );
  }
  return (
    <AcceptForm
      token={token}
      email={invitation.email}
      role={ROLE_LABELS[invitation.role]}
      minPasswordLength={MIN_PASSWORD_LENGTH}
    />
  );
}
