/**
 * The words of a failure fit to show or to keep (a rule's error, an audit outcome, the sync's
 * state): a database error in its own words. Drizzle's message repeats the query and its
 * parameters (message texts, e-mail addresses): only its cause is kept.
 */
export function errorWords(error: unknown, max = 300): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message.slice(0, max) : 'unknown failure';
}
