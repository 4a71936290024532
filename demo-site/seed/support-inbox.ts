import type { Db } from '../db';
import { gmtString } from '../time';
import { Prng } from './prng';

/** The site's help desk account: a plain member (not an administrator), as support staff usually are. */
export const SUPPORT_LOGIN = 'helpdesk';
const SUPPORT_NAME = 'Community Help';

type Line = { from: 'member' | 'support'; minutesAgo: number; text: string };

/**
 * Members writing to the help desk, in every state a support team meets: long unanswered,
 * answered then asked again, waiting on the member, fixed. `member` is a user id every seed size
 * has. BM Desk's demo bootstrap gives each its triage state by subject.
 */
const CONVERSATIONS: { subject: string; member: number; lines: Line[] }[] = [
  {
    subject: 'Charged twice for my membership',
    member: 2,
    lines: [
      {
        from: 'member',
        minutesAgo: 26 * 60,
        text: 'Hi, I was charged twice for my yearly membership today.',
      },
      {
        from: 'member',
        minutesAgo: 25 * 60,
        text: 'My bank shows two payments of 49 €. Can you refund one?',
      },
    ],
  },
  {
    subject: 'Cannot upload a profile photo',
    member: 3,
    lines: [
      {
        from: 'member',
        minutesAgo: 3 * 60,
        text: 'Every photo I upload says "file too large", but it is only 300 KB.',
      },
    ],
  },
  {
    subject: 'How do I leave a group chat?',
    member: 4,
    lines: [
      { from: 'member', minutesAgo: 2 * 1440, text: 'How do I leave a group chat I was added to?' },
      {
        from: 'support',
        minutesAgo: 2 * 1440 - 45,
        text: 'Open the chat, click the participants icon, then "Leave".',
      },
      {
        from: 'member',
        minutesAgo: 50,
        text: 'There is no "Leave" button for me. Is it because I am not the owner?',
      },
    ],
  },
  {
    subject: 'Please delete my account',
    member: 5,
    lines: [
      { from: 'member', minutesAgo: 5 * 1440, text: 'Please delete my account and everything I wrote.' },
      {
        from: 'support',
        minutesAgo: 5 * 1440 - 30,
        text: 'We can do that. Please confirm from the email address on your account.',
      },
    ],
  },
  {
    subject: 'Notifications arrive twice',
    member: 6,
    lines: [
      { from: 'member', minutesAgo: 4 * 1440, text: 'Every notification email arrives twice since Monday.' },
      {
        from: 'support',
        minutesAgo: 4 * 1440 - 120,
        text: 'Thanks, we can reproduce it. A fix is on its way; we will write when it is out.',
      },
    ],
  },
  {
    subject: 'Thanks for the quick help',
    member: 8,
    lines: [
      { from: 'member', minutesAgo: 10 * 1440, text: 'My messages do not send, the button just spins.' },
      {
        from: 'support',
        minutesAgo: 10 * 1440 - 20,
        text: 'Please clear your browser cache and reload the page.',
      },
      { from: 'member', minutesAgo: 10 * 1440 - 5, text: 'Works now, thanks!' },
    ],
  },
  {
    subject: 'Password reset link expired',
    member: 9,
    lines: [
      { from: 'member', minutesAgo: 20 * 1440, text: 'The password reset link says it expired.' },
      { from: 'support', minutesAgo: 20 * 1440 - 60, text: 'I sent you a new one; it is valid for a day.' },
    ],
  },
  {
    subject: 'Someone keeps sending me shop links',
    member: 10,
    lines: [
      {
        from: 'member',
        minutesAgo: 6 * 60,
        text: 'A new member sends me links to a shop every hour. Can you stop them?',
      },
    ],
  },
  {
    subject: 'Question about group events',
    member: 11,
    lines: [{ from: 'member', minutesAgo: 40, text: 'Can a group chat have a shared calendar for events?' }],
  },
];

/**
 * `npm run demo` only (`--support-inbox`): a help desk account with its application password and
 * its conversations, so BM Desk's support inbox has something to show on first run. Added after
 * the rest of the seed, from its own random stream, so nothing else changes. Times are the real
 * clock's (a demo seeds once): "waiting 26 h" should read so when the demo starts.
 */
export function seedSupportInbox(db: Db, seed: number): void {
  const rng = new Prng(seed, 123);
  const nowMs = Date.now();
  const supportId = (db.prepare('SELECT MAX(id) AS id FROM users').get() as { id: number }).id + 1;
  db.prepare(
    `INSERT INTO users (id, login, nicename, display_name, first_name, last_name, email, role, registered,
     last_active, app_password, login_password, has_posts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(
    supportId,
    SUPPORT_LOGIN,
    SUPPORT_LOGIN,
    SUPPORT_NAME,
    'Community',
    'Help',
    `${SUPPORT_LOGIN}@example.test`,
    'subscriber',
    gmtString(nowMs - 400 * 86_400_000),
    gmtString(nowMs - 30 * 60_000),
    rng.token(24),
    rng.token(20),
    0,
  );
  const insertThread = db.prepare("INSERT INTO threads (subject, type) VALUES (?, 'thread')");
  const insertRecipient = db.prepare(
    'INSERT INTO recipients (thread_id, user_id, unread_count, is_muted, is_pinned) VALUES (?, ?, ?, 0, 0)',
  );
  const insertMessage = db.prepare(
    'INSERT INTO messages (thread_id, sender_id, message, created_at, updated_at, is_pending) VALUES (?,?,?,?,?,0)',
  );
  db.transaction(() => {
    for (const c of CONVERSATIONS) {
      const threadId = Number(insertThread.run(c.subject).lastInsertRowid);
      const last = c.lines[c.lines.length - 1]!;
      insertRecipient.run(threadId, c.member, last.from === 'support' ? 1 : 0);
      insertRecipient.run(threadId, supportId, last.from === 'member' ? 1 : 0);
      for (const line of c.lines) {
        const micro = (nowMs - line.minutesAgo * 60_000) * 10;
        insertMessage.run(threadId, line.from === 'member' ? c.member : supportId, line.text, micro, micro);
      }
    }
  })();
}
