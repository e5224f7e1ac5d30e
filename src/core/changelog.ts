// The section of a CHANGELOG that belongs to one version, in Keep a Changelog style
// (`## [1.2.0] - 2026-03-02`) or changesets style (`## 1.2.0` / `### Minor Changes`).
//
// A changelog grows with every release, so reading it at 1,000 tags must not parse the whole file
// 1,000 times: the headings are found by a line scan that knows about fenced code blocks (ATX and
// setext headings, as CommonMark defines them), and only the one section is parsed with remark.
import remarkParse from 'remark-parse';
import { unified } from 'unified';

interface Heading {
  depth: number;
  text: string;
  /** Offset of the heading's first character. */
  start: number;
  /** Offset just after the heading (after the underline of a setext heading). */
  end: number;
}

interface MdNode {
  type: string;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

const processor = unified().use(remarkParse);

/** The version a heading names: its first word, without brackets or a leading "v". */
export function headingVersion(text: string): string | null {
  const first =
    text
      .trim()
      .replace(/^\[/, '')
      .split(/[\]\s(]/)[0] ?? '';
  const bare = first.replace(/^v(?=\d)/, '');
  return /^\d/.test(bare) ? bare : null;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Every heading outside fenced code, in order, found line by line as they are asked for: a caller
 * that stops early (the section of the newest release, at the top of a newest-first changelog)
 * never scans the rest of the file.
 */
export function* headingsOf(markdown: string): Generator<Heading> {
  let fence: string | null = null;
  let offset = 0;
  let previous: { text: string; start: number; paragraph: boolean } | null = null;
  while (offset <= markdown.length) {
    const start = offset;
    const nl = markdown.indexOf('\n', offset);
    const line = markdown.slice(start, nl < 0 ? markdown.length : nl);
    offset += line.length + 1;
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = null;
      previous = null;
      continue;
    }
    if (f) {
      fence = f[1];
      previous = null;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      yield { depth: atx[1].length, text: atx[2] ?? '', start, end: Math.min(offset, markdown.length) };
      previous = null;
      continue;
    }
    const setext = SETEXT.exec(line);
    if (setext && previous?.paragraph) {
      yield {
        depth: setext[1][0] === '=' ? 1 : 2,
        text: previous.text,
        start: previous.start,
        end: Math.min(offset, markdown.length),
      };
      previous = null;
      continue;
    }
    // A setext underline only follows a one-line paragraph that is not a list item or a quote.
    const blank = line.trim() === '';
    previous = blank
      ? null
      : {
          text: line.trim(),
          start,
          paragraph: !/^ {0,3}(?:[-*+>]|\d+[.)])(?:\s|$)/.test(line) && !/^ {4}/.test(line),
        };
  }
}

/**
 * The Markdown between the heading that names `version` (level 1 to 3) and the next heading of the
 * same or a higher level; null when the changelog has no such heading. Link definitions that end
 * the section (`[1.2.0]: https://…` at the end of the file) are left out.
 */
export function extractChangelogSection(markdown: string, version: string): string | null {
  return sectionOf(markdown, version, false) as string | null;
}

/**
 * The same from the start of a changelog only (its first bytes, decoded): the section, null when
 * the whole file has none, or undefined when the start is not enough to tell (the heading, or the
 * end of its section, may lie further on). A newest-first changelog has a release's section near
 * its top, so a harvest need not decode the whole file at every tag.
 */
export function extractChangelogSectionFromStart(
  start: string,
  version: string,
  complete: boolean,
): string | null | undefined {
  return sectionOf(start, version, !complete);
}

function sectionOf(markdown: string, version: string, truncated: boolean): string | null | undefined {
  const want = version.replace(/^v(?=\d)/, '');
  // Scan only up to the end of the wanted section.
  let h: Heading | undefined;
  let after: Heading | undefined;
  for (const heading of headingsOf(markdown)) {
    if (!h) {
      if (heading.depth <= 3 && headingVersion(heading.text) === want) h = heading;
    } else if (heading.depth <= h.depth) {
      after = heading;
      break;
    }
  }
  if (!h) return truncated ? undefined : null;
  if (!after && truncated) return undefined;
  const section = markdown.slice(h.end, after ? after.start : markdown.length);
  const body = section.slice(0, trailingDefinitions(section)).trim();
  return body === '' ? null : body + '\n';
}

const DEFINITION_LIKE = /^ {0,3}\[[^\]]+\]:/;
/** Past this, a tail that starts inside one long paragraph is not parsed: its lines stay in. */
const MAX_TAIL = 1 << 20;

/**
 * Where the link definitions that end a section begin (`[1.2.0]: https://…`, the compare links of
 * Keep a Changelog), or the section's length when it ends in none. remark knows which lines are
 * definitions and which only look like them (a definition cannot interrupt a paragraph, and inside
 * a fenced block it is code), but parsing a whole section would cost gigabytes for a large one:
 * only its tail is parsed, from the last blank line outside a fenced block before the
 * definition-like lines at the end, where every block before has ended.
 */
export function trailingDefinitions(section: string): number {
  // Lines from the end: blank, definition-like, or a definition's continuation (an indented title).
  let runStart = section.length;
  let pos = section.length;
  let sawDefinition = false;
  while (pos > 0) {
    const lineStart = section.lastIndexOf('\n', pos - 2) + 1;
    const line = section.slice(lineStart, pos).replace(/\n$/, '');
    if (DEFINITION_LIKE.test(line)) sawDefinition = true;
    else if (line.trim() !== '' && !/^\s+\S/.test(line)) break;
    runStart = lineStart;
    pos = lineStart;
  }
  if (!sawDefinition) return section.length;
  // The last blank line before the run that is outside a fenced block: the tail starts there.
  let fence: string | null = null;
  let safe = -1;
  let offset = 0;
  while (offset <= runStart && offset < section.length) {
    const nl = section.indexOf('\n', offset);
    const line = section.slice(offset, nl < 0 ? section.length : nl);
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = null;
    } else if (f) fence = f[1];
    else if (line.trim() === '') safe = offset;
    offset += line.length + 1;
  }
  if (fence) return section.length; // the definitions are code
  const from = safe < 0 ? 0 : safe;
  if (section.length - from > MAX_TAIL) return section.length;
  const top = (processor.parse(section.slice(from)) as MdNode).children ?? [];
  let end = section.length;
  for (let i = top.length - 1; i >= 0 && top[i].type === 'definition'; i--)
    end = from + (top[i].position?.start.offset ?? end - from);
  return end;
}
