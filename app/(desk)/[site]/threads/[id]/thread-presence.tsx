'use client';

import { PresenceBadge } from '@/components/presence/presence-badge';
import { usePresence } from '@/components/presence/use-presence';
import { threadTopic } from '@/lib/services/presence/topics';

/** Who else on the team has this thread open, live; this tab counts as viewing it. */
export function ThreadPresence({ siteId, threadId }: { siteId: number; threadId: number }) {
  const { others } = usePresence(threadTopic(siteId, threadId), 'viewing');
  return <PresenceBadge others={others} />;
}
