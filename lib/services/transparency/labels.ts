/** Words for the report's kinds, shared by the page and the CSVs (no server code here). */
import type { DecisionKind, NoticeKind } from '@/lib/services/decisions/constants';

export const KIND_LABEL: Record<DecisionKind, string> = {
  warning: 'Warning',
  ban: 'Ban from a thread',
  mute: 'Mute in a thread',
  site_ban: 'Site ban',
  site_mute: 'Site mute',
  hold: 'Messages held for review',
  delete: 'Message deleted',
  reject: 'Pending message rejected',
  dismiss: 'Report dismissed',
};

export const NOTICE_KIND_LABEL: Record<NoticeKind, string> = {
  decision: 'Decision notice',
  appeal_upheld: 'Appeal upheld',
  appeal_overturned: 'Appeal overturned',
  appeal_late: 'Appeal too late',
  reporter_acted: 'Reporter told: acted on',
  reporter_kept: 'Reporter told: message kept',
};
