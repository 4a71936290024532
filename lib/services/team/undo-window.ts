import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { members } from '@/lib/infra/db/schema';
import { UNDO_WINDOW } from './undo-window-range';

/** The member's undo window for queue decisions, in seconds (0 = sent at once). */
export async function getUndoWindow(memberId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ seconds: members.undoWindowSeconds })
    .from(members)
    .where(eq(members.id, memberId));
  const seconds = row?.seconds ?? UNDO_WINDOW.default;
  return Math.min(UNDO_WINDOW.max, Math.max(UNDO_WINDOW.min, seconds));
}

export async function setUndoWindow(memberId: number, seconds: number): Promise<void> {
  const db = await getDb();
  await db.update(members).set({ undoWindowSeconds: seconds }).where(eq(members.id, memberId));
}
