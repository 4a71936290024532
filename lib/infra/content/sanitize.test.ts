import { describe, expect, it } from 'vitest';
import { htmlToPlainText, REMOTE_IMAGE_ATTR, sanitizeMessageHtml } from './sanitize';
import { HIDDEN_CHAR_CLASS } from './sanitize-markers';

/** Nothing in the output may run code, load a resource, or style the page. */
function assertInert(html: string) {
  expect(html).not.toMatch(
    /<(script|style|iframe|object|embed|svg|math|img|form|input|link|meta|base|video|audio)\b/i,
  );
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:|vbscript:|data:/i);
  expect(html).not.toMatch(/style\s*=/i);
  expect(html).not.toMatch(/\ssrc\s*=/i);
}

const CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.test/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
  '<body onload=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<a href="java\tscript:alert(1)">tab</a>',
  '<a href="&#106;avascript:alert(1)">entity</a>',
  '<a href=" javascript:alert(1)">space</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data</a>',
  '<a href="//evil.test">protocol-relative</a>',
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mtext><script>alert(1)</script></mtext></math>',
  '<iframe src="https://evil.test"></iframe>',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<p style="background:url(javascript:alert(1))">css</p>',
  '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>',
  '<style>body{display:none}</style>text',
  '<link rel=stylesheet href=//evil.test/x.css>',
  '<form action=//evil.test><input name=p></form>',
  '<meta http-equiv="refresh" content="0;url=//evil.test">',
  '<base href="//evil.test/">',
  '<b onmouseover=alert(1)>hover</b>',
  '<p><b>unclosed <i>tags <a href="https://ok.test">link',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</script>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<video><source onerror=alert(1)></video>',
  '<template><img src=x onerror=alert(1)></template>',
  '<a href="https://ok.test" target="_self" rel="opener">kept</a>',
];

describe('sanitizeMessageHtml', () => {
  it.each(CORPUS)('makes %s inert', (input) => {
    assertInert(sanitizeMessageHtml(input));
  });

  it('keeps the allowed formatting', () => {
    const html =
      '<p><b>b</b> <i>i</i> <em>e</em> <strong>s</strong> <u>u</u> <s>x</s><br></p><ul><li>1</li></ul><ol><li>2</li></ol><blockquote>q</blockquote><pre><code>c</code></pre>';
    expect(sanitizeMessageHtml(html)).toBe(
      '<p><b>b</b> <i>i</i> <em>e</em> <strong>s</strong> <u>u</u> <s>x</s><br /></p><ul><li>1</li></ul><ol><li>2</li></ol><blockquote>q</blockquote><pre><code>c</code></pre>',
    );
  });

  it('links open in a new tab without opener or referrer, http/https/mailto only', () => {
    expect(sanitizeMessageHtml('<a href="https://ok.test/a?b=1&c=2" target="_self">x</a>')).toBe(
      '<a href="https://ok.test/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
    expect(sanitizeMessageHtml('<a href="mailto:a@b.test">m</a>')).toContain('href="mailto:a@b.test"');
    expect(sanitizeMessageHtml('<a href="ftp://x.test">f</a>')).toBe('<a>f</a>');
  });

  it('turns a remote image into a marker that loads nothing', () => {
    const out = sanitizeMessageHtml('see <img src="https://cdn.test/cat.png" alt="a cat" onerror="x"> here');
    expect(out).toBe(
      `see <span class="bm-remote-image" ${REMOTE_IMAGE_ATTR}="https://cdn.test/cat.png">[image: a cat]</span> here`,
    );
    expect(sanitizeMessageHtml('<img src="data:image/png;base64,AAAA">')).toBe(
      '<span class="bm-remote-image">[image]</span>',
    );
  });

  it('drops NUL bytes (PostgreSQL refuses them)', () => {
    expect(sanitizeMessageHtml('a\u0000b')).toBe('ab');
  });
});

describe('sanitizeMessageHtml and hidden characters', () => {
  const RLO = `<span class="${HIDDEN_CHAR_CLASS}" title="Hidden direction-override character U+202E (right-to-left override)">⟨U+202E⟩</span>`;
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

  it('shows a direction override in the text as a marker, written or as an entity', () => {
    expect(sanitizeMessageHtml('<p>invoice\u202Egnp.exe &amp; more</p>')).toBe(
      `<p>invoice${RLO}gnp.exe &amp; more</p>`,
    );
    expect(sanitizeMessageHtml('a&#x202E;b&#8238;c')).toBe(`a${RLO}b${RLO}c`);
  });

  it('reveals them inside links, formatting and image labels, and leaves attributes whole', () => {
    const out = sanitizeMessageHtml(
      '<b>x\u200By</b> <a href="https://ok.test/\u202Ea">l\u202Ek</a> <img src="https://cdn.test/c.png" alt="c\u2066t">',
    );
    expect(out).toContain(
      `<b>x<span class="${HIDDEN_CHAR_CLASS}" title="Invisible character U+200B (zero width space)">⟨U+200B⟩</span>y</b>`,
    );
    expect(out).toContain(`rel="noopener noreferrer nofollow" target="_blank">l${RLO}k</a>`);
    expect(out).toContain('href="https://ok.test/\u202Ea"');
    expect(out).toContain(`[image: c<span class="${HIDDEN_CHAR_CLASS}"`);
    expect(out).toContain(`⟨U+2066⟩</span>t]</span>`);
    expect(out.replace(/href="[^"]*"/g, '').replace(/data-remote-image="[^"]*"/g, '')).not.toMatch(BIDI);
  });

  it('quotes a tag character title that names what it hides', () => {
    expect(sanitizeMessageHtml('a\u{E0022}')).toBe(
      `a<span class="${HIDDEN_CHAR_CLASS}" title="Hidden tag character U+E0022 hiding &quot;&quot;&quot;">⟨U+E0022⟩</span>`,
    );
  });

  it('leaves right-to-left writing and emoji untouched', () => {
    for (const text of ['مرحبا بكم في المنتدى — welcome', 'שלום! mixed עברית', 'می‌خواهم 👩‍👩‍👧‍👦']) {
      expect(sanitizeMessageHtml(`<p>${text}</p>`)).toBe(`<p>${text}</p>`);
    }
  });

  it.each(CORPUS.map((html) => `\u202E${html}\u2067`))(
    'keeps %s inert with hidden characters around it',
    (input) => {
      const out = sanitizeMessageHtml(input);
      assertInert(out);
      expect(out).not.toMatch(BIDI);
    },
  );
});

describe('htmlToPlainText', () => {
  it('strips markup, decodes entities, keeps words apart', () => {
    expect(
      htmlToPlainText('<p>Tom &amp; Jerry</p><p>&lt;3&#128512;</p>line<br>two<script>x()</script>'),
    ).toBe('Tom & Jerry <3😀 line two');
    expect(htmlToPlainText('<svg><text>hidden</text></svg>shown')).toBe('shown');
  });
});
