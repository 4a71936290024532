/**
 * What a queue decision is to the shared queue view. Each desk lists its own decisions over its own
 * server actions and hands the list in, so this folder never imports a desk.
 */
export type DecisionInput = {
  siteId: number;
  messageId: number;
  /** The moderator's own words (audited; added to the reason in a notice). */
  reason?: string;
  /** One of the site's reasons (decisions that take one), and "tell the member". */
  reasonId?: number;
  notify?: boolean;
  notifyShown?: boolean;
  duration: number;
  scope: 'global' | 'thread';
};
export type Result = { ok: true } | { ok: false; error: string; code: string };

export type Decision = {
  id: string;
  label: string;
  key?: string;
  /** Needs moderation rights (support may only dismiss). */
  moderation: boolean;
  danger?: boolean;
  bulk?: boolean;
  /** Takes a reason from the site's list (and may tell the member): delete, ban, mute, hold, reject. */
  reasons?: boolean;
  /** A line for the key help, when the label alone does not say it. */
  hint?: string;
  /** Once sent, what can still be reversed and where (said when an undo comes too late). */
  afterSend: string;
  run: (i: DecisionInput) => Promise<Result>;
};

/** The fields every decision's action takes. */
export const itemOf = (i: DecisionInput) => ({
  siteId: i.siteId,
  messageId: i.messageId,
  reason: i.reason,
  reasonId: i.reasonId,
  notify: i.notify,
  notifyShown: i.notifyShown,
});
