export type FieldErrors = Record<string, string[] | undefined>;

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: string; code: string; fieldErrors?: FieldErrors };

/**
 * An expected refusal: bad input found by the handler, or the site saying no. Recorded as
 * `refused` with its code; the message is shown to the member as is, so it must hold no secret.
 */
export class ActionRefusal extends Error {
  constructor(
    message: string,
    readonly code: string = 'refused',
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }
}
