/** What a messages desk bulk action is over: the chosen rows, or every match of the filters. Plain zod. */
import { z } from 'zod';
import { id } from '@/lib/infra/actions/fields';

/** One job takes at most this many messages (the desk's count stops there too). */
export const MAX_BULK_MESSAGES = 10_000;

export const MessagesScope = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('selected'),
    messageIds: z.array(id).min(1, 'Choose at least one message.').max(MAX_BULK_MESSAGES),
  }),
  /** The desk's URL query string: parsed on the server exactly as the page parses it. */
  z.object({ kind: z.literal('all'), search: z.string().max(20_000) }),
]);
export type MessagesScope = z.infer<typeof MessagesScope>;

/** A "site ban the senders" job item's key: one per distinct sender. */
export const senderKey = (bmUserId: number) => `sender:${bmUserId}`;
