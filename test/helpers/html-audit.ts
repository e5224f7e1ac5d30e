// Finds what must never reach a page: a script element, an event-handler or style attribute, an
// embedding element, a URL attribute whose scheme is not http(s), mailto or relative. A tag-level
// scan of the HTML as written (not a DOM), for tests and for checking a built dist/: escaped text
// such as `&lt;img onerror=…&gt;` is text, not a tag, and is correctly not reported.

export interface HtmlProblem {
  /** The offending tag as written, cut to 200 characters. */
  tag: string;
  why: string;
}

const FORBIDDEN_ELEMENTS = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'style',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'form',
  'base',
  'meta',
  'link',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'cite',
  'action',
  'formaction',
  'longdesc',
  'srcset',
  'poster',
  'background',
  'xlink:href',
  'data',
]);

const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** A URL attribute as a browser reads it: entities decoded, ASCII control characters and spaces dropped. */
export function browserUrl(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;|&newline;/gi, '')
    .replace(/[\u0000-\u0020]/g, '');
}

/** True for http(s), mailto, and URLs without a scheme (relative paths, fragments, queries). */
export function isAllowedUrl(value: string): boolean {
  const url = browserUrl(value);
  const colon = url.indexOf(':');
  if (colon === -1) return true;
  const firstDelimiter = url.search(/[/?#]/);
  if (firstDelimiter !== -1 && firstDelimiter < colon) return true;
  return /^(https?|mailto):/i.test(url);
}

export interface AuditOptions {
  /** Elements allowed in this document despite the list above (a page's own `<meta>`, `<link>`). */
  allowElements?: readonly string[];
  /**
   * The site's own scripts: `<script type="module" src="/_astro/…">` files that Astro bundled from
   * our source, and `<script type="application/json">` data blocks. Any other script is reported.
   */
  allowSiteScripts?: boolean;
}

/** A script tag the site itself writes (see AuditOptions.allowSiteScripts). */
export function isSiteScript(tag: string): boolean {
  return (
    /^<script type="module" src="\/_astro\/[\w.-]+\.js"><\/?script>?$|^<script type="module" src="\/_astro\/[\w.-]+\.js">$/.test(
      tag,
    ) || /^<script type="application\/json"(?: id="[\w-]+")?>$/.test(tag)
  );
}

export function auditHtml(html: string, options: AuditOptions = {}): HtmlProblem[] {
  const allowed = new Set(options.allowElements ?? []);
  const problems: HtmlProblem[] = [];
  for (const m of html.matchAll(TAG)) {
    const name = m[1]!.toLowerCase();
    const tag = m[0].length > 200 ? m[0].slice(0, 199) + '…' : m[0];
    const siteScript = name === 'script' && options.allowSiteScripts === true && isSiteScript(m[0]);
    if (FORBIDDEN_ELEMENTS.has(name) && !allowed.has(name) && !siteScript)
      problems.push({ tag, why: `a <${name}> element` });
    for (const a of (m[2] ?? '').matchAll(ATTRIBUTE)) {
      const attr = a[1]!.toLowerCase();
      const value = a[2] ?? a[3] ?? a[4] ?? '';
      if (attr.startsWith('on')) problems.push({ tag, why: `an event-handler attribute "${attr}"` });
      if (attr === 'style') problems.push({ tag, why: 'a style attribute' });
      if (URL_ATTRIBUTES.has(attr) && !isAllowedUrl(value))
        problems.push({
          tag,
          why: `a ${attr} URL with a disallowed scheme: ${JSON.stringify(value.slice(0, 80))}`,
        });
    }
  }
  return problems;
}
