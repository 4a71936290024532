'use client';

import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/field';
import type { FieldDef, RateLimit, RoleOption, SettingValue } from '@/lib/services/settings/fields';

type Props = { field: FieldDef; value: SettingValue; roles: RoleOption[]; error?: string[] };

/** One setting as a form control; names follow readForm() in settings-form.tsx. */
export function SettingInput({ field, value, roles, error }: Props) {
  const id = `setting-${field.key}`;
  const describedBy = error?.length ? `${id}-error` : field.hint ? `${id}-hint` : undefined;
  const invalid = error?.length ? true : undefined;
  const control = (() => {
    switch (field.kind) {
      case 'flag':
        return (
          <input
            id={id}
            type="checkbox"
            name={field.key}
            value="1"
            defaultChecked={value === '1'}
            aria-describedby={describedBy}
          />
        );
      case 'roles':
        return (
          <div id={id} role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy}>
            <div className="flex flex-wrap gap-x-3 gap-y-1">
              {roles.map((r) => (
                <label key={r.key} className="flex items-center gap-1 text-xs">
                  <input
                    type="checkbox"
                    name={field.key}
                    value={r.key}
                    defaultChecked={(value as string[]).includes(r.key)}
                  />
                  {r.name}
                </label>
              ))}
            </div>
          </div>
        );
      case 'int':
        return (
          <span className="flex items-center gap-2">
            <input
              id={id}
              name={field.key}
              inputMode="numeric"
              defaultValue={String(value)}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              className={cn(inputClass, 'w-32', invalid && 'border-danger')}
            />
            <span className="text-xs text-muted">{field.unit}</span>
          </span>
        );
      case 'emails':
      case 'lines':
        return (
          <textarea
            id={id}
            name={field.key}
            rows={4}
            defaultValue={String(value)}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            className={cn(inputClass, 'h-auto py-1.5 font-mono', invalid && 'border-danger')}
          />
        );
      case 'select':
        return (
          <select
            id={id}
            name={field.key}
            defaultValue={String(value)}
            aria-describedby={describedBy}
            className={cn(inputClass, 'w-auto')}
          >
            {field.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        );
      case 'extensions':
        return (
          <input
            id={id}
            name={field.key}
            defaultValue={(value as string[]).join(', ')}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            className={cn(inputClass, invalid && 'border-danger')}
          />
        );
      case 'rateLimit':
        return (
          <table id={id} className="text-xs" aria-describedby={describedBy}>
            <tbody>
              {roles.map((r) => {
                const limit = (value as RateLimit)[r.key];
                return (
                  <tr key={r.key}>
                    <td className="py-0.5 pr-3">{r.name}</td>
                    <td className="py-0.5 pr-2">
                      <input
                        aria-label={`${r.name} replies`}
                        name={`${field.key}.${r.key}.value`}
                        inputMode="numeric"
                        defaultValue={String(limit?.value ?? 0)}
                        className={cn(inputClass, 'h-7 w-20')}
                      />
                    </td>
                    <td className="py-0.5">
                      <select
                        aria-label={`${r.name} per`}
                        name={`${field.key}.${r.key}.type`}
                        defaultValue={limit?.type ?? 'hour'}
                        className={cn(inputClass, 'h-7 w-auto')}
                      >
                        <option value="hour">per hour</option>
                        <option value="day">per day</option>
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
    }
  })();

  return (
    <div className="grid grid-cols-[16rem_1fr] items-start gap-3 py-2" data-setting={field.key}>
      <label
        id={`${id}-label`}
        htmlFor={field.kind === 'roles' || field.kind === 'rateLimit' ? undefined : id}
        className="pt-1 text-sm"
      >
        {field.label}
      </label>
      <div className="space-y-1">
        {control}
        {error?.length ? (
          <p id={`${id}-error`} className="text-xs text-danger">
            {error.join(' ')}
          </p>
        ) : field.hint ? (
          <p id={`${id}-hint`} className="text-xs text-muted">
            {field.hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
