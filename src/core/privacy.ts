// docs/audiences.md: the public dist/ must not contain e-mail addresses in any page or JSON
// file. Authors and contributors are shown by name, and for the public audience every other text
// that comes from a repository (subjects, bodies, changelogs, tag messages, even names, since git
// lets a name be an address) has addresses replaced before it is rendered or serialized
// (docs/audiences.md, "E-mail addresses").

/** What an address is replaced with. Brackets make it read as an editorial note. */
export const EMAIL_PLACEHOLDER = '[email hidden]';

// Deliberately broad (RFC 5322 local parts are broader still, and RFC 6531 allows any script):
// letters and digits of every script, so `jörg.müller@firma.example` is hidden whole, not cut
// after the last ASCII letter. The domain needs a dot and a last label of letters (or an IDN
// `xn--` label), so npm-style tags such as `@acme/api@1.2.0` are not addresses; `localhost` is the
// one dotless domain that is (`root@localhost` is what a misconfigured git writes).
const L = '\\p{L}\\p{M}\\p{N}';
// The backtick RFC 5322 allows is left out: in Markdown it is a code span's edge.
const LOCAL_CHAR = new RegExp(`[${L}.!#$%&'*+/=?^_{|}~-]`, 'u');
const LABEL = `[${L}](?:[${L}-]*[${L}])?`;
const DOMAIN = new RegExp(
  `(?:(?:${LABEL}\\.)+(?:\\p{L}[\\p{L}\\p{M}]+|xn--[a-z0-9-]+)|localhost)(?![${L}-])`,
  'iuy',
);
/** RFC 5321 limits: a local part has at most 64 octets, a domain at most 255. Generous here. */
const MAX_LOCAL = 128;
const MAX_DOMAIN = 320;

/**
 * Where the addresses in `text` are, as [start, end) offsets. Found from each `@` (or `＠`, U+FF20,
 * the full-width at sign people read as one) outwards, so the cost is linear in the text: a
 * regular expression run from every position would be quadratic on a long run of letters (a
 * base64 blob in a changelog).
 */
export function findEmails(text: string): [number, number][] {
  const out: [number, number][] = [];
  let floor = 0;
  const ats = /[@\uFF20]/g;
  for (let m = ats.exec(text); m; m = ats.exec(text)) {
    const at = m.index;
    let start = at;
    while (start > floor && at - start < MAX_LOCAL) {
      const pair =
        start >= 2 && /[\uDC00-\uDFFF]/.test(text[start - 1]!) && /[\uD800-\uDBFF]/.test(text[start - 2]!);
      const ch = pair ? text.slice(start - 2, start) : text[start - 1]!;
      if (!LOCAL_CHAR.test(ch)) break;
      start -= ch.length;
    }
    if (start === at) continue;
    DOMAIN.lastIndex = 0;
    const domain = DOMAIN.exec(text.slice(at + 1, at + 1 + MAX_DOMAIN));
    if (!domain) continue;
    const end = at + 1 + domain[0].length;
    out.push([start, end]);
    floor = end;
    ats.lastIndex = end;
  }
  return out;
}

/** `text` with the [start, end) ranges replaced by the placeholder. */
function replaceRanges(text: string, ranges: [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += text.slice(at, start) + EMAIL_PLACEHOLDER;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Addresses in `text` replaced: those written out, and those that only appear once Markdown is
 * read (`name@[corp.example](https://x.example)`, `name@**corp**.example`, `alice&#64;corp.example`,
 * `alice@corp\.example`): what a reader would see is scanned too (`visibleText`), and each address
 * found there is replaced with the Markdown around it.
 */
export function redactEmails(text: string): string {
  if (!/[@\uFF20]|&#0*64;|&#x0*40;|&commat;/i.test(text)) return text;
  const plain = replaceRanges(text, findEmails(text));
  const view = visibleText(plain);
  if (view.text === plain) return plain;
  const ranges: [number, number][] = [];
  for (const [a, b] of findEmails(view.text)) {
    let start = view.sourceStart(a);
    let end = view.sourceEnd(b - 1);
    // The rest of a link the address ends in (`](https://x.example)`), and its `[`, go with it.
    const link = /^\]\([^)\s]*\)/.exec(plain.slice(end, end + 2048));
    if (link) {
      end += link[0].length;
      if (plain[start - 1] === '[') start--;
    }
    if (start >= (ranges.at(-1)?.[1] ?? 0)) ranges.push([start, end]);
  }
  return replaceRanges(plain, ranges);
}

/** Entities Markdown decodes that can spell an address. */
const ENTITY = /&(?:#0*(\d{1,7})|#x0*([0-9a-f]{1,6})|(commat|period|lowbar|hyphen|dash|plus));/iy;
const NAMED: Record<string, string> = {
  commat: '@',
  period: '.',
  lowbar: '_',
  hyphen: '-',
  dash: '-',
  plus: '+',
};
const WORD = /[\p{L}\p{N}]/u;
const SPECIAL = /[*_`~[\]\\&]/g;
const LINK_TARGET = /\]\([^)\s]*\)/y;

/** A stretch of the visible text and where it came from: `length` characters copied from `source`, or one character that `sourceLength` characters spelled. */
interface Piece {
  visible: number;
  source: number;
  length: number;
  sourceLength: number;
}

/**
 * Markdown source as a reader sees it, roughly: emphasis and code markers, backslashes of
 * escapes, link brackets and link targets left out, entities decoded; with the way back from a
 * visible character to the source. Only for finding addresses: it need not be Markdown's exact
 * reading, only join what Markdown would join. Linear: plain runs are copied whole.
 */
export function visibleText(markdown: string): {
  text: string;
  sourceStart: (i: number) => number;
  sourceEnd: (i: number) => number;
} {
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let visible = 0;
  const copy = (from: number, to: number) => {
    if (to <= from) return;
    parts.push(markdown.slice(from, to));
    pieces.push({ visible, source: from, length: to - from, sourceLength: to - from });
    visible += to - from;
  };
  const spell = (ch: string, from: number, to: number) => {
    parts.push(ch);
    pieces.push({ visible, source: from, length: ch.length, sourceLength: to - from });
    visible += ch.length;
  };
  let i = 0;
  SPECIAL.lastIndex = 0;
  for (let m = SPECIAL.exec(markdown); m; m = SPECIAL.exec(markdown)) {
    const at = m.index;
    if (at < i) continue;
    copy(i, at);
    const c = markdown[at]!;
    let next = at + 1;
    // `_` and `~` inside a word are characters of it (`first_last@x`), not emphasis.
    const inWord =
      (c === '_' || c === '~') && WORD.test(markdown[at - 1] ?? '') && WORD.test(markdown[at + 1] ?? '');
    if (inWord) spell(c, at, next);
    else if (c === ']') {
      LINK_TARGET.lastIndex = at;
      if (LINK_TARGET.test(markdown)) next = LINK_TARGET.lastIndex;
    } else if (c === '\\') {
      if (/[!-/:-@[-`{-~]/.test(markdown[at + 1] ?? '')) {
        spell(markdown[at + 1]!, at, at + 2);
        next = at + 2;
      } else spell(c, at, next);
    } else if (c === '&') {
      ENTITY.lastIndex = at;
      const e = ENTITY.exec(markdown);
      const code = e && !e[3] ? parseInt(e[1] ?? e[2]!, e[1] ? 10 : 16) : 0;
      if (e && (e[3] || code <= 0x10ffff)) {
        next = at + e[0].length;
        spell(e[3] ? NAMED[e[3].toLowerCase()]! : String.fromCodePoint(code), at, next);
      } else spell(c, at, next);
    }
    i = next;
    SPECIAL.lastIndex = next;
  }
  copy(i, markdown.length);
  const pieceAt = (v: number): Piece => {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid]!.visible <= v) lo = mid;
      else hi = mid - 1;
    }
    return pieces[lo]!;
  };
  const copied = (p: Piece) => p.length === p.sourceLength && p.length > 1;
  return {
    text: parts.join(''),
    sourceStart: (v) => {
      const p = pieceAt(v);
      return copied(p) ? p.source + (v - p.visible) : p.source;
    },
    sourceEnd: (v) => {
      const p = pieceAt(v);
      return copied(p) ? p.source + (v - p.visible) + 1 : p.source + p.sourceLength;
    },
  };
}

/**
 * For text from repositories: redacts for the public audience, leaves it whole for internal.
 * `hidesEmails` tells the Markdown renderer to redact again after rendering: addresses that only
 * form once text nodes are joined (`name@` and a link to `corp.example`) or entities decoded.
 */
export type Redact = ((text: string) => string) & { readonly hidesEmails: boolean };

const publicRedact: Redact = Object.assign((text: string) => redactEmails(text), { hidesEmails: true });
const internalRedact: Redact = Object.assign((text: string) => text, { hidesEmails: false });

export function makeRedactor(audience: 'public' | 'internal'): Redact {
  return audience === 'public' ? publicRedact : internalRedact;
}
