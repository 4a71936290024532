'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card, FormError } from '@/components/ui/field';
import { fixReportsSetting } from './actions';

/**
 * The plugin reads messagesViewer as on (a default) yet serves no reports route: its loader only
 * honours a *stored* messagesViewer and forces allowReports off otherwise. Storing both keys fixes it.
 */
export function ReportsFix({
  siteId,
  canEdit,
  allowReportsReads,
}: {
  siteId: number;
  canEdit: boolean;
  /** What the site answers for allowReports now: the real plugin answers off, forced. */
  allowReportsReads: boolean;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const fix = () =>
    start(async () => {
      const result = await fixReportsSetting({ siteId });
      if (!result.ok) setMessage({ ok: false, text: result.error });
      else {
        setMessage({
          ok: result.data.reportsRoute === true,
          text: result.data.reportsRoute
            ? 'Stored. Reports now work on the site.'
            : 'Stored, but the site still has no reports route. Check the plugin settings page in WordPress.',
        });
        setConfirming(false);
        router.refresh();
      }
    });
  return (
    <Card className="space-y-2 border-warn/50 bg-warn-bg p-4" data-testid="reports-fix">
      <h2 className="text-sm font-semibold text-warn">Reports cannot be switched on yet on this site</h2>
      <p className="text-sm">
        Better Messages has never saved its settings on this site, so the plugin ignores the default
        &quot;Messages viewer: on&quot; and keeps reports switched off, even when &quot;Allow reports&quot;
        was stored on. Storing both settings explicitly fixes it.
      </p>
      {confirming ? (
        <table className="text-xs" data-testid="reports-fix-diff">
          <tbody>
            <tr>
              <td className="pr-3 font-mono">messagesViewer</td>
              <td className="pr-3 text-danger">on (default, not stored)</td>
              <td className="text-ok">on (stored)</td>
            </tr>
            <tr>
              <td className="pr-3 font-mono">allowReports</td>
              <td className="pr-3 text-danger">
                {allowReportsReads ? 'on (ignored by the plugin)' : 'off (forced by the plugin)'}
              </td>
              <td className="text-ok">on (stored)</td>
            </tr>
          </tbody>
        </table>
      ) : null}
      <FormError message={message && !message.ok ? message.text : null} />
      {message?.ok ? (
        <p role="status" className="text-sm text-ok">
          {message.text}
        </p>
      ) : null}
      {canEdit ? (
        confirming ? (
          <div className="flex gap-2">
            <Button onClick={fix} disabled={pending}>
              {pending ? 'Storing…' : 'Store both settings'}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
              Cancel
            </Button>
          </div>
        ) : (
          <Button onClick={() => setConfirming(true)}>Fix reports…</Button>
        )
      ) : (
        <p className="text-xs text-muted">An owner or admin can fix this here.</p>
      )}
    </Card>
  );
}
