'use server';

import { banUser, muteUser, unbanUser, unmuteUser } from '@/lib/infra/better-messages';
import { guardProtected } from '@/lib/services/policy/override';
import { TimedUserInThread, UserInThread, userInThreadAction } from './user-in-thread';

// Bans and mutes in one thread: the thread view, the person's page and the files desk all take them.

export const banUserInThread = userInThreadAction(
  'banUserInThread',
  TimedUserInThread,
  async (c, i) => {
    await guardProtected(i.siteId, i.bmUserId, i);
    return banUser(c, i.threadId, i.bmUserId, i.duration);
  },
  'ban',
);

export const unbanUserInThread = userInThreadAction('unbanUserInThread', UserInThread, (c, i) =>
  unbanUser(c, i.threadId, i.bmUserId),
);

export const muteUserInThread = userInThreadAction(
  'muteUserInThread',
  TimedUserInThread,
  async (c, i) => {
    await guardProtected(i.siteId, i.bmUserId, i);
    return muteUser(c, i.threadId, i.bmUserId, i.duration);
  },
  'mute',
);

export const unmuteUserInThread = userInThreadAction('unmuteUserInThread', UserInThread, (c, i) =>
  unmuteUser(c, i.threadId, i.bmUserId),
);
