import { describe, expect, it } from 'vitest';
import { replyBody } from './reply';

describe('reply body', () => {
  it('keeps text as typed for the site to escape: lines, ampersands, angle brackets', () => {
    expect(replyBody('Hi Tom & Jerry,\r\n\r\n2 < 3, ok?\n')).toBe('Hi Tom & Jerry,<br><br>2 < 3, ok?');
  });

  it('lets nothing typed become markup or a plugin marker, nor be stripped by the plugin', () => {
    const body = replyBody(
      '<script>alert(1)</script> <b>bold</b> <!-- BM-DELETED-MESSAGE --> <?php <3 a<b <',
    );
    expect(body).not.toMatch(/<[^ ]/);
    expect(body).toBe(
      '< script>alert(1)< /script> < b>bold< /b> < !-- BM-DELETED-MESSAGE --> < ?php < 3 a< b < ',
    );
  });

  it('keeps a < at the end of a line from swallowing the line break', () => {
    expect(replyBody('a <\nb')).toBe('a < <br>b');
  });
});
