import { describe, expect, it } from 'vitest';
import { splitFiles } from './convert';

describe('splitFiles', () => {
  it('separates the viewer’s trailing file list from the body, whatever its language', () => {
    const html =
      '<p>hi</p><div>Diese Nachricht enthält 2 Anhänge:<ul><li><a target="_blank" href="https://s.test/a.png">https://s.test/a.png</a></li><li><a target="_blank" href="https://s.test/b.pdf">https://s.test/b.pdf</a></li></ul></div>';
    expect(splitFiles(html)).toEqual({
      body: '<p>hi</p>',
      urls: ['https://s.test/a.png', 'https://s.test/b.pdf'],
    });
  });

  it('leaves a body without files alone', () => {
    expect(splitFiles('<div>x<ul><li>y</li></ul></div>')).toEqual({
      body: '<div>x<ul><li>y</li></ul></div>',
      urls: [],
    });
  });
});
