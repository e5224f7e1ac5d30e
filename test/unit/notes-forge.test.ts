// The commit notes are pasted into a forge's release body (`waybill notes`), so they are checked
// the way a forge reads Markdown: CommonMark with GitHub's extensions (remark-parse + remark-gfm),
// and what a reader sees (the text, the links, the code) must be the commit as written.
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseCommit } from '../../src/core/commits.ts';
import { renderCommitNotes } from '../../src/core/notes.ts';

interface Node {
  type: string;
  value?: string;
  url?: string;
  children?: Node[];
}
const forge = unified().use(remarkParse).use(remarkGfm);
const parse = (md: string) => forge.runSync(forge.parse(md)) as Node;
const all = (n: Node, type: string): Node[] => [
  ...(n.type === type ? [n] : []),
  ...(n.children ?? []).flatMap((c) => all(c, type)),
];
/** The text a reader sees, code spans included. */
const visible = (n: Node): string => n.value ?? (n.children ?? []).map(visible).join('');

let n = 0;
const change = (message: string, parents = 1) =>
  parseCommit({
    hash: (++n).toString(16).padStart(40, 'c'),
    parents: Array.from({ length: parents }, () => 'f'.repeat(40)),
    author: { name: 'Ann', email: 'ann@example.com' },
    committer: { name: 'Ann', email: 'ann@example.com' },
    authorDate: '2026-01-01T10:00:00Z',
    committerDate: '2026-01-01T10:00:00Z',
    message,
  });
const GITHUB = {
  issue: 'https://github.com/acme/api/issues/{id}',
  pull: 'https://github.com/acme/api/pull/{id}',
};

describe('commit notes on a forge', () => {
  it('keep pull request numbers as links, with the project’s templates', () => {
    const md = renderCommitNotes([change('fix(router): keep the hash (#16119)')], GITHUB);
    const links = all(parse(md), 'link');
    expect(links.map((l) => [visible(l), l.url])).toEqual([
      ['#16119', 'https://github.com/acme/api/pull/16119'],
    ]);
    expect(md).not.toContain('\\#');
  });

  it('leave `#123` for the forge to link when the project has no templates, never escaped', () => {
    const md = renderCommitNotes([change('fix(router): keep the hash (#16119), see #12 and acme/web#7')]);
    expect(md).toContain('keep the hash (#16119), see #12 and acme/web#7');
    expect(visible(parse(md))).toContain('keep the hash (#16119), see #12 and acme/web#7');
  });

  it('add the pull request that merged a change when its subject does not name it', () => {
    const c = { ...change('etcdserver: add cluster id check'), pull: { id: '16120', raw: '#16120' } };
    const md = renderCommitNotes([c], GITHUB);
    const text = visible(parse(md));
    expect(text).toContain('etcdserver: add cluster id check (#16120)');
    expect(all(parse(md), 'link').map((l) => l.url)).toEqual(['https://github.com/acme/api/pull/16120']);
    // A GitLab merge request is linked only with a `pull` template.
    const gitlab = { ...c, pull: { id: '42', raw: '!42' } };
    expect(all(parse(renderCommitNotes([gitlab], { issue: GITHUB.issue })), 'link')).toEqual([]);
    expect(
      all(
        parse(renderCommitNotes([gitlab], { pull: 'https://gitlab.example/acme/api/-/merge_requests/{id}' })),
        'link',
      ).map((l) => l.url),
    ).toEqual(['https://gitlab.example/acme/api/-/merge_requests/42']);
  });

  it('keep code spans of any backtick count as code', () => {
    const md = renderCommitNotes([change('fix: quote ``a `b` c`` and `d` but not a lone ` backtick')]);
    const tree = parse(md);
    expect(all(tree, 'inlineCode').map((c) => c.value)).toEqual(['a `b` c', 'd']);
    expect(visible(tree)).toContain(
      'fix: quote'.replace('fix: ', '') + ' a `b` c and d but not a lone ` backtick',
    );
  });

  it('show markup in a subject as text: no HTML, emphasis, links or strikethrough', () => {
    const md = renderCommitNotes([
      change(
        'fix: <script>alert(1)</script> *magic* _under_ [x](javascript:alert(1)) ~~gone~~ $x$ &amp; snake_case_name',
      ),
    ]);
    const tree = parse(md);
    for (const type of ['html', 'emphasis', 'strong', 'link', 'delete', 'image'])
      expect(all(tree, type), type).toEqual([]);
    expect(visible(tree)).toContain(
      '<script>alert(1)</script> *magic* _under_ [x](javascript:alert(1)) ~~gone~~ $x$ &amp; snake_case_name',
    );
    expect(md).toContain('snake_case_name'); // no needless backslashes inside words
  });

  it('keep bare URLs as the links GFM makes of them', () => {
    const md = renderCommitNotes([change('docs: see https://example.com/a_b_c/d?x=1 for details')]);
    expect(all(parse(md), 'link').map((l) => l.url)).toEqual(['https://example.com/a_b_c/d?x=1']);
  });

  it('never turn a subject into a heading, a list or a quote', () => {
    const md = renderCommitNotes([
      change('# not a heading'),
      change('1. not a list'),
      change('> not a quote'),
      change('- not a list'),
    ]);
    const tree = parse(md);
    expect(all(tree, 'heading').map(visible)).toEqual(['Other changes']);
    expect(all(tree, 'blockquote')).toEqual([]);
    expect(all(tree, 'list')).toHaveLength(1);
    for (const s of ['# not a heading', '1. not a list', '> not a quote', '- not a list'])
      expect(visible(tree)).toContain(s);
  });

  it('keep migration notes readable on a forge', () => {
    const md = renderCommitNotes(
      [
        change(
          'feat!: new config (#7)\n\nBREAKING CHANGE: rename `port` to `listen` (see #7).\n# keep this line as text',
        ),
      ],
      GITHUB,
    );
    const tree = parse(md);
    expect(all(tree, 'heading').map(visible)).toEqual(['Breaking changes']);
    expect(all(tree, 'inlineCode').map((c) => c.value)).toEqual(['port', 'listen']);
    expect(all(tree, 'link').map((l) => l.url)).toEqual([
      'https://github.com/acme/api/pull/7',
      'https://github.com/acme/api/pull/7',
    ]);
  });
});
