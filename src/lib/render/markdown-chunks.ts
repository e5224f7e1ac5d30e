// Large Markdown (a changelog section of megabytes) is rendered in pieces: micromark's cost on one
// long document grows faster than its length (a 5 MB section took four times as long as a 2 MB
// one, and gigabytes of memory), while pieces of a few dozen kilobytes each cost their length. A
// piece ends where a block of the document ends (docs/site.md, "Large release notes"):
//
// - at a blank line outside a fenced code block, before a line that is not indented (so nothing
//   continues the block before it), or
// - inside one long list, before a line that starts a new item of that list: the list becomes
//   several lists in a row, each numbered on from where the last one ended.
//
// What Markdown reads across the whole document is carried into each piece: the link reference
// definitions a piece uses are appended to it, and the level of the document's top heading is
// computed once (see `topHeadingLevel`). Footnotes are matched within a piece only. Pure.
import { headingsOf } from '../../core/changelog.ts';

/** Documents longer than this are rendered in pieces; shorter ones whole, as before. */
export const CHUNKED_OVER = 128 * 1024;
/** The length a piece grows to before it ends at the next block boundary. */
const TARGET = 32 * 1024;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ITEM = /^(?:[-*+]|\d{1,9}[.)])[ \t]/;
const DEFINITION = /^ {0,3}\[((?:[^\]\\\n]|\\.){1,999})\]:[ \t]*\S/;
const REFERENCE = /\[((?:[^\]\\\n]|\\.){1,999})\]/g;

/** A link label as CommonMark matches it: case-folded, whitespace collapsed. */
const normalizeLabel = (label: string) => label.trim().replace(/\s+/g, ' ').toLowerCase();

/** The pieces of `markdown`, each ending at a block boundary, with the definitions it uses appended. */
export function splitMarkdown(markdown: string): string[] {
  const definitions = new Map<string, string>();
  const cuts: number[] = [];
  let fence: string | null = null;
  let pieceStart = 0;
  let previousBlank = true;
  let previousDefinition = false;
  // Inside a list: a line at column 0 that starts an item, and every line after it up to a blank
  // line followed by a line at column 0 that does not (which ends the list).
  let inList = false;
  for (let offset = 0; offset < markdown.length;) {
    const nl = markdown.indexOf('\n', offset);
    const line = markdown.slice(offset, nl < 0 ? markdown.length : nl);
    const f = FENCE.exec(line);
    const blank = line.trim() === '';
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = null;
      previousBlank = false;
    } else {
      const indented = /^[ \t]/.test(line);
      const item = !indented && ITEM.test(line);
      const long = offset - pieceStart >= TARGET;
      if (long && !blank && !indented && (previousBlank || (item && inList))) {
        cuts.push(offset);
        pieceStart = offset;
      }
      if (!blank && !indented) inList = item || (inList && !previousBlank);
      if (f) fence = f[1]!;
      // A definition cannot interrupt a paragraph: only after a blank line or another definition.
      const d: RegExpExecArray | null = previousBlank || previousDefinition ? DEFINITION.exec(line) : null;
      if (d) {
        const label = normalizeLabel(d[1]!);
        if (!definitions.has(label)) definitions.set(label, line);
      }
      previousDefinition = d !== null;
      previousBlank = blank;
    }
    offset = nl < 0 ? markdown.length : nl + 1;
  }
  const bounds = [0, ...cuts, markdown.length];
  const pieces: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = markdown.slice(bounds[i], bounds[i + 1]);
    const used = new Set<string>();
    for (const m of piece.matchAll(REFERENCE)) {
      const label = normalizeLabel(m[1]!);
      if (definitions.has(label)) used.add(definitions.get(label)!);
    }
    pieces.push(used.size ? `${piece.replace(/\n*$/, '')}\n\n${[...used].join('\n')}\n` : piece);
  }
  return pieces;
}

/** The level of the document's top heading (1–6), or null when it has none. */
export function topHeadingLevel(markdown: string): number | null {
  let top: number | null = null;
  for (const h of headingsOf(markdown)) top = top === null ? h.depth : Math.min(top, h.depth);
  return top;
}
