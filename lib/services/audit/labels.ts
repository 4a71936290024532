/** How outcomes read to people: 'ok' is "done". Pure, for the table and the export alike. */
export const OUTCOME_LABEL: Record<string, string> = {
  ok: 'done',
  partial: 'partly done',
  refused: 'refused',
  failed: 'failed',
  denied: 'denied',
};
