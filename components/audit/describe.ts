/** An audit row's target or parameters as plain text (names as they were when the action ran). */
export function describe(value: Record<string, unknown> | null): string {
  if (!value) return '';
  return Object.entries(value)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

export const OUTCOME_STYLE: Record<string, string> = {
  ok: 'text-ok',
  partial: 'text-warn',
  refused: 'text-warn',
  failed: 'text-danger',
  denied: 'text-danger',
};
