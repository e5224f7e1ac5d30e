// Large Markdown in pieces (src/lib/render/markdown-chunks.ts): where a document may be cut, what each
// piece carries of the whole (link definitions, the top heading level), and that the rendered
// page reads the same as a whole-document rendering would: every item, heading and link there.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/lib/render/markdown.ts';
import { CHUNKED_OVER, splitMarkdown, topHeadingLevel } from '../../src/lib/render/markdown-chunks.ts';

/** A changelog section of about `kb` kilobytes: sub-headings, a long list, code, reference links. */
function bigSection(kb: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let g = 0; size < kb * 1024; g++) {
    const items = Array.from(
      { length: 200 },
      (_, i) => `- Fix ${g}.${i}: see [the issue][issue-${g % 7}] and \`opt${i}\`.\n`,
    ).join('');
    const code = '```js\nconst a = 1;\n\n// a blank line inside the fence\n- not an item\n```\n';
    const part = `#### Group ${g}\n\n${items}\n${code}\n`;
    parts.push(part);
    size += part.length;
  }
  const defs = Array.from({ length: 7 }, (_, i) => `[issue-${i}]: https://forge.example/issues/${i}`).join(
    '\n',
  );
  return `${parts.join('\n')}\n${defs}\n`;
}

describe('splitMarkdown', () => {
  const doc = bigSection(400);
  const pieces = splitMarkdown(doc);

  it('cuts a large document into pieces that put back together give the document', () => {
    expect(doc.length).toBeGreaterThan(CHUNKED_OVER);
    expect(pieces.length).toBeGreaterThan(5);
    // Definition lines and blank lines aside, the pieces are the document, in order.
    const text = (s: string) => s.replace(/^\[issue-\d\]: \S+$/gm, '').replace(/\n+/g, '\n');
    expect(text(pieces.join(''))).toBe(text(doc));
  });

  it('never cuts inside a fenced code block', () => {
    for (const p of pieces) expect((p.match(/^```/gm) ?? []).length % 2, p.slice(0, 80)).toBe(0);
  });

  it('carries the link definitions a piece uses into it', () => {
    for (const p of pieces.filter((x) => x.includes('][issue-')))
      for (const m of p.matchAll(/\]\[(issue-\d)\]/g)) expect(p).toContain(`\n[${m[1]}]: https://`);
  });

  it('finds the top heading level of the whole document', () => {
    expect(topHeadingLevel(doc)).toBe(4);
    expect(topHeadingLevel('text only')).toBeNull();
  });
});

describe('renderMarkdown of a large document', () => {
  const doc = bigSection(300);
  const html = renderMarkdown(doc, { headingLevel: 3 });

  it('renders every item, every reference link and every code block', () => {
    expect((html.match(/<li>/g) ?? []).length).toBe((doc.match(/^- Fix /gm) ?? []).length);
    expect((html.match(/<a href="https:\/\/forge\.example\/issues\/\d">the issue<\/a>/g) ?? []).length).toBe(
      (doc.match(/\[the issue\]/g) ?? []).length,
    );
    expect((html.match(/<pre><code class="language-js">/g) ?? []).length).toBe(
      (doc.match(/^```js/gm) ?? []).length,
    );
    expect(html).not.toContain('[issue-');
  });

  it("shifts every heading by the whole document's top level, not each piece's", () => {
    expect(html).toContain('<h3>Group 0</h3>');
    expect(html).not.toMatch(/<h[124-6]>Group/);
  });

  it('numbers an ordered list cut into pieces on from where each piece began', () => {
    const ordered = Array.from(
      { length: 6000 },
      (_, i) => `${i + 1}. Step ${i + 1} of the migration.\n`,
    ).join('');
    const out = renderMarkdown(ordered);
    const starts = [...out.matchAll(/<ol(?: start="(\d+)")?>\n<li>Step (\d+) /g)];
    expect(starts.length).toBeGreaterThan(1);
    for (const [, start, first] of starts) expect(start ?? '1').toBe(first);
  });
});
