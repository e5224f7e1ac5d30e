import { describe, expect, it } from 'vitest';
import { auditHtml } from '../helpers/html-audit.ts';
import { renderInlineMarkdown, renderMarkdown } from '../../src/lib/render/markdown.ts';

function expectSafe(html: string) {
  expect(auditHtml(html)).toEqual([]);
}

describe('renderMarkdown sanitizes untrusted Markdown', () => {
  const vectors: [string, string][] = [
    ['a script element', '<script>alert(1)</script>'],
    ['a script in a paragraph', 'hello <script>alert(1)</script> world'],
    ['an image with onerror', '<img src=x onerror=alert(2)>'],
    ['an svg with onload', '<svg onload=alert(1)><circle r=1 /></svg>'],
    ['a javascript: link', '[x](javascript:alert(3))'],
    ['an upper-case JAVASCRIPT: link', '[x](JAVASCRIPT:alert(3))'],
    ['a mixed-case link with leading space', '[x]( JaVaScRiPt:alert(3))'],
    ['a tab inside the scheme', '[x](<java\tscript:alert(3)>)'],
    ['an entity-encoded tab inside the scheme', '[x](java&#x09;script:alert(3))'],
    ['an entity-encoded first letter', '[x](&#106;avascript:alert(3))'],
    ['a newline-split scheme in a reference', '[x][r]\n\n[r]: <java\nscript:alert(3)>'],
    ['a reference-style javascript: link', '[x][r]\n\n[r]: javascript:alert(8)'],
    ['a javascript: image', '![x](javascript:alert(1))'],
    ['a data: image', '![p](data:image/png;base64,AAAA)'],
    ['a data: link', '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a vbscript: link', '[v](vbscript:msgbox(1))'],
    ['a raw anchor with javascript:', '<a href="javascript:alert(9)">y</a>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a style element', '<style>body{display:none}</style>'],
    ['a style attribute', '<p style="position:fixed">x</p>'],
    ['an object', '<object data="x.swf"></object>'],
    ['a form', '<form action="https://evil.example"><input name=a></form>'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
    ['a base element', '<base href="https://evil.example/">'],
    ['an autolink with javascript:', '<javascript:alert(1)>'],
    ['a title attribute breakout', '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")'],
    ['html inside a table cell', '| a |\n| - |\n| <img src=x onerror=alert(1)> |'],
    ['a script inside a list', '- <script>alert(1)</script>\n- ok'],
  ];
  it.each(vectors)('neutralizes %s', (_, markdown) => {
    const html = renderMarkdown(markdown);
    expectSafe(html);
    expect(html).not.toMatch(/<script/i);
  });

  it('keeps raw HTML visible as text instead of dropping it', () => {
    expect(renderMarkdown('fix the <title> tag')).toBe('<p>fix the &#x3C;title> tag</p>');
  });

  it('drops HTML comments, as changelog templates use them', () => {
    expect(renderMarkdown('<!-- Unreleased -->\n\nText')).toBe('<p>Text</p>');
  });

  it('keeps ordinary Markdown: emphasis, code, lists, tables, http(s), mailto and relative links', () => {
    const html = renderMarkdown(
      '**b** `c`\n\n- [a](https://x.example/a?b=1#c) [m](mailto:a@x.example) [r](./docs/x.md)\n\n| h |\n| - |\n| v |',
    );
    expect(html).toContain('<strong>b</strong>');
    expect(html).toContain('<code>c</code>');
    expect(html).toContain('<a href="https://x.example/a?b=1#c">a</a>');
    expect(html).toContain('<a href="mailto:a@x.example">m</a>');
    expect(html).toContain('<a href="./docs/x.md">r</a>');
    expect(html).toContain('<table>');
  });

  it('keeps the link text of a dropped URL, so nothing the author wrote disappears', () => {
    expect(renderMarkdown('[click me](javascript:alert(1))')).toBe('<p><a>click me</a></p>');
  });

  it('shifts headings so the top one is the requested level', () => {
    expect(renderMarkdown('# A\n\n## B\n\n#### C', { headingLevel: 3 })).toBe(
      '<h3>A</h3>\n<h4>B</h4>\n<h6>C</h6>',
    );
    expect(renderMarkdown('### Added', { headingLevel: 3 })).toBe('<h3>Added</h3>');
    expect(renderMarkdown('# A\n\n###### F', { headingLevel: 4 })).toContain('<h6>F</h6>');
  });

  it('gives footnotes working, per-block ids', () => {
    const html = renderMarkdown('a[^1]\n\n[^1]: note', { idPrefix: 'tag-' });
    expect(html).toContain('href="#tag-fn-1"');
    expect(html).toContain('id="tag-fn-1"');
    expect(html).toContain('id="tag-footnote-label"');
    expect(html).not.toContain('user-content-user-content');
  });

  it('is deterministic', () => {
    const md = '# T\n\ntext <b>x</b> [l](https://a.example)';
    expect(renderMarkdown(md)).toBe(renderMarkdown(md));
  });
});

describe('renderInlineMarkdown', () => {
  it('unwraps a single paragraph', () => {
    expect(renderInlineMarkdown('Pagination for `/items`')).toBe('Pagination for <code>/items</code>');
  });
  it('keeps block structure when there is more than a paragraph', () => {
    expect(renderInlineMarkdown('a\n\nb')).toBe('<p>a</p>\n<p>b</p>');
  });
  it('sanitizes like renderMarkdown', () => {
    expect(renderInlineMarkdown('x <script>alert(1)</script> [y](javascript:alert(1))')).toBe(
      'x &#x3C;script>alert(1)&#x3C;/script> <a>y</a>',
    );
  });
});

describe('auditHtml (the checker the tests above rely on)', () => {
  it('reports real tags, not escaped text', () => {
    expect(
      auditHtml('<p>&lt;img src=x onerror=alert(1)&gt; &#x3C;script>alert(1)&#x3C;/script></p>'),
    ).toEqual([]);
    expect(auditHtml('<img src=x onerror=alert(1)>').map((p) => p.why)).toEqual([
      'an event-handler attribute "onerror"',
    ]);
    expect(auditHtml('<script>alert(1)</script>').map((p) => p.why)).toEqual(['a <script> element']);
  });
  it('reads URL attributes as a browser does', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:x',
      ' javascript:x',
      'java&#x09;script:x',
      '&#106;avascript:x',
      'javascript&colon;x',
      'data:text/html,x',
      'vbscript:x',
    ]) {
      expect(auditHtml(`<a href="${href}">x</a>`), href).toHaveLength(1);
    }
    for (const href of [
      'https://a.example',
      'http://a.example',
      'mailto:a@b.example',
      './x.md',
      '/p/',
      '#fn-1',
      '?a=b:c',
      'a/b:c',
    ]) {
      expect(auditHtml(`<a href="${href}">x</a>`), href).toEqual([]);
    }
  });
  it('does not mistake a quoted attribute value for an attribute', () => {
    expect(
      auditHtml('<a href="https://ok.example" title="a&#x22; onmouseover=&#x22;alert(1)">x</a>'),
    ).toEqual([]);
  });
});

describe('e-mail addresses for the public audience', () => {
  it('are hidden after Markdown decodes entities and escapes, in text and in link targets', async () => {
    const { makeRedactor } = await import('../../src/core/privacy.ts');
    const redact = makeRedactor('public');
    for (const md of [
      'alice&#64;example.com',
      'alice@example\\.com',
      'first_last+ops@corp.example',
      '[mail me](mailto:bob@corp.example)',
      '<carol@corp.example>',
    ]) {
      const html = renderMarkdown(md, { redact });
      expect(html, md).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/);
      expect(html, md).not.toContain('&#64;');
    }
    // The internal audience keeps them.
    expect(renderMarkdown('alice@example.com', { redact: makeRedactor('internal') })).toContain(
      'alice@example.com',
    );
  });

  it('are hidden where the rendered text joins them across elements, even if the source was not redacted', () => {
    // A redactor that leaves the source as it is: only the pass over the rendered text acts.
    const onlyRendered = Object.assign((t: string) => t, { hidesEmails: true });
    const html = renderMarkdown('Ask name@[corp.example](https://x.example) or ops@**corp**.example.', {
      redact: onlyRendered,
    });
    expect(html).toBe('<p>Ask [email hidden] or [email hidden].</p>');
    expect(renderMarkdown('- jörg@*firma*.example', { redact: onlyRendered })).toBe(
      '<ul>\n<li>[email hidden]</li>\n</ul>',
    );
    // A linked image has no text and stays.
    expect(
      renderMarkdown('[![build](https://ci.example/b.svg)](https://ci.example)', { redact: onlyRendered }),
    ).toContain('<img');
    // Text in separate blocks is not joined.
    expect(renderMarkdown('name@\n\n- corp.example', { redact: onlyRendered })).toContain('name@');
  });
});
