'use client';

import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/use-form-action';
import { Card, Field, FormError } from '@/components/ui/field';
import type { SiteModules } from '@/lib/infra/better-messages/site-modules';
import { connectSite, testSiteConnection, updateSite } from './actions';
import { ModuleList, ModuleNotes } from '@/components/sites/module-list';

type Existing = { id: number; name: string; url: string; username: string };
type TestState =
  { ok: true; wpUserName: string; modules: SiteModules | null } | { ok: false; error: string } | null;

export function SiteForm({ site }: { site?: Existing }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, onSubmit, saving] = useFormAction(async (prev: unknown, fd: FormData) => {
    const result = site ? await updateSite(fd) : await connectSite(fd);
    if (result.ok) router.push(`/${result.data?.slug ?? ''}`);
    return result;
  });
  const [test, setTest] = useState<TestState>(null);
  const [testing, startTest] = useTransition();
  const errors = state && !state.ok ? state.fieldErrors : undefined;

  function runTest() {
    const fd = new FormData(formRef.current!);
    startTest(async () => {
      const r = await testSiteConnection(fd);
      setTest(
        r.ok
          ? { ok: true, ...r.data }
          : {
              ok: false,
              error: r.fieldErrors ? Object.values(r.fieldErrors).flat().join(' ') || r.error : r.error,
            },
      );
    });
  }

  return (
    <Card className="max-w-xl p-6">
      <form ref={formRef} onSubmit={onSubmit} className="space-y-3" onChange={() => setTest(null)}>
        {site ? <input type="hidden" name="siteId" value={site.id} /> : null}
        <Field
          label="Name"
          name="name"
          required
          defaultValue={site?.name}
          placeholder="Community forum"
          error={errors?.name}
        />
        <Field
          label="Site address"
          name="url"
          required
          defaultValue={site?.url}
          placeholder="https://community.example.org"
          error={errors?.url}
        />
        <Field
          label="WordPress username"
          name="username"
          required
          defaultValue={site?.username}
          autoComplete="off"
          error={errors?.username}
          hint="An administrator: Better Messages' moderation routes need the manage_options capability."
        />
        <Field
          label="Application password"
          name="appPassword"
          type="password"
          autoComplete="new-password"
          required={!site}
          placeholder={
            site
              ? 'Leave empty to keep the stored password (same address only)'
              : 'xxxx xxxx xxxx xxxx xxxx xxxx'
          }
          error={errors?.appPassword}
          hint="In WordPress: Users → Profile → Application Passwords. Not the login password. It is stored sealed, never shown again, and only ever sent to the address it was entered for: a new address needs it again."
        />
        {test ? (
          test.ok ? (
            <div role="status" className="rounded-md border border-ok/40 bg-ok-bg px-3 py-2 text-sm text-ok">
              Connected as {test.wpUserName}.
              {test.modules ? (
                <>
                  <ModuleList modules={test.modules} />
                  <ModuleNotes modules={test.modules} />
                </>
              ) : null}
            </div>
          ) : (
            <FormError message={test.error} />
          )
        ) : null}
        <FormError message={state && !state.ok && !errors ? state.error : null} />
        <div className="flex gap-2 pt-1">
          <Button type="submit" disabled={saving}>
            {saving ? 'Checking and saving…' : site ? 'Save changes' : 'Connect site'}
          </Button>
          <Button type="button" variant="secondary" onClick={runTest} disabled={testing}>
            {testing ? 'Testing…' : 'Test connection'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
