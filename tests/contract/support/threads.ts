/** Threads a test file creates, and erasing them afterwards whatever the tests did. */
import { createThread, eraseThread, sendMessage, type BmClient } from '@/lib/infra/better-messages';
import { admin } from './site';

export function threadTracker() {
  const created = new Set<number>();
  return {
    /** Admin opens a thread with the given members; the first message is the admin's. */
    async create(recipientBmUserIds: number[], subject: string, message = `${subject} opening`) {
      const result = await createThread(admin, { recipientBmUserIds, subject, message });
      created.add(result.threadId);
      return result;
    },
    forget(threadId: number) {
      created.delete(threadId);
    },
    async eraseAll() {
      const errors: unknown[] = [];
      for (const threadId of created) {
        await eraseThread(admin, threadId).catch((e: unknown) => errors.push(e));
      }
      created.clear();
      if (errors.length > 0) throw errors[0];
    },
  };
}

/** Sends and returns the new message id (the plugin answers it as `message_id`). */
export async function send(client: BmClient, threadId: number, message: string): Promise<number> {
  return (await sendMessage(client, threadId, { message })).message_id;
}
