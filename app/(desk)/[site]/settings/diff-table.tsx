import { display, FIELD_BY_KEY, sameValue, type SettingValue } from '@/lib/services/settings/fields';

export type DiffRow = {
  key: string;
  label: string;
  from: SettingValue;
  to: SettingValue;
  stored?: SettingValue;
};

/** Old and new values side by side; after a save, also what the site actually stored. */
export function DiffTable({
  rows,
  roleNames,
  testId,
}: {
  rows: DiffRow[];
  roleNames: Record<string, string>;
  testId: string;
}) {
  const afterSave = rows.some((r) => r.stored !== undefined);
  return (
    <table className="w-full text-left text-xs" data-testid={testId}>
      <thead className="text-muted">
        <tr className="border-b border-border">
          <th className="py-1.5 pr-3 font-medium">Setting</th>
          <th className="py-1.5 pr-3 font-medium">Before</th>
          <th className="py-1.5 pr-3 font-medium">{afterSave ? 'Sent' : 'After'}</th>
          {afterSave ? <th className="py-1.5 font-medium">Stored by the site</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const field = FIELD_BY_KEY[r.key]!;
          const overruled = r.stored !== undefined && !sameValue(r.stored, r.to);
          return (
            <tr key={r.key} className="border-b border-border/60 align-top" data-key={r.key}>
              <td className="py-1.5 pr-3">
                {r.label} <span className="font-mono text-muted">{r.key}</span>
              </td>
              <td className="py-1.5 pr-3 break-words text-danger line-through decoration-danger/40">
                {display(field, r.from, roleNames)}
              </td>
              <td className="py-1.5 pr-3 break-words text-ok">{display(field, r.to, roleNames)}</td>
              {r.stored !== undefined ? (
                <td className={overruled ? 'py-1.5 text-warn' : 'py-1.5'}>
                  {display(field, r.stored, roleNames)}
                  {overruled ? ' (the plugin changed it)' : ''}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
