import { describe, expect, it } from 'vitest';
import { replyBody } from './reply';

describe('reply body', () => {
  it('keeps text as typed for the site to escape: lines, ampersands, angle brackets', () => {
    expect(replyBody('Hi Tom & Jerry,\r\n\r\n2 < 3, ok?\n')).toBe('Hi Tom & Jerry,<br><br>2 < 3, ok?');
  });

  it('lets nothing typed become markup or a plugin marker', () => {
    const body = replyBody('<script>alert(1)</script> <b>bold</b> <!-- BM-DELETED-MESSAGE --> <?php');
    expect(body).not.toMatch(/<[a-zA-Z/!?]/);
    expect(body.replace(/\u200b/g, '')).toBe(
      '<script>alert(1)</script> <b>bold</b> <!-- BM-DELETED-MESSAGE --> <?php',
    );
  });
});
