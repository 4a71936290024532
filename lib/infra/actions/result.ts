export type FieldErrors = Record<string, string[] | undefined>;

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: string; code: string; fieldErrors?: FieldErrors };

/**
 * An expected refusal: bad input found by the handler, one of the desk's own rules (the last
 * owner, a used invitation, a taken email) or the site saying no. The one class for all of them,
 * thrown where the rule lives: an action lets it through and it is recorded as `refused` with its
 * code; the message is shown to the member as is, so it must hold no secret.
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
