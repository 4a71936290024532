/**
 * Reporter feedback (a site setting, off by default): when a report is acted on (the message
 * deleted, its sender banned, muted or held) or dismissed, each member who reported it gets a
 * short private message from the moderation account ("Thanks, we removed it" / "We looked and it
 * stays", in the site's own words). Sent in the background; never blocks or undoes the decision.
 */
import 'server-only';
import { getModerationSettings } from './settings';
import { deliverNotice, deliverNoticeLater, queueNotice } from './notices';

export type ReporterOutcome = 'acted' | 'kept';

/**
 * Queues one notice per reporter (each once) when the site's setting is on; answers the notice
 * ids (none when the setting is off). `wait` sends them before answering (tests, the sync pass).
 */
export async function tellReporters(input: {
  siteId: number;
  outcome: ReporterOutcome;
  reporterBmUserIds: readonly number[];
  decisionId?: number | null;
  wait?: boolean;
}): Promise<number[]> {
  const reporters = [...new Set(input.reporterBmUserIds)].filter((id) => Number.isInteger(id) && id !== 0);
  if (reporters.length === 0) return [];
  const settings = await getModerationSettings(input.siteId);
  if (!settings.reporterFeedback) return [];
  const body = input.outcome === 'acted' ? settings.reporterTextActed : settings.reporterTextKept;
  const ids: number[] = [];
  for (const recipientUserId of reporters) {
    ids.push(
      await queueNotice({
        siteId: input.siteId,
        kind: input.outcome === 'acted' ? 'reporter_acted' : 'reporter_kept',
        recipientUserId,
        body,
        decisionId: input.decisionId ?? null,
      }),
    );
  }
  if (input.wait) for (const id of ids) await deliverNotice(id);
  else for (const id of ids) deliverNoticeLater(id);
  return ids;
}
