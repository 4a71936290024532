/** What admins manage for the whole team: labels, canned replies, and saved inbox views. */
import 'server-only';
import { and, asc, eq, or } from 'drizzle-orm';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getDb } from '@/lib/infra/db/client';
import type { LabelColour } from './constants';
import { cannedReplies, savedInboxViews as views, triageLabels } from './schema';

export type Label = { id: number; name: string; colour: LabelColour };
export type CannedReply = { id: number; shortcut: string; title: string; body: string };

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

export async function listLabels(): Promise<Label[]> {
  const db = await getDb();
  const rows = await db.select().from(triageLabels).orderBy(asc(triageLabels.name));
  return rows.map((r) => ({ id: r.id, name: r.name, colour: r.colour as LabelColour }));
}

export async function saveLabel(input: { id?: number; name: string; colour: LabelColour }): Promise<number> {
  const db = await getDb();
  try {
    if (input.id) {
      const rows = await db
        .update(triageLabels)
        .set({ name: input.name, colour: input.colour })
        .where(eq(triageLabels.id, input.id))
        .returning({ id: triageLabels.id });
      if (!rows[0]) throw new ActionRefusal('That label no longer exists.', 'not-found');
      return rows[0].id;
    }
    const [row] = await db
      .insert(triageLabels)
      .values({ name: input.name, colour: input.colour })
      .returning({ id: triageLabels.id });
    return row!.id;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ActionRefusal('A label with this name exists.', 'duplicate', { name: ['Already taken.'] });
    }
    throw err;
  }
}

export async function deleteLabel(id: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .delete(triageLabels)
    .where(eq(triageLabels.id, id))
    .returning({ id: triageLabels.id });
  return rows.length > 0;
}

export async function listCannedReplies(): Promise<CannedReply[]> {
  const db = await getDb();
  return db
    .select({
      id: cannedReplies.id,
      shortcut: cannedReplies.shortcut,
      title: cannedReplies.title,
      body: cannedReplies.body,
    })
    .from(cannedReplies)
    .orderBy(asc(cannedReplies.shortcut));
}

export async function saveCannedReply(input: Omit<CannedReply, 'id'> & { id?: number }): Promise<number> {
  const db = await getDb();
  try {
    if (input.id) {
      const rows = await db
        .update(cannedReplies)
        .set({ shortcut: input.shortcut, title: input.title, body: input.body, updatedAt: new Date() })
        .where(eq(cannedReplies.id, input.id))
        .returning({ id: cannedReplies.id });
      if (!rows[0]) throw new ActionRefusal('That canned reply no longer exists.', 'not-found');
      return rows[0].id;
    }
    const [row] = await db
      .insert(cannedReplies)
      .values({ shortcut: input.shortcut, title: input.title, body: input.body })
      .returning({ id: cannedReplies.id });
    return row!.id;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ActionRefusal('A canned reply with this shortcut exists.', 'duplicate', {
        shortcut: ['Already taken.'],
      });
    }
    throw err;
  }
}

export async function deleteCannedReply(id: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .delete(cannedReplies)
    .where(eq(cannedReplies.id, id))
    .returning({ id: cannedReplies.id });
  return rows.length > 0;
}

export type SavedView = { id: number; name: string; shared: boolean; query: string; mine: boolean };

/** The member's own views and those shared with the team, for one site's inbox or the all-sites one. */
export async function listSavedViews(memberId: number, siteId: number | null): Promise<SavedView[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(views)
    .where(
      and(
        siteId === null ? undefined : eq(views.siteId, siteId),
        or(eq(views.memberId, memberId), eq(views.shared, true)),
      ),
    )
    .orderBy(asc(views.name));
  return rows
    .filter((r) => (siteId === null ? r.siteId === null : true))
    .map((r) => ({
      id: r.id,
      name: r.name,
      shared: r.shared,
      query: r.query,
      mine: r.memberId === memberId,
    }));
}

export async function saveView(input: {
  memberId: number;
  siteId: number | null;
  name: string;
  shared: boolean;
  query: string;
}): Promise<number> {
  const db = await getDb();
  const [row] = await db.insert(views).values(input).returning({ id: views.id });
  return row!.id;
}

/** Only the member who saved a view may delete it. */
export async function deleteView(memberId: number, id: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .delete(views)
    .where(and(eq(views.id, id), eq(views.memberId, memberId)))
    .returning({ id: views.id });
  return rows.length > 0;
}
