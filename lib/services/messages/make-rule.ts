/**
 * "Make this a rule": the messages desk's filters as a rule's condition tree (lib/services/rules/
 * tree.ts). Filters a rule has no test for (dates, one sender, one thread, pending, the word
 * search…) are left out and named, so the page can say what the rule will not check. A plain
 * module: the browser builds the link, the rule editor validates the tree again.
 */
import { boundedConditionSchema, type RuleCondition, type RuleLeaf } from '@/lib/services/rules/tree';
import { wordList, type MessagesSearch } from './search-params';

export interface RuleDraft {
  /** Null when no filter has a rule equivalent. */
  conditions: RuleCondition | null;
  /** The filters left out, in words. */
  leftOut: string[];
  name: string;
}

export function ruleFromSearch(s: MessagesSearch): RuleDraft {
  const leaves: RuleCondition[] = [];
  const leftOut: string[] = [];
  const names: string[] = [];
  const words = wordList(s.words);
  if (words.length) {
    leaves.push({ type: 'words', words, obfuscation: true });
    names.push(`words (${words.slice(0, 3).join(', ')}${words.length > 3 ? '…' : ''})`);
  }
  if (s.q) {
    // The word search finds word prefixes; a rule's word list whole words: not the same test.
    leftOut.push(`the text search “${s.q}” (use the word list for a rule)`);
  }
  if (s.outside?.length) {
    leaves.push({ type: 'domain-outside', allow: s.outside });
    names.push('links outside the allow-list');
  } else if (s.link === true || s.domain) {
    leaves.push({ type: 'link' });
    names.push('links');
  }
  if (s.domain)
    leftOut.push(`the link domain ${s.domain} (a rule checks any link, or domains outside an allow-list)`);
  if (s.link === false) leaves.push({ not: { type: 'link' } });
  if (s.phone !== undefined) leaves.push(s.phone ? { type: 'phone' } : { not: { type: 'phone' } });
  if (s.phone) names.push('phone numbers');
  if (s.email !== undefined) leaves.push(s.email ? { type: 'email' } : { not: { type: 'email' } });
  if (s.email) names.push('e-mail addresses');
  if (s.guest !== undefined) leaves.push(s.guest ? { type: 'guest' } : { not: { type: 'guest' } });
  if (s.guest) names.push('guests');
  if (s.type.length) {
    const types = s.type as ('thread' | 'group' | 'chat-room')[];
    leaves.push({ type: 'thread-type', types });
    names.push(types.join('/'));
  }
  if (s.files !== undefined) {
    const leaf: RuleLeaf = { type: 'attachment', kinds: ['image', 'video', 'audio', 'file'] };
    leaves.push(s.files ? leaf : { not: leaf });
    if (s.files) names.push('files');
  }
  if (s.ai !== undefined) leaves.push(s.ai ? { type: 'ai-flag' } : { not: { type: 'ai-flag' } });
  if (s.ai) names.push('AI flagged');
  if (s.reported !== undefined) {
    leaves.push(s.reported ? { type: 'reports', count: 1 } : { not: { type: 'reports', count: 1 } });
    if (s.reported) names.push('reported');
  }
  if (s.sender !== undefined) leftOut.push(`the sender #${s.sender} (a rule applies to every sender)`);
  if (s.thread !== undefined) leftOut.push(`the thread #${s.thread}`);
  if (s.from || s.to) leftOut.push('the dates (a rule looks at each new message as it comes)');
  if (s.pending !== undefined) leftOut.push('pending (choose the rule’s trigger instead)');

  const conditions: RuleCondition | null =
    leaves.length === 0 ? null : leaves.length === 1 ? leaves[0]! : { all: leaves };
  if (conditions && !boundedConditionSchema.safeParse(conditions).success) {
    return { conditions: null, leftOut: [...leftOut, 'the filters (too many for one rule)'], name: '' };
  }
  const name = names.length ? `Messages with ${names.join(', ')}` : 'Messages desk filter';
  return { conditions, leftOut, name: name.slice(0, 100) };
}

/** The rule editor's address with the tree and a name filled in (the rule starts in dry run). */
export function ruleEditorHref(slug: string, draft: RuleDraft): string | null {
  if (!draft.conditions) return null;
  return `/${slug}/rules/new?conditions=${encodeURIComponent(JSON.stringify(draft.conditions))}&name=${encodeURIComponent(draft.name)}`;
}
