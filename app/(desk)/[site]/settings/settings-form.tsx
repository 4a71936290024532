'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Card, FormError } from '@/components/ui/field';
import {
  diffSettings,
  FIELDS,
  SECTIONS,
  validateForm,
  type RoleOption,
  type SettingChange,
  type SettingValue,
} from '@/lib/services/settings/fields';
import type { SavedChange } from '@/lib/services/settings/save';
import { saveSiteSettings } from './actions';
import { DiffTable } from './diff-table';
import { SettingInput } from './setting-input';
import { plural } from '@/lib/infra/format/plural';

/** The form's controls back to raw values per setting key (validated by validateForm). */
function readForm(form: HTMLFormElement, roles: RoleOption[]): Record<string, unknown> {
  const data = new FormData(form);
  const raw: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (field.kind === 'flag') raw[field.key] = data.has(field.key) ? '1' : '0';
    else if (field.kind === 'roles') raw[field.key] = data.getAll(field.key);
    else if (field.kind === 'rateLimit') {
      raw[field.key] = Object.fromEntries(
        roles.map((r) => [
          r.key,
          { value: data.get(`${field.key}.${r.key}.value`), type: data.get(`${field.key}.${r.key}.type`) },
        ]),
      );
    } else raw[field.key] = data.get(field.key) ?? '';
  }
  return raw;
}

type Phase =
  | { step: 'edit'; errors: Record<string, string[]>; message?: string }
  | { step: 'review'; changes: SettingChange[] }
  | { step: 'saved'; saved: SavedChange[] };

export function SettingsForm({
  siteId,
  initial,
  roles,
  canEdit,
}: {
  siteId: number;
  initial: Record<string, SettingValue>;
  roles: RoleOption[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ step: 'edit', errors: {} });
  const [saving, startSaving] = useTransition();
  const roleNames = Object.fromEntries(roles.map((r) => [r.key, r.name]));
  const errors = phase.step === 'edit' ? phase.errors : {};

  const review = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { values, errors: found } = validateForm(
      readForm(event.currentTarget, roles),
      roles.map((r) => r.key),
    );
    if (Object.keys(found).length) {
      setPhase({
        step: 'edit',
        errors: found,
        message: 'Some values need attention (see beside each field).',
      });
      return;
    }
    const changes = diffSettings(initial, values);
    if (changes.length === 0) setPhase({ step: 'edit', errors: {}, message: 'Nothing has changed.' });
    else setPhase({ step: 'review', changes });
  };

  const save = (changes: SettingChange[]) =>
    startSaving(async () => {
      const result = await saveSiteSettings({
        siteId,
        changes: Object.fromEntries(changes.map((c) => [c.key, { from: c.from, to: c.to }])),
      });
      if (result.ok) {
        setPhase({ step: 'saved', saved: result.data.saved });
        router.refresh();
      } else {
        setPhase({
          step: 'edit',
          errors: (result.fieldErrors ?? {}) as Record<string, string[]>,
          message: result.error,
        });
      }
    });

  return (
    <div className="space-y-4">
      {phase.step === 'saved' ? (
        <Card className="space-y-2 p-4" role="status" aria-label="Saved settings">
          <h2 className="text-sm font-semibold">Saved. What the site stores now:</h2>
          <DiffTable
            testId="settings-stored"
            roleNames={roleNames}
            rows={phase.saved.map((s) => ({ ...s, to: s.sent }))}
          />
        </Card>
      ) : null}
      {/* A new key after a save starts the form from the values the site now holds. */}
      <form key={JSON.stringify(initial)} onSubmit={review} noValidate>
        <fieldset disabled={!canEdit || saving} className="space-y-4">
          {SECTIONS.map((section) => (
            <Card key={section.id} className="px-4 py-2">
              <h2 className="pt-1 text-sm font-semibold">{section.title}</h2>
              <div className="divide-y divide-border/60">
                {section.fields.map((f) => (
                  <SettingInput
                    key={f.key}
                    field={f}
                    value={initial[f.key]!}
                    roles={roles}
                    error={errors[f.key]}
                  />
                ))}
              </div>
            </Card>
          ))}
        </fieldset>
        <div className="sticky bottom-0 mt-4 space-y-2 border-t border-border bg-bg py-3">
          {phase.step === 'edit' ? <FormError message={phase.message} /> : null}
          {canEdit ? (
            <Button type="submit" disabled={saving}>
              Review changes
            </Button>
          ) : (
            <p className="text-sm text-muted">Only owners and admins can change plugin settings.</p>
          )}
        </div>
      </form>
      {phase.step === 'review' ? (
        <Dialog
          label="Review changes"
          onClose={() => {
            if (!saving) setPhase({ step: 'edit', errors: {} });
          }}
          overlayClassName="fixed inset-0 z-20 flex items-center justify-center bg-black/40 p-4"
          className="w-full max-w-3xl space-y-3 rounded-lg border border-border bg-surface p-4"
        >
          <h2 className="text-sm font-semibold">
            {plural(phase.changes.length, 'setting changes', 'settings change')}
          </h2>
          <p className="text-xs text-muted">Only these keys are sent; every other setting stays as it is.</p>
          <DiffTable testId="settings-diff" roleNames={roleNames} rows={phase.changes} />
          <div className="flex gap-2">
            <Button onClick={() => save(phase.changes)} disabled={saving} autoFocus>
              {saving ? 'Saving…' : 'Save to the site'}
            </Button>
            <Button
              variant="secondary"
              onClick={() => setPhase({ step: 'edit', errors: {} })}
              disabled={saving}
            >
              Back to editing
            </Button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
