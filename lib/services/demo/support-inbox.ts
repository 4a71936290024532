/**
 * `npm run demo` only: the support inbox on first run. The demo site seeds a help desk account and
 * its conversations (`--support-inbox`); here BM Desk takes that account as the site's support
 * account (its own application password, so replying works), adds labels and canned replies, a
 * second team member, and gives each conversation the state a team would have left it in, by
 * subject, so every view (Mine, Unassigned, Pending, Snoozed, Resolved) shows something.
 */
import 'server-only';
import { createMember, listMembers, type Member } from '@/lib/infra/auth/members';
import { BM, createBmClient, updateBundleSchema } from '@/lib/infra/better-messages';
import { listCannedReplies, listLabels, saveCannedReply, saveLabel } from '@/lib/services/triage/catalogue';
import { LABEL_COLOURS, type TriagePriority, type TriageStatus } from '@/lib/services/triage/constants';
import { addConversation, changeConversation } from '@/lib/services/triage/conversations';
import { addNote } from '@/lib/services/triage/notes';
import { enrolSupportAccount } from '@/lib/services/triage/support-delivery';

export const DEMO_COLLEAGUE_EMAIL = 'sam@bmdesk.local';

const LABELS: { name: string; colour: (typeof LABEL_COLOURS)[number] }[] = [
  { name: 'Billing', colour: 'orange' },
  { name: 'Bug', colour: 'red' },
  { name: 'Account', colour: 'blue' },
  { name: 'Safety', colour: 'purple' },
];

const CANNED = [
  {
    shortcut: 'thanks',
    title: 'Thanks for writing',
    body: 'Hi {member.name}, thanks for writing to {site.name}. We are looking into it and will reply here soon.\n{agent.name}',
  },
  {
    shortcut: 'refund',
    title: 'Refund on its way',
    body: 'Hi {member.name}, we have refunded the extra payment; it reaches your account within 5 working days.\n{agent.name}',
  },
  {
    shortcut: 'closing',
    title: 'Closing the conversation',
    body: 'Glad it works now, {member.name}. Write here any time if it happens again.\n{agent.name}',
  },
];

type Who = 'owner' | 'colleague' | null;
type Plan = {
  status?: Exclude<TriageStatus, 'open'>;
  snoozeHours?: number;
  assignee?: Who;
  priority?: TriagePriority;
  labels?: string[];
  note?: { by: Exclude<Who, null>; text: string };
};

/** Keyed by the subjects the demo site seeds (demo-site/seed/support-inbox.ts). */
const PLANS: Record<string, Plan> = {
  'Charged twice for my membership': { priority: 'high', labels: ['Billing'] },
  'Cannot upload a profile photo': {
    assignee: 'colleague',
    labels: ['Bug'],
    note: {
      by: 'colleague',
      text: 'Same as last week: the size check counts the file before it is resized.',
    },
  },
  'How do I leave a group chat?': { assignee: 'owner', priority: 'medium' },
  'Please delete my account': { status: 'pending', assignee: 'owner', labels: ['Account'] },
  'Notifications arrive twice': {
    status: 'snoozed',
    snoozeHours: 48,
    assignee: 'colleague',
    labels: ['Bug'],
    note: { by: 'colleague', text: 'The fix ships on Thursday; snoozed until then to tell them.' },
  },
  'Thanks for the quick help': { status: 'resolved', assignee: 'colleague' },
  'Password reset link expired': { status: 'resolved', assignee: 'owner', labels: ['Account'] },
  'Someone keeps sending me shop links': {
    priority: 'urgent',
    labels: ['Safety'],
    note: { by: 'colleague', text: '@Demo Owner can you look at the reports queue for this sender?' },
  },
  'Question about group events': {},
};

export type DemoSupport = { username: string; bmUserId: number; appPassword: string };

export async function seedDemoInbox(input: {
  siteId: number;
  siteUrl: string;
  owner: Member;
  support: DemoSupport;
  colleaguePassword: string;
}): Promise<void> {
  const { siteId, owner, support } = input;
  await enrolSupportAccount({
    siteId,
    bmUserId: support.bmUserId,
    username: support.username,
    name: 'Community Help',
    appPassword: support.appPassword,
  });
  // Labels, canned replies and members are BM Desk-wide: kept when a database already has them.
  const colleague =
    (await listMembers()).find((m) => m.email === DEMO_COLLEAGUE_EMAIL) ??
    (await createMember({
      email: DEMO_COLLEAGUE_EMAIL,
      name: 'Sam Support',
      password: input.colleaguePassword,
      role: 'support',
    }));
  const labelIds = new Map((await listLabels()).map((l) => [l.name, l.id]));
  for (const l of LABELS) if (!labelIds.has(l.name)) labelIds.set(l.name, await saveLabel(l));
  const shortcuts = new Set((await listCannedReplies()).map((c) => c.shortcut));
  for (const c of CANNED) if (!shortcuts.has(c.shortcut)) await saveCannedReply(c);

  // The help desk account's own threads: the API lists no other's, and these are all it has.
  const asSupport = createBmClient({
    siteUrl: input.siteUrl,
    username: support.username,
    appPassword: support.appPassword,
  });
  const bundle = await asSupport.request({
    method: 'GET',
    route: `${BM}/threads`,
    schema: updateBundleSchema,
  });
  const who = (w: Who) => (w === 'owner' ? owner : w === 'colleague' ? colleague : null);
  for (const thread of bundle.threads) {
    const plan = PLANS[thread.subject];
    if (!plan) continue;
    await addConversation(siteId, thread.thread_id, owner);
    const change = (c: Parameters<typeof changeConversation>[2], by: Member = owner) =>
      changeConversation(siteId, thread.thread_id, c, by);
    const assignee = who(plan.assignee ?? null);
    if (assignee) await change({ kind: 'assignee', assigneeId: assignee.id });
    if (plan.priority) await change({ kind: 'priority', priority: plan.priority });
    for (const name of plan.labels ?? [])
      await change({ kind: 'label', labelId: labelIds.get(name)!, add: true });
    if (plan.note) await addNote(siteId, thread.thread_id, plan.note.text, who(plan.note.by)!);
    if (plan.status) {
      const snoozedUntil = plan.snoozeHours ? new Date(Date.now() + plan.snoozeHours * 3_600_000) : undefined;
      await change({ kind: 'status', status: plan.status, snoozedUntil }, assignee ?? owner);
    }
  }
}
