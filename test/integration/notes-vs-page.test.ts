// `waybill notes <project> <version>` is what a forge's release body gets; the release page is what
// a customer reads. They must say the same thing. For every release of the demo, the page's notes
// (highlights, then the best notes source) are compared with the CLI's Markdown read as a reader
// would: both sides reduced to the same outline of blocks.
//
// "Matches" means: the same blocks in the same order, where a block is a heading, a list item, a
// paragraph, a code block, a rule or a table cell, each with its text (Markdown syntax rendered,
// entities decoded, whitespace runs as one space). Heading *levels* are not compared (the page
// shifts the notes' headings under its own), nor the page's own chrome (the section heading
// "Changelog", "Release notes", …, which names the source the JSON reports).
//
// When the best source is the commit list, the page shows it as its grouped changes instead of a
// notes block; then "matches" means the same group headings in the same order and, in each, the same
// changes (short hash, scope, subject) in the same order, breaking ones with the same migration notes.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { toSlug } from '../../src/schemas/layout.ts';
import { buildDemo } from '../helpers/site.ts';

// ---------------------------------------------------------------------------------------------
// A small HTML reader: the pages are written by our own renderer (well-formed, sanitized), so a
// tag-level tree is enough, and the test does not depend on a parser the project does not.

interface El {
  tag: string;
  attrs: Record<string, string>;
  children: Nd[];
}
type Nd = El | string;
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'source', 'wbr']);
const decode = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');

function parseHtml(html: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [] };
  const stack = [root];
  const re =
    /<!--[\s\S]*?-->|<!doctype[^>]*>|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>|([^<]+)/giy;
  for (const m of html.matchAll(re)) {
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) top.children.push(decode(m[5]));
    else if (m[1]) {
      const i = stack.findLastIndex((e) => e.tag === m[1]!.toLowerCase());
      if (i > 0) stack.length = i;
    } else if (m[2]) {
      const attrs: Record<string, string> = {};
      for (const a of (m[3] ?? '').matchAll(
        /\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g,
      ))
        attrs[a[1]!] = decode(a[2] ?? a[3] ?? a[4] ?? '');
      const el: El = { tag: m[2].toLowerCase(), attrs, children: [] };
      top.children.push(el);
      if (!VOID.has(el.tag) && m[4] !== '/') stack.push(el);
    }
  }
  return root;
}

const isEl = (n: Nd): n is El => typeof n !== 'string';
const hasClass = (e: El, c: string) => (e.attrs.class ?? '').split(/\s+/).includes(c);
function find(e: El, pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (n: El) => {
    for (const c of n.children)
      if (isEl(c)) {
        if (pred(c)) out.push(c);
        walk(c);
      }
  };
  walk(e);
  return out;
}
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const textOf = (n: Nd, skip: (e: El) => boolean = () => false): string =>
  typeof n === 'string'
    ? n
    : skip(n)
      ? ''
      : n.tag === 'br'
        ? ' '
        : n.tag === 'img'
          ? (n.attrs.alt ?? '')
          : n.children.map((c) => textOf(c, skip)).join('');

// ---------------------------------------------------------------------------------------------
// The outline both sides are reduced to.

const BLOCK = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'pre',
  'blockquote',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'div',
  'section',
  'details',
  'summary',
]);

function htmlOutline(nodes: Nd[]): string[] {
  const out: string[] = [];
  let inline: Nd[] = [];
  const flush = () => {
    const t = norm(inline.map((n) => textOf(n)).join(''));
    if (t) out.push(`p: ${t}`);
    inline = [];
  };
  for (const n of nodes) {
    if (!isEl(n) || !BLOCK.has(n.tag)) {
      inline.push(n);
      continue;
    }
    flush();
    if (/^h[1-6]$/.test(n.tag)) out.push(`h: ${norm(textOf(n))}`);
    else if (n.tag === 'p') {
      const t = norm(textOf(n));
      if (t) out.push(`p: ${t}`);
    } else if (n.tag === 'pre') out.push(`code: ${textOf(n).replace(/\n$/, '')}`);
    else if (n.tag === 'hr') out.push('hr');
    else if (n.tag === 'td' || n.tag === 'th') out.push(`cell: ${norm(textOf(n))}`);
    else if (n.tag === 'li') out.push('li', ...htmlOutline(n.children));
    else if (n.tag === 'blockquote') out.push('quote', ...htmlOutline(n.children), 'end quote');
    else out.push(...htmlOutline(n.children));
  }
  flush();
  return out;
}

interface Md {
  type: string;
  value?: string;
  alt?: string;
  depth?: number;
  children?: Md[];
}
const mdText = (n: Md): string =>
  n.type === 'text' || n.type === 'inlineCode'
    ? (n.value ?? '')
    : n.type === 'html'
      ? /^\s*<!--[\s\S]*-->\s*$/.test(n.value ?? '')
        ? ''
        : (n.value ?? '')
      : n.type === 'break'
        ? ' '
        : n.type === 'image'
          ? (n.alt ?? '')
          : (n.children ?? []).map(mdText).join('');

function mdOutline(nodes: Md[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (n.type === 'heading') out.push(`h: ${norm(mdText(n))}`);
    else if (n.type === 'paragraph' || n.type === 'html') {
      const t = norm(mdText(n));
      if (t) out.push(`p: ${t}`);
    } else if (n.type === 'code') out.push(`code: ${n.value}`);
    else if (n.type === 'thematicBreak') out.push('hr');
    else if (n.type === 'tableCell') out.push(`cell: ${norm(mdText(n))}`);
    else if (n.type === 'listItem') out.push('li', ...mdOutline(n.children ?? []));
    else if (n.type === 'blockquote') out.push('quote', ...mdOutline(n.children ?? []), 'end quote');
    else if (n.children) out.push(...mdOutline(n.children));
  }
  return out;
}
const parseMd = (md: string) => unified().use(remarkParse).use(remarkGfm).parse(md) as unknown as Md;

describe('the outline readers', () => {
  it('read Markdown and the HTML it renders to as the same outline', () => {
    const md =
      '## Added\n\n- **io:** csv `export` ([#4](https://x/4))\n- two\n  lines\n\n  second para\n\n> quoted\n\n```sh\nnpm i\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nA &amp; B <br> c\n';
    const html =
      '<h3>Added</h3>\n<ul>\n<li><strong>io:</strong> csv <code>export</code> (<a href="https://x/4">#4</a>)</li>\n<li><p>two\nlines</p><p>second para</p></li>\n</ul>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n<pre><code class="language-sh">npm i\n</code></pre>\n<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>\n<p>A &#x26; B &lt;br> c</p>';
    const expected = [
      'h: Added',
      'li',
      'p: io: csv export (#4)',
      'li',
      'p: two lines',
      'p: second para',
      'quote',
      'p: quoted',
      'end quote',
      'code: npm i',
      'cell: a',
      'cell: b',
      'cell: 1',
      'cell: 2',
      'p: A & B <br> c',
    ];
    expect(mdOutline(parseMd(md).children!)).toEqual(expected);
    expect(htmlOutline(parseHtml(html).children)).toEqual(expected);
    // And they tell a difference apart: a missing item, a changed word, another order.
    expect(htmlOutline(parseHtml('<ul><li>b</li><li>a</li></ul>').children)).not.toEqual(
      mdOutline(parseMd('- a\n- b\n').children!),
    );
  });
});

// ---------------------------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'waybill-notes-page-'));
let dist: string;
let data: string;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  dist = buildDemo(tmp, 'site');
  data = join(tmp, 'site-data');
}, 300_000);

/** `waybill notes` in this process (main() is the CLI's whole body): no Node start per release. */
async function notes(project: string, version: string, format: 'md' | 'json'): Promise<string> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) =>
    ({
      write: (s: string) => {
        f(s);
        return true;
      },
      isTTY: false,
    }) as unknown as NodeJS.WriteStream;
  const code = await main(['notes', project, version, '--format', format, '--data', data], {
    cwd: tmp,
    env: { CI: 'true' },
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    clock: () => new Date(0),
  });
  if (code !== 0) throw new Error(`waybill notes ${project} ${version} exited ${code}: ${err}`);
  return out;
}

const LABEL_OF_SOURCE: Record<string, string> = {
  overlay: 'Release notes',
  changelog: 'Changelog',
  tag: 'Tag message',
};

function releasesOfDemo(): { project: string; version: string }[] {
  const dir = join(data, 'releases');
  return readdirSync(dir)
    .sort()
    .flatMap((project) =>
      readdirSync(join(dir, project))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => ({
          project,
          version: (JSON.parse(readFileSync(join(dir, project, f), 'utf8')) as { version: string }).version,
        })),
    );
}

/** A change as both sides can name it. */
interface Item {
  hash: string;
  scope: string | null;
  subject: string;
  migration: string[];
}

function commitItemsFromMd(md: string): { headings: string[]; items: Item[][] } {
  const headings: string[] = [];
  const items: Item[][] = [];
  for (const n of parseMd(md).children!) {
    if (n.type === 'heading') {
      headings.push(norm(mdText(n)));
      items.push([]);
    }
    if (n.type !== 'list') continue;
    for (const li of n.children!) {
      const [first, ...rest] = li.children!;
      const m = /^(?:(.+?): )?(.*) \(([0-9a-f]{7})\)$/.exec(norm(mdText(first!)))!;
      expect(m, `a change line: ${mdText(first!)}`).not.toBeNull();
      items.at(-1)!.push({ hash: m[3]!, scope: m[1] ?? null, subject: m[2]!, migration: mdOutline(rest) });
    }
  }
  return { headings, items };
}

function commitItemsFromPage(page: El): { headings: string[]; items: Item[][] } {
  const headings: string[] = [];
  const items: Item[][] = [];
  const item = (li: El): Item => {
    const line = find(li, (e) => hasClass(e, 'change-line'))[0]!;
    const one = (c: string) => find(line, (e) => hasClass(e, c))[0];
    const scope = one('scope');
    const migration = find(li, (e) => hasClass(e, 'migration'))[0];
    return {
      hash: norm(textOf(one('hash')!)),
      scope: scope ? norm(textOf(scope)).replace(/:$/, '') : null,
      subject: norm(textOf(one('subject')!)),
      migration: migration
        ? htmlOutline(migration.children.filter((c) => !(isEl(c) && hasClass(c, 'migration-label'))))
        : [],
    };
  };
  const breaking = find(page, (e) => e.tag === 'section' && hasClass(e, 'breaking'))[0];
  if (breaking) {
    headings.push('Breaking changes');
    items.push(find(breaking, (e) => e.tag === 'li' && hasClass(e, 'change')).map(item));
  }
  for (const group of find(page, (e) => e.tag === 'section' && hasClass(e, 'change-group'))) {
    const h = find(group, (e) => /^h[2-6]$/.test(e.tag))[0]!;
    headings.push(norm(textOf(h, (e) => hasClass(e, 'count'))));
    items.push(find(group, (e) => e.tag === 'li' && hasClass(e, 'change')).map(item));
  }
  return { headings, items };
}

describe('waybill notes and the release page, for every release of the demo', () => {
  it('covers every release page the build wrote', () => {
    const releases = releasesOfDemo();
    expect(releases.length).toBeGreaterThanOrEqual(25);
    for (const { project, version } of releases)
      expect(readFileSync(join(dist, 'projects', project, toSlug(version), 'index.html'), 'utf8')).toContain(
        '<h1',
      );
  });

  it('prints as Markdown the notes the page shows: same headings, items and text, in the same order', async () => {
    const mismatches: string[] = [];
    let prose = 0;
    let commits = 0;
    let changesCompared = 0;
    for (const { project, version } of releasesOfDemo()) {
      const page = parseHtml(
        readFileSync(join(dist, 'projects', project, toSlug(version), 'index.html'), 'utf8'),
      );
      const md = await notes(project, version, 'md');
      const json = JSON.parse(await notes(project, version, 'json')) as {
        source: string;
        highlights: string[];
        markdown: string;
      };
      const where = `${project} ${version} (${json.source})`;

      // Highlights: the page's list, and the Markdown's leading list of the same length.
      const highlights = find(page, (e) => e.tag === 'section' && hasClass(e, 'highlights'))[0];
      const pageHighlights = highlights
        ? htmlOutline(find(highlights, (e) => e.tag === 'ul')[0]!.children)
        : [];
      const section = find(page, (e) => e.tag === 'section' && hasClass(e, 'release-notes'))[0];

      if (json.source === 'commits') {
        commits++;
        if (section)
          mismatches.push(
            `${where}: the page shows a "${norm(textOf(section.children.find(isEl)!))}" notes section, the CLI prints the commit list`,
          );
        const body = md.slice(
          json.highlights.map((h) => `- ${h}\n`).join('').length + (json.highlights.length ? 1 : 0),
        );
        const fromMd = commitItemsFromMd(body);
        const fromPage = commitItemsFromPage(page);
        changesCompared += fromPage.items.flat().length;
        if (JSON.stringify(fromMd) !== JSON.stringify(fromPage))
          mismatches.push(
            `${where}: commit list differs\n  cli:  ${JSON.stringify(fromMd)}\n  page: ${JSON.stringify(fromPage)}`,
          );
        if (
          JSON.stringify(pageHighlights) !==
          JSON.stringify(json.highlights.flatMap((h) => ['li', `p: ${norm(mdText(parseMd(h)))}`]))
        )
          mismatches.push(`${where}: highlights differ`);
        continue;
      }

      prose++;
      if (!section) {
        mismatches.push(`${where}: the CLI prints ${json.source} notes, the page has no notes section`);
        continue;
      }
      const [label, ...content] = section.children.filter((c) => isEl(c) || c.trim() !== '');
      if (norm(textOf(label!)) !== LABEL_OF_SOURCE[json.source])
        mismatches.push(
          `${where}: the page's notes are "${norm(textOf(label!))}", the CLI's are ${json.source}`,
        );
      const pageOutline = [...pageHighlights, ...htmlOutline(content)];
      const cliOutline = mdOutline(parseMd(md).children!);
      if (JSON.stringify(cliOutline) !== JSON.stringify(pageOutline)) {
        const at = cliOutline.findIndex((b, i) => b !== pageOutline[i]);
        mismatches.push(
          `${where}: first difference at block ${at}\n  cli:  ${JSON.stringify(cliOutline[at])}\n  page: ${JSON.stringify(pageOutline[at])}`,
        );
      }
    }
    // The demo has both kinds; neither check may pass by having nothing to compare.
    expect(prose).toBeGreaterThan(0);
    expect(commits).toBeGreaterThan(0);
    expect(changesCompared).toBeGreaterThan(3);
    expect(mismatches).toEqual([]);
  });

  it("--format json carries the same notes as --format md (and the page's highlights)", async () => {
    for (const { project, version } of releasesOfDemo()) {
      const md = await notes(project, version, 'md');
      const json = JSON.parse(await notes(project, version, 'json')) as {
        project: string;
        version: string;
        tag: string;
        source: string;
        highlights: string[];
        markdown: string;
      };
      expect(json).toMatchObject({ project, version });
      expect(['overlay', 'changelog', 'tag', 'commits']).toContain(json.source);
      // The Markdown output is exactly the JSON's highlights as a list, then its markdown.
      const rebuilt =
        (json.highlights.length ? json.highlights.map((h) => `- ${h}`).join('\n') + '\n\n' : '') +
        json.markdown.replace(/\n*$/, '\n');
      expect(md, `${project} ${version}`).toBe(rebuilt);
      // And it is the release's record, the one the page and the API are built from.
      const api = JSON.parse(
        readFileSync(join(dist, 'api/v1/projects', project, 'releases', `${toSlug(version)}.json`), 'utf8'),
      ) as { tag: string; notes?: unknown };
      expect(json.tag).toBe(api.tag);
    }
  });
});
