/**
 * The rules' words, shared by the editor, the rules page and the server's validation messages.
 * A plain module: the browser imports it.
 */
import type { RuleAction, RuleLeafType, RuleTrigger } from './tree';

export const LEAF_LABELS: Record<RuleLeafType, string> = {
  words: 'Text has a word from a list',
  regex: 'Text matches a regular expression',
  link: 'Text has a link',
  'domain-outside': 'Links to a domain outside an allow-list',
  phone: 'Text has a phone number',
  email: 'Text has an e-mail address',
  guest: 'Sender is a guest',
  'account-younger': 'Sender’s account is younger than',
  'few-messages': 'Sender has written fewer messages than',
  'spam-wave': 'Same text sent into many threads (spam wave)',
  flood: 'Many messages from the sender in a short time (flood)',
  reports: 'Reported by several people',
  'ai-flag': 'Flagged by the site’s AI moderation',
  'thread-type': 'Thread type is',
  attachment: 'Has an attachment of kind',
};

export const ACTION_LABELS: Record<RuleAction['type'], string> = {
  review: 'Send to BM Desk’s review queue',
  delete: 'Delete the message',
  reject: 'Reject it (pending messages)',
  mute: 'Mute the sender in the thread',
  standing: 'Site ban, site mute or hold',
  inbox: 'Add the thread to the support inbox',
  alert: 'Alert the team',
};

export const TRIGGER_LABELS: Record<RuleTrigger, string> = {
  message: 'New messages',
  pending: 'Pending messages',
  report: 'Reports',
};

/** The same as schema.ts's RULE_MODES, for the browser (schema.ts pulls the database's tables in). */
export const MODES = ['off', 'dry-run', 'on'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, string> = { off: 'Off', 'dry-run': 'Dry run', on: 'On' };

/** An action in a few words, for the list. */
export function describeAction(a: RuleAction): string {
  switch (a.type) {
    case 'mute':
      return `Mute ${a.minutes} min`;
    case 'standing':
      return `Site ${a.kind}${a.days ? ` ${a.days} days` : ' until lifted'}${a.holdMessages ? ' + hold' : ''}`;
    case 'inbox':
      return `Inbox “${a.label}”`;
    default:
      return ACTION_LABELS[a.type];
  }
}
