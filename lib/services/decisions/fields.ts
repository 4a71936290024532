/**
 * The reason fields every decision form sends, parsed the same way by every action. Plain zod:
 * the browser may import it. `reason` is the moderator's free text (also kept in the audit log,
 * as before); `reasonId` one of the site's reasons; `notify` the "tell the member" box, which the
 * form marks as shown (`notifyShown`) so an unticked box means "do not tell" rather than "the
 * reason's default".
 */
import { z } from 'zod';

const optionalId = z.preprocess(
  (v) => (v === '' || v === null || v === 'none' ? undefined : v),
  z.coerce.number().int().positive().optional(),
);

const checkbox = z.preprocess(
  (v) => (v === 'on' || v === 'true' || v === true ? true : v === 'false' || v === false ? false : undefined),
  z.boolean().optional(),
);

export const reasonFields = {
  reasonId: optionalId,
  reason: z.string().trim().max(4000, 'At most 4,000 characters.').optional(),
  notify: checkbox,
  notifyShown: checkbox,
};

/** The decision's reason input from parsed fields: an unticked, shown box is an explicit no. */
export function decisionReason(input: {
  reasonId?: number;
  reason?: string;
  notify?: boolean;
  notifyShown?: boolean;
}): { reasonId: number | null; freeText: string | null; notify: boolean | undefined } {
  return {
    reasonId: input.reasonId ?? null,
    freeText: input.reason?.trim() ? input.reason.trim() : null,
    notify: input.notify ?? (input.notifyShown ? false : undefined),
  };
}
