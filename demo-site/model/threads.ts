import type { Ctx } from '../context';
import type { Caller } from '../http/auth';
import { microNow } from '../time';
import { defaultRoomSettings, moderatorIds } from './chat-rooms';
import { messageItem, pendingFilter, type MessageRow } from './messages';
import { isRestricted, requiresModeration, restrictions } from './moderation';
import { getSettings } from './settings';
import { isThreadSuperModerator } from './super-moderator';
import { userItem, userItems, type UserItem } from './users';

export interface ThreadRow {
  id: number;
  subject: string;
  type: string;
}

interface RecipientRow {
  user_id: number;
  unread_count: number;
  is_muted: number;
  is_pinned: number;
  is_deleted: number;
}

export function getThread(ctx: Ctx, id: number): ThreadRow | undefined {
  return ctx.db.prepare('SELECT * FROM threads WHERE id = ?').get(id) as ThreadRow | undefined;
}

export function participantIds(ctx: Ctx, threadId: number): number[] {
  return (
    ctx.db.prepare('SELECT user_id FROM recipients WHERE thread_id = ? ORDER BY rowid').all(threadId) as {
      user_id: number;
    }[]
  ).map((r) => r.user_id);
}

function threadMeta(ctx: Ctx, threadId: number, key: string): string | undefined {
  const row = ctx.db
    .prepare('SELECT value FROM thread_meta WHERE thread_id = ? AND key = ?')
    .get(threadId, key) as { value: string } | undefined;
  return row?.value;
}

function chatRoomPart(ctx: Ctx, thread: ThreadRow, isMember: boolean) {
  const postId = Number(threadMeta(ctx, thread.id, 'chat_id') ?? 0);
  const row = ctx.db.prepare('SELECT settings FROM chat_rooms WHERE id = ?').get(postId) as
    { settings: string } | undefined;
  const s = {
    ...defaultRoomSettings(),
    ...(row ? (JSON.parse(row.settings) as Record<string, unknown>) : {}),
  };
  return {
    id: postId,
    isClosed: false,
    template: s.template,
    modernLayout: s.modernLayout,
    onlyJoinedCanRead: s.only_joined_can_read === '1',
    enableFiles: s.enable_files === '1',
    guestAllowed: Array.isArray(s.can_join) && s.can_join.includes('bm-guest'),
    mustJoinMessage: s.must_join_message,
    joinButtonText: s.join_button_text,
    notAllowedText: s.not_allowed_text,
    notAllowedReplyText: s.not_allowed_reply_text,
    mustLoginText: s.must_login_text,
    loginButtonText: s.login_button_text,
    guestButtonText: s.guest_button_text,
    showOnlineUsers: s.show_online_users === '1',
    openOnlineUsers: s.show_online_users === '1' && s.open_online_users === '1',
    closedMessage: s.closed_message,
    ephemeral: false,
    autoJoin: s.auto_join === '1',
    isJoined: isMember,
    canJoin: !isMember,
    canRead: true,
    hideParticipants: s.hide_participants === '1',
    hideParticipantsCount: s.hide_participants_count === '1',
  };
}

/** Thread item with the caller's personal part, as `get_threads` builds it. */
function threadItem(ctx: Ctx, thread: ThreadRow, caller: Caller) {
  const { db } = ctx;
  const settings = getSettings(db);
  const recipient = db
    .prepare('SELECT * FROM recipients WHERE thread_id = ? AND user_id = ?')
    .get(thread.id, caller.id) as RecipientRow | undefined;
  const isMember = caller.id !== 0 && recipient !== undefined;
  const adminAccess = !isMember && caller.canAdministrate;
  const others = participantIds(ctx, thread.id).filter((id) => id !== caller.id);
  const participants = isMember ? [...others, caller.id] : others;
  const moderators = moderatorIds(db, thread.id);
  // The plugin joins messages through the caller's recipient row: a non-member admin sees lastTime 0.
  let lastTime = 0;
  if (isMember) {
    const pf = pendingFilter(caller);
    const row = db
      .prepare(`SELECT MAX(created_at) AS t FROM messages WHERE thread_id = ?${pf.sql}`)
      .get(thread.id, ...pf.args) as { t: number | null };
    lastTime = row.t ?? 0;
  }
  const names = () =>
    others
      .slice(0, 3)
      .map((id) => userItem(ctx, id)?.name ?? '')
      .join(', ');
  // After `moderators` was read: the check may fill the meta, which this item does not show yet.
  const isModerator =
    caller.canAdministrate || (caller.id > 0 && isThreadSuperModerator(ctx, caller.id, thread.id));
  const muted = thread.type === 'chat-room' && isRestricted(db, 'mute', thread.id, caller.id);
  const canReplyMsg: Record<string, string> = {};
  if (muted) canReplyMsg.bm_user_muted = 'You are muted in this conversation';
  const item: Record<string, unknown> = {
    thread_id: thread.id,
    isHidden: thread.type === 'chat-room' ? 1 : 0,
    isDeleted: recipient?.is_deleted ? 1 : 0,
    type: thread.type,
    title: thread.subject || names(),
    subject: thread.subject,
    image: '',
    lastTime,
    participants,
    participantsCount: participants.length,
    moderators,
    url: '',
    meta: { allowInvite: threadMeta(ctx, thread.id, 'allow_invite') === 'yes' },
  };
  if (adminAccess) item.adminAccess = true;
  item.isPinned = settings.pinnedThreads === '1' ? (recipient?.is_pinned ?? 0) : 0;
  item.isMuted = !!recipient?.is_muted;
  item.permissions = {
    isModerator,
    deleteAllowed: isMember && thread.type === 'thread' && settings.restrictThreadsDeleting === '0',
    canDeleteOwnMessages: settings.allowDeleteMessages === '1',
    canDeleteAllMessages: caller.canAdministrate,
    canEditOwnMessages: settings.allowEditMessages === '1',
    canEditAllMessages: caller.canAdministrate,
    canFavorite: settings.disableFavoriteMessages !== '1',
    canMuteThread: settings.allowMuteThreads === '1' && !adminAccess,
    canEraseThread: caller.canAdministrate,
    canClearThread: caller.canAdministrate,
    canInvite: caller.canAdministrate,
    canLeave: false,
    canUpload: adminAccess ? null : settings.attachmentsEnable === '1',
    canVideoCall: false,
    canAudioCall: false,
    canMaximize: true,
    canPinMessages: false,
    canMinimize: false,
    canReply: isMember && !muted,
    // PHP's empty array: [] on the wire, an object once it has keys.
    canReplyMsg: Object.keys(canReplyMsg).length > 0 ? canReplyMsg : [],
    requireModeration: requiresModeration(db, caller, thread.id),
    preventVoiceMessages: false,
  };
  if (thread.type !== 'thread' || participants.length > 2) {
    item.systemMessages = {
      enabled: false,
      canOverride: isModerator && thread.type !== 'chat-room',
      override: null,
    };
  }
  item.mentions = [];
  item.unread = recipient?.unread_count ?? 0;
  if (thread.type === 'chat-room') {
    item.chatRoom = chatRoomPart(ctx, thread, isMember);
    if (caller.manageOptions || moderators.includes(caller.id)) {
      const r = restrictions(db, thread.id);
      item.restricted = Object.keys(r).length > 0 ? r : {};
    }
  }
  return item;
}

/** Newest `limit` visible messages of a thread, newest first. */
export function latestMessages(ctx: Ctx, threadId: number, caller: Caller, limit: number): MessageRow[] {
  const pf = pendingFilter(caller);
  return ctx.db
    .prepare(`SELECT * FROM messages WHERE thread_id = ?${pf.sql} ORDER BY created_at DESC, id DESC LIMIT ?`)
    .all(threadId, ...pf.args, limit) as MessageRow[];
}

/** `{threads, users, messages, serverTime}` for some threads and messages. */
export function bundle(ctx: Ctx, caller: Caller, threads: ThreadRow[], messages: MessageRow[]) {
  const items = threads.map((t) => threadItem(ctx, t, caller));
  const userIds = [
    caller.id,
    ...items.flatMap((t) => (t.participants as number[]).slice(0, 10)),
    ...messages.map((m) => m.sender_id),
  ];
  return {
    threads: items,
    users: userItems(ctx, userIds) as UserItem[],
    messages: messages.map((m) => messageItem(ctx, m)),
    serverTime: microNow(),
  };
}
