/**
 * Message bodies are HTML written by a site's users, shown in a moderator's browser: the
 * biggest security risk in the product (architecture, fact 2). Everything that reaches a page
 * goes through `sanitizeMessageHtml` first; the index stores only its output.
 */
import sanitizeHtml from 'sanitize-html';
import { hasHiddenCharacters, revealHiddenCharacters } from './hidden-characters';
import { HIDDEN_CHAR_CLASS } from './sanitize-markers';

const SAFE_URL = /^(https?:|mailto:)/i;

/** Marks a remote image the moderator has not asked to load; the page turns it into a button. */
export const REMOTE_IMAGE_ATTR = 'data-remote-image';

function safeUrl(value: string | undefined, schemes: RegExp): string | null {
  if (!value) return null;
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
  return schemes.test(compact) ? value.trim() : null;
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'b',
    'i',
    'em',
    'strong',
    'u',
    's',
    'p',
    'br',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'a',
    'span',
  ],
  allowedAttributes: { a: ['href', 'rel', 'target'], span: [REMOTE_IMAGE_ATTR, 'class'] },
  allowedClasses: { span: ['bm-remote-image'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  // Their text is code or markup, never something a person wrote to be read.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'svg',
    'math',
    'iframe',
    'template',
    'title',
    'xmp',
    'noembed',
    'noframes',
    'object',
    'head',
  ],
  transformTags: {
    a: (tagName, attribs) => {
      const href = safeUrl(attribs.href, SAFE_URL);
      const safe: sanitizeHtml.Attributes = href
        ? { href, rel: 'noopener noreferrer nofollow', target: '_blank' }
        : {};
      return { tagName: 'a', attribs: safe };
    },
    // Loading a remote image tells its host who is looking and when: only on a moderator's request.
    img: (_tagName, attribs) => {
      const src = safeUrl(attribs.src, /^https?:/i);
      const label = (attribs.alt ?? '').trim().slice(0, 100);
      const marker: sanitizeHtml.Attributes = { class: 'bm-remote-image' };
      if (src) marker[REMOTE_IMAGE_ATTR] = src;
      return { tagName: 'span', attribs: marker, text: label ? `[image: ${label}]` : '[image]' };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};

/** PostgreSQL text and jsonb cannot hold NUL, and no one meant to write it. */
export function withoutNul(text: string): string {
  return text.replace(/\u0000/g, '');
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Text nodes (already escaped) with each hidden character replaced by a visible marker. */
function revealInText(escaped: string): string {
  return revealHiddenCharacters(escaped)
    .map((p) =>
      p.kind === 'text'
        ? p.text
        : `<span class="${HIDDEN_CHAR_CLASS}" title="${escapeAttribute(p.title)}">${p.label}</span>`,
    )
    .join('');
}

// A second pass over the clean output, only for the rare body that needs it: sanitize-html drops the
// text that `transformTags` gives an image once a `textFilter` is set, so the first pass cannot have one.
const REVEAL_OPTIONS: sanitizeHtml.IOptions = { ...OPTIONS, textFilter: revealInText };

export function sanitizeMessageHtml(html: string): string {
  const clean = sanitizeHtml(withoutNul(html), OPTIONS).trim();
  // A direction override in a body would flip the text after it (and the page around it).
  return hasHiddenCharacters(clean) ? sanitizeHtml(clean, REVEAL_OPTIONS) : clean;
}

const TEXT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
  nonTextTags: OPTIONS.nonTextTags,
  transformTags: {
    // An image keeps its alt text in search; blocks keep a space so words do not run together.
    img: (_t, attribs) => ({ tagName: 'img', attribs: {}, text: attribs.alt ? ` ${attribs.alt} ` : ' ' }),
  },
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Plain text for search and previews: no markup, entities decoded, whitespace folded. */
export function htmlToPlainText(html: string): string {
  const spaced = withoutNul(html).replace(
    /<\/?(br|p|li|ul|ol|div|blockquote|pre|h[1-6]|tr|td)\b[^>]*>/gi,
    ' $& ',
  );
  return decodeEntities(sanitizeHtml(spaced, TEXT_OPTIONS)).replace(/\s+/g, ' ').trim();
}
