// Backtick code spans in one-line texts from repositories (commit subjects, scopes): the only
// markup a subject gets. Everything else in it is text: `fix the <title> tag` shows the angle
// brackets, `**bold**` shows the asterisks. Pages render the segments with Astro's escaping
// (`{text}` and `<code>{text}</code>`) and the upgrade page's script with textContent, so a
// subject never becomes markup; `inlineCodeToHtml` is for HTML assembled outside Astro (feeds).
//
// The span rules are CommonMark's (https://spec.commonmark.org/0.31.2/#code-spans): a run of n
// backticks opens a span that the next run of exactly n closes; an unclosed run is literal text;
// a span's content has one leading and trailing space stripped when it has both and is not all
// spaces.
import { escapeHtml } from './escape-html.ts';

export interface InlineSegment {
  /** True for a code span. */
  code: boolean;
  text: string;
}

export function splitInlineCode(text: string): InlineSegment[] {
  const out: InlineSegment[] = [];
  let plain = '';
  let i = 0;
  const runAt = (at: number) => {
    let j = at;
    while (text[j] === '`') j++;
    return j - at;
  };
  while (i < text.length) {
    if (text[i] !== '`') {
      plain += text[i++];
      continue;
    }
    const open = runAt(i);
    // Find the next run of exactly the same length.
    let close = -1;
    for (let j = i + open; j < text.length;) {
      if (text[j] !== '`') {
        j++;
        continue;
      }
      const n = runAt(j);
      if (n === open) {
        close = j;
        break;
      }
      j += n;
    }
    if (close === -1) {
      plain += text.slice(i, i + open);
      i += open;
      continue;
    }
    let code = text.slice(i + open, close);
    if (code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '')
      code = code.slice(1, -1);
    if (plain) out.push({ code: false, text: plain });
    plain = '';
    out.push({ code: true, text: code });
    i = close + open;
  }
  if (plain) out.push({ code: false, text: plain });
  return out;
}

/** HTML with every character escaped first and code spans as `<code>`: no other markup can come out. */
export function inlineCodeToHtml(text: string): string {
  return splitInlineCode(text)
    .map((s) => (s.code ? `<code>${escapeHtml(s.text)}</code>` : escapeHtml(s.text)))
    .join('');
}
