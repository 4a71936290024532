import type { Ctx } from '../context';
import type { Db } from '../db';
import { userItem, type UserItem } from './users';

// Room settings as the real plugin returns them for a freshly created room (observed on 2.15.28).
export function defaultRoomSettings(): Record<string, unknown> {
  return {
    only_joined_can_read: '0',
    enable_chat_email_notifications: '0',
    can_join: [],
    can_reply: [],
    auto_add: [],
    template: 'default',
    modernLayout: 'default',
    auto_join: '0',
    auto_exclude: '0',
    auto_remove_inactive: '0',
    auto_remove_inactive_days: '30',
    auto_remove_inactive_mode: 'site',
    auto_remove_inactive_roles: [],
    auto_cleanup: '0',
    auto_cleanup_frequency: 'daily',
    auto_cleanup_day: '1',
    auto_cleanup_time: '03:00',
    auto_cleanup_limit: '1000',
    enable_system_messages: '0',
    system_messages_disabled_types: [],
    enable_notifications: '0',
    allow_guests: '0',
    hide_participants: '0',
    hide_participants_count: '0',
    show_online_users: '0',
    open_online_users: '0',
    moderators_can_invite: '0',
    ephemeral_participants: '0',
    group_video_calls: '1',
    group_audio_calls: '1',
    enable_files: '0',
    hide_from_thread_list: '1',
    must_join_message: 'You need to join this chat room to send messages',
    join_button_text: 'Join chat room',
    not_allowed_text: 'You are not allowed to join this chat room',
    not_allowed_reply_text: 'You are not allowed to reply in this chat room',
    must_login_text: 'You need to login to website to send messages',
    login_button_text: 'Login',
    guest_button_text: 'Chat as Guest',
    closed_message: 'This chat room is currently closed',
  };
}

export interface ChatRoomRow {
  id: number;
  thread_id: number;
  title: string;
  status: string;
  settings: string;
}

export function moderatorIds(db: Db, threadId: number): number[] {
  const row = db
    .prepare("SELECT value FROM thread_meta WHERE thread_id = ? AND key = 'moderators'")
    .get(threadId) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as number[]) : [];
}

/** ChatRoom object of `/admin/chat-rooms`. */
export function chatRoomItem(ctx: Ctx, room: ChatRoomRow) {
  const count = ctx.db
    .prepare('SELECT COUNT(*) AS n FROM messages WHERE thread_id = ?')
    .get(room.thread_id) as { n: number };
  return {
    id: room.id,
    title: room.title,
    status: room.status,
    threadId: room.thread_id,
    inboxUrl: `#/conversation/${room.thread_id}?&scrollToContainer`,
    imageId: 0,
    imageUrl: '',
    settings: JSON.parse(room.settings) as Record<string, unknown>,
    moderators: moderatorIds(ctx.db, room.thread_id)
      .map((id) => userItem(ctx, id))
      .filter((u): u is UserItem => u !== null),
    messageCount: count.n,
    autoCleanupNext: null,
    autoCleanupLast: null,
  };
}
