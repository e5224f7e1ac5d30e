// Grouping changes the way release notes read, and the notes each source contributes.
import type { Change } from '../schemas/commit.ts';
import type { Notes, NotesSource } from '../schemas/release.ts';
import { fillLinkTemplate, pullLink, type LinkTemplates } from './links.ts';

/**
 * Change groups in the order a page shows them (after breaking changes); `types` are Conventional
 * Commit types. The last group takes every other type and plain commits.
 */
export const CHANGE_GROUPS = [
  { key: 'features', title: 'Features', types: ['feat', 'feature'] },
  // numpy's and SciPy's `API:` category: an (incompatible) change of the API that is not declared breaking.
  { key: 'api', title: 'API changes', types: ['api'] },
  { key: 'fixes', title: 'Bug fixes', types: ['fix', 'bugfix', 'hotfix'] },
  { key: 'security', title: 'Security', types: ['security', 'sec'] },
  { key: 'performance', title: 'Performance', types: ['perf'] },
  { key: 'deprecations', title: 'Deprecations', types: ['deprecate', 'deprecation', 'deprecated'] },
  { key: 'reverts', title: 'Reverts', types: ['revert'] },
  { key: 'documentation', title: 'Documentation', types: ['docs', 'doc'] },
  { key: 'refactoring', title: 'Refactoring', types: ['refactor', 'style'] },
  { key: 'build', title: 'Build & CI', types: ['build', 'ci', 'deps'] },
  { key: 'other', title: 'Other changes', types: [] as string[] },
] as const;

export type ChangeGroupKey = (typeof CHANGE_GROUPS)[number]['key'];
const OTHER = CHANGE_GROUPS.length - 1;

/** Index into CHANGE_GROUPS for a type; null and unknown types are "Other changes". */
export function groupIndexOf(type: string | null): number {
  if (type === null) return OTHER;
  const t = type.toLowerCase();
  const i = CHANGE_GROUPS.findIndex((g) => (g.types as readonly string[]).includes(t));
  return i === -1 ? OTHER : i;
}

/** The title of a change's group, for where the group itself is not shown (the breaking section). */
export function groupTitleOf(type: string | null): string {
  return CHANGE_GROUPS[groupIndexOf(type)].title;
}

interface Groupable {
  type: string | null;
  breaking: boolean;
  merge: boolean;
}

export interface GroupedChanges<T> {
  breaking: T[];
  /** Only groups with changes, in CHANGE_GROUPS order. */
  groups: { key: ChangeGroupKey; title: string; changes: T[] }[];
}

/**
 * Page order as one flat list: breaking changes first, then by group, each change once; merges
 * are left out (they count in `commitCount`, they are not changes); stable within a section, so
 * `git log` order (newest first) is kept. The JSON API lists changes in this order too.
 */
export function orderChanges<T extends Groupable>(changes: readonly T[]): T[] {
  return changes
    .map((change, index) => ({ change, index }))
    .filter(({ change }) => !change.merge)
    .sort(
      (a, b) =>
        Number(b.change.breaking) - Number(a.change.breaking) ||
        groupIndexOf(a.change.type) - groupIndexOf(b.change.type) ||
        a.index - b.index,
    )
    .map(({ change }) => change);
}

/** Breaking changes first, once, each with its migration notes; then the rest by group. */
export function groupChanges<T extends Groupable>(changes: readonly T[]): GroupedChanges<T> {
  const ordered = orderChanges(changes);
  const breaking = ordered.filter((c) => c.breaking);
  const groups = CHANGE_GROUPS.map((g, i) => ({
    key: g.key as ChangeGroupKey,
    title: g.title,
    changes: ordered.filter((c) => !c.breaking && groupIndexOf(c.type) === i),
  })).filter((g) => g.changes.length > 0);
  return { breaking, groups };
}

/** How `#123`-style references in commit notes become links (src/core/links.ts). */
type RefLinker = (ref: { repository: string | null; id: string; raw: string }) => string | null;

/**
 * A commit subject (or migration note) as Markdown that shows it as written on a forge that reads
 * CommonMark with GitHub's extensions: `code spans` of any backtick count stay code spans, bare
 * URLs stay as GFM autolinks them, `#123` references stay as forges link them (or become links
 * when the project has a template), and every other character that would be markup is escaped:
 * emphasis, links, HTML, entities, strikethrough, math, and a block marker at a line's start.
 * Nothing else gets a backslash, so `(#16119)` is not written `\(\#16119\)`.
 */
export function escapeMarkdown(text: string, linkRef: RefLinker | null = null): string {
  return text
    .split('\n')
    .map((line) => escapeLineStart(escapeInline(line, linkRef)))
    .join('\n');
}

/** `#123`, `owner/repo#123`, and a GitLab `!42`: references as forges write and link them. */
const REF = /^(?:([A-Za-z0-9][\w.-]*\/[\w.-]+))?([#!])(\d+)\b/;
const URL_START = /^(?:https?:\/\/|www\.)[^\s<]+/i;

function escapeInline(text: string, linkRef: RefLinker | null): string {
  let out = '';
  let i = 0;
  const wordBefore = (at: number) => at > 0 && /[\p{L}\p{N}]/u.test(text[at - 1]);
  while (i < text.length) {
    const c = text[i];
    if (c === '`') {
      // A code span: a run of n backticks up to the next run of exactly n (CommonMark 6.1).
      const run = /^`+/.exec(text.slice(i))![0];
      let j = i + run.length;
      let close = -1;
      while (j < text.length) {
        const k = text.indexOf('`', j);
        if (k < 0) break;
        const other = /^`+/.exec(text.slice(k))![0];
        if (other.length === run.length) {
          close = k;
          break;
        }
        j = k + other.length;
      }
      if (close >= 0) {
        out += text.slice(i, close + run.length);
        i = close + run.length;
      } else {
        out += '\\`'.repeat(run.length);
        i += run.length;
      }
      continue;
    }
    if (!wordBefore(i)) {
      const url = URL_START.exec(text.slice(i));
      if (url) {
        out += url[0];
        i += url[0].length;
        continue;
      }
      const ref = REF.exec(text.slice(i));
      if (ref) {
        const raw = ref[0];
        const url = linkRef?.({ repository: ref[1] ?? null, id: ref[3], raw: ref[2] + ref[3] }) ?? null;
        out += url ? `[${raw}](${url})` : raw;
        i += raw.length;
        continue;
      }
    }
    if ('\\*[]<>~|$'.includes(c)) out += `\\${c}`;
    else if (c === '_' && !(wordBefore(i) && /[\p{L}\p{N}]/u.test(text[i + 1] ?? ''))) out += '\\_';
    else if (c === '&' && /^&(?:#\d+|#x[0-9a-f]+|\w+);/i.test(text.slice(i))) out += '\\&';
    else if (c === '!' && text[i + 1] === '[') out += '\\!';
    else out += c;
    i++;
  }
  return out;
}

/** A line that would start a heading, a quote, a list, a rule or a fence is escaped at its start. */
function escapeLineStart(line: string): string {
  const lead = /^\s*/.exec(line)![0];
  const rest = line.slice(lead.length);
  const ordered = /^(\d{1,9})([.)])(\s|$)/.exec(rest);
  if (ordered) return `${lead}${ordered[1]}\\${rest.slice(ordered[1].length)}`;
  if (/^(?:#{1,6}(?:\s|$)|>|[-+](?:\s|$)|={2,}\s*$|-{3,}\s*$|`{3,}|~{3,})/.test(rest))
    return `${lead}\\${rest}`;
  return line;
}

/** Links for the notes harvest writes: the project's templates, checked as the pages check them. */
function refLinker(links: LinkTemplates | null, change: Pick<Change, 'pull'>): RefLinker | null {
  if (!links) return null;
  return (ref) => {
    if (ref.repository !== null) return null; // another repository: the forge links it, we cannot
    if (change.pull && ref.raw === change.pull.raw) return pullLink(links, change.pull);
    if (ref.raw.startsWith('!')) return null;
    return fillLinkTemplate(links.issue, { id: ref.id });
  };
}

/** Does `text` name the reference `raw` (`#123`) on its own, not as part of `#1234` or `acme/web#123`? */
function mentions(text: string, raw: string): boolean {
  for (let at = text.indexOf(raw); at >= 0; at = text.indexOf(raw, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + raw.length] ?? ' ';
    if (!/[\w/]/.test(before) && !/\w/.test(after)) return true;
  }
  return false;
}

const line = (c: Change, links: LinkTemplates | null) => {
  const linkRef = refLinker(links, c);
  const subject = escapeInline(c.subject.replace(/\n/g, ' '), linkRef);
  // The pull request that merged it, when the subject does not say so already (a squash merge does).
  const pull = c.pull && !mentions(c.subject, c.pull.raw) ? ` (${escapeInline(c.pull.raw, linkRef)})` : '';
  const scope = c.scope ? `**${escapeInline(c.scope, null)}:** ` : '';
  return `- ${scope}${scope ? subject : escapeLineStart(subject)}${pull} (${c.hash.slice(0, 7)})`;
};

/**
 * The grouped commits as Markdown: the notes source of last resort, always present, and what
 * `waybill notes` prints for a release without better notes. With the project's `links`, pull
 * requests and issues become links; without, they stay `#123` for the forge to link.
 */
export function renderCommitNotes(changes: Change[], links: LinkTemplates | null = null): string {
  const { breaking, groups } = groupChanges(changes);
  const parts: string[] = [];
  if (breaking.length) {
    parts.push(
      '### Breaking changes',
      '',
      ...breaking.map((c) => {
        const notes = c.breakingNotes
          .map((n) => `\n\n  ${escapeMarkdown(n, refLinker(links, c)).replace(/\n/g, '\n  ')}`)
          .join('');
        return `${line(c, links)}${notes}`;
      }),
      '',
    );
  }
  for (const g of groups) parts.push(`### ${g.title}`, '', ...g.changes.map((c) => line(c, links)), '');
  return parts.length ? parts.join('\n').trim() + '\n' : 'No changes.\n';
}

/** The best source present: overlay, then changelog, then tag message, then commits. */
export function bestNotesSource(s: {
  overlay: string | null;
  changelog: string | null;
  tag: string | null;
}): NotesSource {
  if (s.overlay) return 'overlay';
  if (s.changelog) return 'changelog';
  if (s.tag) return 'tag';
  return 'commits';
}

/** Notes sources, best first (docs/releases-from-git.md: overlay, changelog section, tag message, commits). */
export const NOTES_ORDER: readonly NotesSource[] = ['overlay', 'changelog', 'tag', 'commits'];

/**
 * The notes a release publishes: its `best` source, or when that text is blank the next source
 * that has text. The release page, `waybill notes` and the evidence record all use this, so they
 * cannot disagree.
 */
export function publishedNotes(notes: Pick<Notes, 'best' | 'overlay' | 'changelog' | 'tag' | 'commits'>): {
  source: NotesSource;
  markdown: string;
} {
  const text = (s: NotesSource) => (notes[s] === null || notes[s]!.trim() === '' ? null : notes[s]!);
  const source =
    text(notes.best) !== null ? notes.best : (NOTES_ORDER.find((s) => text(s) !== null) ?? 'commits');
  return { source, markdown: notes[source] ?? '' };
}

/** Words a release tag message uses around the name and the version without saying more. */
const FILLER =
  /^(?:release[sd]?|releasing|version|ver|tag|tagged|tagging|bump|bumped|final|stable|official|pre|prerelease|candidate|new|begin|start|development|dev|the|of|for|to|is|out|v)$/i;

/**
 * A tag message without its signature block (GPG, SSH or X.509); null when nothing is left, or
 * when the message says no more than the project's name and the version (`npm version` writes
 * `git tag -m 1.2.0`; numpy writes "NumPy 1.21.0 release"): `names` are the tag, the version and
 * the project's names, and besides them only words like "release" or "version" and punctuation.
 */
export function cleanTagMessage(message: string | null, names: string[] = []): string | null {
  if (message === null) return null;
  const cut = message.search(/^-----BEGIN (?:PGP SIGNATURE|SSH SIGNATURE|SIGNED MESSAGE)-----/m);
  const text = (cut >= 0 ? message.slice(0, cut) : message).trim();
  if (text === '' || saysOnly(text, names)) return null;
  return text + '\n';
}

function saysOnly(text: string, names: string[]): boolean {
  let rest = ` ${text.toLowerCase()} `;
  // Longest first, so "@acme/core@1.2.0" goes before "1.2.0" and "acme".
  for (const n of [...new Set(names.filter(Boolean).map((n) => n.toLowerCase()))].sort(
    (a, b) => b.length - a.length,
  )) {
    const escaped = n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    rest = rest.replace(new RegExp(`(?<=[\\s"'(\\[:,-]|^)v?${escaped}(?=[\\s"')\\].:,!-]|$)`, 'g'), ' ');
  }
  return rest
    .split(/[\s"'()[\].:,!–—-]+/)
    .filter(Boolean)
    .every((w) => FILLER.test(w));
}
