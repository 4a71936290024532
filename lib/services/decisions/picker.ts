/** What a decision form needs to offer reasons: the site's list and whether notices can go out. */
import 'server-only';
import { listReasons } from './reasons';
import { noticeSender } from './settings';

export type ReasonOption = { id: number; title: string; notify: boolean };
export type ReasonPicker = { reasons: ReasonOption[]; noticesOff: string | null };

export async function loadReasonPicker(siteId: number): Promise<ReasonPicker> {
  const [reasons, sender] = await Promise.all([listReasons(siteId), noticeSender(siteId)]);
  return {
    reasons: reasons.map((r) => ({ id: r.id, title: r.title, notify: r.notify })),
    noticesOff: sender.state === 'off' ? sender.why : null,
  };
}
