/** Values shared by the decisions schema, its pages and its tests (no server code here). */

export const DECISION_KINDS = [
  'warning',
  'ban',
  'mute',
  'site_ban',
  'site_mute',
  'hold',
  'delete',
  'reject',
  'dismiss',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** Decisions that restrict the member (the rest act on content or on a report). */
export const RESTRICTION_KINDS: readonly DecisionKind[] = ['ban', 'mute', 'site_ban', 'site_mute', 'hold'];

export const DECISION_GROUNDS = ['terms', 'law'] as const;
export type DecisionGround = (typeof DECISION_GROUNDS)[number];

export const STRIKE_STATUSES = ['active', 'expired', 'overturned'] as const;
export type StrikeStatus = (typeof STRIKE_STATUSES)[number];

export const NOTICE_KINDS = [
  'decision',
  'appeal_upheld',
  'appeal_overturned',
  'appeal_late',
  'reporter_acted',
  'reporter_kept',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** pending: not yet tried; off: notices were off (the reason is in `error`); failed: tried twice. */
export const NOTICE_STATUSES = ['pending', 'sent', 'failed', 'off'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const APPEAL_STATUSES = ['open', 'upheld', 'overturned'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** One step of a site's strike ladder: what the n-th active strike suggests. */
export type LadderStep = {
  action: 'warning' | 'mute' | 'ban' | 'site_mute' | 'site_ban';
  /** How long; null = no end (or nothing to time, for a warning). */
  minutes: number | null;
};

/** Shipped ladder: warning → mute 1 day → ban 7 days → site ban. */
export const DEFAULT_LADDER: LadderStep[] = [
  { action: 'warning', minutes: null },
  { action: 'mute', minutes: 24 * 60 },
  { action: 'ban', minutes: 7 * 24 * 60 },
  { action: 'site_ban', minutes: null },
];

/** Reasons a new site starts with (admins edit them on the reasons page). */
export const DEFAULT_REASONS: {
  code: string;
  title: string;
  memberText: string;
  notify: boolean;
  ground: DecisionGround;
}[] = [
  {
    code: 'spam',
    title: 'Spam',
    memberText: 'Your messages advertised or repeated content that nobody asked for.',
    notify: false,
    ground: 'terms',
  },
  {
    code: 'harassment',
    title: 'Harassment',
    memberText: 'Your messages targeted another member with insults, threats or unwanted contact.',
    notify: true,
    ground: 'terms',
  },
  {
    code: 'hate',
    title: 'Hateful content',
    memberText: 'Your messages attacked people for who they are.',
    notify: true,
    ground: 'terms',
  },
  {
    code: 'explicit',
    title: 'Sexual or violent content',
    memberText: 'Your messages shared sexual or violent content that this site does not allow.',
    notify: true,
    ground: 'terms',
  },
  {
    code: 'scam',
    title: 'Scam or fraud',
    memberText: 'Your messages tried to deceive members, for example to get money or passwords.',
    notify: true,
    ground: 'terms',
  },
  {
    code: 'illegal',
    title: 'Illegal content',
    memberText: 'Your messages contained content that is against the law.',
    notify: true,
    ground: 'law',
  },
  {
    code: 'other',
    title: 'Other breach of the rules',
    memberText: 'Your messages broke the rules of this site.',
    notify: true,
    ground: 'terms',
  },
];
