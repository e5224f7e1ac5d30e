// The section of a CHANGELOG that belongs to one version, in Keep a Changelog style
// (`## [1.2.0] - 2026-03-02`) or changesets style (`## 1.2.0` / `### Minor Changes`).
import remarkParse from 'remark-parse';
import { unified } from 'unified';

interface Heading {
  depth: number;
  text: string;
  start: number;
  end: number;
}

interface MdNode {
  type: string;
  depth?: number;
  value?: string;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

const processor = unified().use(remarkParse);

const textOf = (n: MdNode): string => n.value ?? (n.children ?? []).map(textOf).join('');

/** The version a heading names: its first word, without brackets or a leading "v". */
export function headingVersion(text: string): string | null {
  const first = text.trim().replace(/^\[/, '').split(/[\]\s(]/)[0] ?? '';
  const bare = first.replace(/^v(?=\d)/, '');
  return /^\d/.test(bare) ? bare : null;
}

/**
 * The Markdown between the heading that names `version` and the next heading of the same or a
 * higher level; null when the changelog has no such heading. Link definitions at the end of the
 * file (`[1.2.0]: https://…`) are left out.
 */
export function extractChangelogSection(markdown: string, version: string): string | null {
  const tree = processor.parse(markdown) as MdNode;
  const top = tree.children ?? [];
  const headings: Heading[] = [];
  let definitionsStart = markdown.length;
  top.forEach((n, i) => {
    if (n.type === 'heading') {
      headings.push({ depth: n.depth ?? 1, text: textOf(n), start: n.position?.start.offset ?? 0, end: n.position?.end.offset ?? 0 });
    }
    if (n.type === 'definition' && top.slice(i).every((m) => m.type === 'definition')) {
      definitionsStart = Math.min(definitionsStart, n.position?.start.offset ?? markdown.length);
    }
  });
  const want = version.replace(/^v(?=\d)/, '');
  const at = headings.findIndex((h) => h.depth <= 3 && headingVersion(h.text) === want);
  if (at < 0) return null;
  const h = headings[at];
  const after = headings.slice(at + 1).find((n) => n.depth <= h.depth);
  const end = Math.min(after ? after.start : markdown.length, definitionsStart);
  const body = markdown.slice(h.end, end).trim();
  return body === '' ? null : body + '\n';
}
