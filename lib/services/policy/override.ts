/**
 * Manual bans, mutes and "delete all their messages" on a protected person (an administrator of
 * the site, a support account, the connected account, one marked protected): refused unless the
 * member says "do it anyway" with a reason, which the audit log keeps with the action.
 */
import 'server-only';
import { z } from 'zod';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getUser } from '@/lib/services/site-index/queries/users';
import { loadProtected } from './protected';

/** The fields a guarded action takes (plain zod; the audit keeps them with the action's params). */
export const OverrideFields = {
  override: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()).optional(),
  overrideReason: z.string().trim().max(500).optional(),
};

/** The code of the refusal a dialog answers with "Do it anyway?" and a reason field. */
export const PROTECTED_CODE = 'protected-needs-override';

/**
 * Refuses, in words, an action on a protected person without an override and its reason.
 * Answers why they are protected (null when they are not).
 */
export async function guardProtected(
  siteId: number,
  bmUserId: number,
  input: { override?: boolean; overrideReason?: string },
): Promise<string | null> {
  const why = (await loadProtected(siteId)).reasonFor(bmUserId);
  if (!why) return null;
  if (input.override && input.overrideReason?.trim()) return why;
  const name = (await getUser(siteId, bmUserId))?.name?.trim() || `User #${bmUserId}`;
  throw new ActionRefusal(`${name} is protected (${why}). Do it anyway?`, PROTECTED_CODE, {
    overrideReason: ['Say why you act on a protected account.'],
  });
}
