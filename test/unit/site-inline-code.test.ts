// Backtick code spans in commit subjects are the only markup a subject gets; everything else,
// `<script>` included, stays text.
import { describe, expect, it } from 'vitest';
import { inlineCodeToHtml, splitInlineCode } from '../../src/lib/render/inline-code.ts';
import { escapeHtml } from '../../src/lib/render/escape-html.ts';

describe('splitInlineCode', () => {
  it('separates code spans from text', () => {
    expect(splitInlineCode('replace the `token` option with `credentials`')).toEqual([
      { code: false, text: 'replace the ' },
      { code: true, text: 'token' },
      { code: false, text: ' option with ' },
      { code: true, text: 'credentials' },
    ]);
    expect(splitInlineCode('no code here')).toEqual([{ code: false, text: 'no code here' }]);
    expect(splitInlineCode('')).toEqual([]);
  });

  it('follows CommonMark: runs must match in length, an unclosed run is text, one padding space is stripped', () => {
    expect(splitInlineCode('``a ` b``')).toEqual([{ code: true, text: 'a ` b' }]);
    expect(splitInlineCode('`` `x` ``')).toEqual([{ code: true, text: '`x`' }]);
    expect(splitInlineCode('a `b')).toEqual([{ code: false, text: 'a `b' }]);
    expect(splitInlineCode('```a`')).toEqual([{ code: false, text: '```a`' }]);
    expect(splitInlineCode('` `')).toEqual([{ code: true, text: ' ' }]);
  });

  it('keeps markup as text inside and outside code', () => {
    expect(splitInlineCode('escape `<script>` and <b>this</b>')).toEqual([
      { code: false, text: 'escape ' },
      { code: true, text: '<script>' },
      { code: false, text: ' and <b>this</b>' },
    ]);
  });
});

describe('inlineCodeToHtml', () => {
  it('escapes first, then makes only <code> elements', () => {
    expect(inlineCodeToHtml('fix `<script>alert(1)</script>` in <title>')).toBe(
      'fix <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> in &lt;title&gt;',
    );
    expect(inlineCodeToHtml('<img src=x onerror="alert(2)"> & `a&b`')).toBe(
      '&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; <code>a&amp;b</code>',
    );
    expect(inlineCodeToHtml('**not bold** [not](javascript:alert(3))')).toBe(
      '**not bold** [not](javascript:alert(3))',
    );
    expect(escapeHtml(`'"`)).toBe('&#39;&quot;');
  });
});
