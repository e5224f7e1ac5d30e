// The ONE way text from repositories becomes HTML (changelogs, tag messages, commit bodies,
// migration notes, overlays). Astro's own Markdown pipeline does not sanitize, so untrusted
// Markdown never goes near it: pages put the `SafeHtml` this module returns into `set:html`, and
// only this module can make a `SafeHtml`.
//
//   remark-parse → remark-gfm → raw HTML as text → remark-rehype → rehype-sanitize → headings
//   shifted → rehype-stringify
//
// The sanitize schema is hast-util-sanitize's GitHub-like default with the URL protocols narrowed
// to http, https and mailto for links (relative URLs stay allowed) and http, https for images, so
// no `javascript:`, `data:` or `vbscript:` URL, no `<script>`, no `on*` attribute, no `style`, no
// `<iframe>` can come out.
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { CHUNKED_OVER, splitMarkdown, topHeadingLevel } from './markdown-chunks.ts';
import { EMAIL_PLACEHOLDER, findEmails, redactEmails, type Redact } from '../../core/privacy.ts';
import { sha256Hex } from '../../core/canonical.ts';

// Just enough of the unist node shape for the two small plugins below (the full types live in
// @types/mdast and @types/hast, which are not direct dependencies).
interface Node {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

/** Depth-first, parents before children. */
function walk(
  node: Node,
  visitor: (node: Node, parent: Node | null) => void,
  parent: Node | null = null,
): void {
  visitor(node, parent);
  for (const child of node.children ?? []) walk(child, visitor, node);
}

declare const safeHtml: unique symbol;
/** HTML that came out of the sanitizer. Only `renderMarkdown` and `renderInlineMarkdown` make one. */
export type SafeHtml = string & { readonly [safeHtml]: true };

export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  // remark-rehype already prefixes the only ids Markdown can make (footnotes, see `idPrefix`);
  // prefixing again here would break their links (`#user-content-fn-1` → `user-content-user-content-fn-1`).
  // Raw HTML, the other source of ids, never becomes elements here (see remarkRawHtmlAsText).
  clobberPrefix: '',
  protocols: {
    ...defaultSchema.protocols,
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
    longDesc: ['http', 'https'],
  },
};

export interface MarkdownOptions {
  /**
   * The audience's redactor: when it hides e-mail addresses, they are removed from the rendered
   * text and links (after Markdown decoded entities and escapes), not only from the source.
   */
  redact?: Redact;
  /**
   * The level the document's top heading becomes (the rest keep their distance to it, capped at
   * h6), so a changelog's `## Added` under the page's `<h2>` does not break the heading order.
   * Default 3.
   */
  headingLevel?: number;
  /** Prefix for the ids Markdown makes (footnotes); give each block on a page its own. Default `user-content-`. */
  idPrefix?: string;
}

// Raw HTML in commit messages is usually prose about HTML ("fix the <title> tag"), so it is kept
// as the literal text it is instead of being dropped; comments (`<!-- … -->`, common in
// changelog templates) are dropped. Keeping safe tags such as <details> would need an HTML parser
// (rehype-raw), which this project does not depend on.
function remarkRawHtmlAsText() {
  return (tree: Node) => {
    walk(tree, (node) => {
      if (!node.children) return;
      const blockParent = node.type === 'root' || node.type === 'blockquote' || node.type === 'listItem';
      node.children = node.children.flatMap((child): Node[] => {
        if (child.type !== 'html') return [child];
        if (/^\s*<!--[\s\S]*-->\s*$/.test(child.value ?? '')) return [];
        const text: Node = { type: 'text', value: child.value ?? '' };
        // Block-level HTML sits where a paragraph would; wrap it so it stays block content.
        return [blockParent ? { type: 'paragraph', children: [text] } : text];
      });
    });
  };
}

// After sanitizing: the text and link targets as a reader sees them, addresses replaced. Text is
// read the way a reader reads it, across inline elements: `name@` followed by a link to
// `corp.example` is one address, split over two text nodes, and both parts are replaced. A link
// whose target held an address loses its target and stays as (redacted) text; an inline element
// (a link, emphasis) left with no text at all is removed.
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
]);

function rehypeRedactEmails() {
  return (tree: Node) => {
    const emptied = new WeakSet<Node>();
    redactRuns(tree, emptied);
    walk(tree, (node) => {
      const p = node.properties;
      if (
        p &&
        typeof p.href === 'string' &&
        redactEmails(decodeURIComponentSafe(p.href)) !== decodeURIComponentSafe(p.href)
      )
        delete p.href;
      // An inline element the redaction emptied (`ops@**corp**.example` leaves `<strong></strong>`).
      if (node.children) node.children = node.children.filter((c) => !emptiedByRedaction(c, emptied));
    });
  };
}

/** Every run of inline text under `node` (a block), redacted as one string, then its blocks. */
function redactRuns(node: Node, emptied: WeakSet<Node>): void {
  const run: Node[] = [];
  const blocks: Node[] = [];
  const collect = (n: Node) => {
    for (const c of n.children ?? []) {
      if (c.type === 'text') run.push(c);
      else if (c.type === 'element' && INLINE.has(c.tagName ?? '')) collect(c);
      else if (c.children) blocks.push(c);
    }
  };
  collect(node);
  if (run.length) {
    const text = run.map((t) => t.value ?? '').join('');
    const ranges = findEmails(text);
    if (ranges.length) {
      // Each text node keeps what lies outside the addresses; the node an address starts in gets
      // the placeholder.
      let offset = 0;
      for (const t of run) {
        const value = t.value ?? '';
        const from = offset;
        const to = offset + value.length;
        let out = '';
        let at = from;
        for (const [a, b] of ranges) {
          if (b <= from || a >= to) continue;
          out += text.slice(at, Math.max(a, from));
          if (a >= from) out += EMAIL_PLACEHOLDER;
          at = Math.min(b, to);
        }
        t.value = out + text.slice(at, to);
        if (t.value === '' && value !== '') emptied.add(t);
        offset = to;
      }
    }
  }
  for (const b of blocks) redactRuns(b, emptied);
}

/** An inline element whose every text the redaction emptied, and nothing else in it (no image). */
function emptiedByRedaction(n: Node, emptied: WeakSet<Node>): boolean {
  if (n.type !== 'element' || !INLINE.has(n.tagName ?? '')) return false;
  let any = false;
  for (const c of n.children ?? []) {
    if (c.type === 'text' && emptied.has(c)) any = true;
    else if (!(c.type === 'text' && c.value === '') && !emptiedByRedaction(c, emptied)) return false;
    else if (c.type === 'element') any = true;
  }
  return any;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// `top` is the document's top heading level when the document is rendered in pieces (it is the
// whole document's, not the piece's); null to take it from the tree.
function rehypeShiftHeadings(options: { headingLevel: number; top: { level: number | null } }) {
  return (tree: Node) => {
    const headings: Node[] = [];
    walk(tree, (node) => {
      if (node.type === 'element' && /^h[1-6]$/.test(node.tagName ?? '')) headings.push(node);
    });
    if (headings.length === 0) return;
    const level = (h: Node) => Number(h.tagName![1]);
    const top = options.top.level ?? Math.min(...headings.map(level));
    for (const h of headings)
      h.tagName = `h${Math.min(6, Math.max(1, level(h) - top + options.headingLevel))}`;
  };
}

// mdast-util-to-hast gives every footnote section the fixed id `footnote-label` (not prefixed), so
// two blocks with footnotes on one page would share an id; give it the block's prefix.
function rehypePrefixFootnoteLabel(options: { idPrefix: string }) {
  const label = 'footnote-label';
  return (tree: Node) => {
    walk(tree, (node) => {
      const p = node.properties;
      if (!p) return;
      if (p.id === label) p.id = options.idPrefix + label;
      if (Array.isArray(p.ariaDescribedBy)) {
        p.ariaDescribedBy = p.ariaDescribedBy.map((id) => (id === label ? options.idPrefix + label : id));
      }
    });
  };
}

// One processor per heading level and redaction, made once: building one (remark-gfm combines its
// micromark extensions on freeze) costs far more than rendering a commit body, and a processor per
// id prefix (one per commit on a release page) kept tens of thousands of them alive in a build.
// The id prefix is per call instead: both places that read it (remark-rehype, which spreads its
// options into mdast-util-to-hast on every run, and rehypePrefixFootnoteLabel) read it from an
// options object of the processor that renderMarkdown sets right before the synchronous run.
interface Processor {
  run: ReturnType<typeof makeProcessor>['processor'];
  prefix: { clobberPrefix: string; idPrefix: string };
  top: { level: number | null };
}
const processors = new Map<string, Processor>();

function makeProcessor(headingLevel: number, hideEmails: boolean) {
  const prefix = { clobberPrefix: 'user-content-', idPrefix: 'user-content-' };
  const top = { level: null as number | null };
  const base = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRawHtmlAsText)
    .use(remarkRehype, prefix)
    .use(rehypeSanitize, sanitizeSchema);
  const processor = (hideEmails ? base.use(rehypeRedactEmails) : base)
    .use(rehypeShiftHeadings, { headingLevel, top })
    .use(rehypePrefixFootnoteLabel, prefix)
    .use(rehypeStringify)
    .freeze();
  return { processor, prefix, top };
}

/** Untrusted Markdown to sanitized HTML. */
export function renderMarkdown(markdown: string, options: MarkdownOptions = {}): SafeHtml {
  const level = Math.min(6, Math.max(1, options.headingLevel ?? 3));
  const prefix = (options.idPrefix ?? 'user-content-').replace(/[^A-Za-z0-9_-]/g, '-');
  const hide = options.redact?.hidesEmails === true;
  const key = `${level} ${hide}`;
  let p = processors.get(key);
  if (!p) {
    const made = makeProcessor(level, hide);
    processors.set(key, (p = { run: made.processor, prefix: made.prefix, top: made.top }));
  }
  const text = hide ? options.redact!(markdown) : markdown;
  const run = (piece: string, idPrefix: string) => {
    p.prefix.clobberPrefix = idPrefix;
    p.prefix.idPrefix = idPrefix;
    return String(p.run.processSync(piece)).trim();
  };
  if (text.length <= CHUNKED_OVER) {
    p.top.level = null;
    return run(text, prefix) as SafeHtml;
  }
  // A large document in pieces (src/lib/render/markdown-chunks.ts), each with its own footnote ids; the
  // release page and both feeds show the same notes, so the last few results are kept.
  const cacheKey = `${key} ${prefix} ${sha256Hex(text)}`;
  const cached = large.get(cacheKey);
  if (cached !== undefined) return cached;
  p.top.level = topHeadingLevel(text);
  try {
    const html = splitMarkdown(text)
      .map((piece, i) => run(piece, i === 0 ? prefix : `${prefix}${i}-`))
      .filter((h) => h !== '')
      .join('\n') as SafeHtml;
    large.set(cacheKey, html);
    if (large.size > 4) large.delete(large.keys().next().value!);
    return html;
  } finally {
    p.top.level = null;
  }
}

/** The last few large documents rendered, by options and digest. */
const large = new Map<string, SafeHtml>();

/** For one-line texts (highlights): a lone paragraph is unwrapped; anything else stays a block. */
export function renderInlineMarkdown(markdown: string, redact?: Redact): SafeHtml {
  const html = renderMarkdown(markdown, { redact });
  const m = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return (m && !m[1]!.includes('<p>') ? m[1] : html) as SafeHtml;
}
