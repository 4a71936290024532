/**
 * The reason fields (<ReasonFields />) of a form, as a decision action takes them: for forms
 * whose submit builds the action's input by hand. A disabled "tell the member" box is left out.
 */
export type ReasonValues = { reasonId?: string; reason?: string; notify?: string; notifyShown?: string };

export function reasonValues(form: HTMLFormElement | null | undefined): ReasonValues {
  if (!form) return {};
  const data = new FormData(form);
  const out: ReasonValues = {};
  for (const key of ['reasonId', 'reason', 'notify', 'notifyShown'] as const) {
    const v = data.get(key);
    if (typeof v === 'string' && v !== '') out[key] = v;
  }
  return out;
}
