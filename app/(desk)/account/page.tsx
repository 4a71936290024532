import type { Metadata } from 'next';
import { MIN_PASSWORD_LENGTH } from '@/lib/infra/auth/password';
import { ROLE_LABELS } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { getMediaCare } from '@/lib/services/care/exposure';
import { CareForm } from './care-form';
import { PasswordForm } from './password-form';
import { ThemeForm } from './theme-form';
import { UndoWindowForm } from './undo-window-form';
import { getUndoWindow } from '@/lib/services/team/undo-window';
import { getAlertPrefs, getMailSettings } from '@/lib/services/alerts/settings';
import { AlertChannelsForm } from './alert-channels-form';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const member = await requireMember();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Your account</h1>
        <p className="text-xs text-muted">
          {member.name} · {member.email} · {ROLE_LABELS[member.role]}
        </p>
      </div>
      <ThemeForm initial={member.theme} />
      <CareForm initial={await getMediaCare(member.id)} />
      <UndoWindowForm initial={await getUndoWindow(member.id)} />
      <AlertChannelsForm
        initial={await getAlertPrefs(member.id)}
        mailServer={(await getMailSettings()) !== null}
      />
      <PasswordForm minPasswordLength={MIN_PASSWORD_LENGTH} />
    </div>
  );
}
