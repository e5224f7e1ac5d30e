// Breaking changes that a changesets changelog declares (docs/releases-from-git.md, "Breaking
// changes"): each entry under a release's "Major Changes" heading is one. changesets writes an
// entry as `- abc1234: Summary` (its default changelog) or with the pull request and the commit
// linked (`- [#123](…/pull/123) [`abc1234`](…/commit/abc1234…) Thanks @x! - Summary`, from
// @changesets/changelog-github), so an entry names the commit that added it, its pull request, or
// both: that commit is the breaking change. Pure: the section is already extracted.
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export interface MajorChange {
  /** The entry's Markdown, without the leading commit or pull-request links. */
  text: string;
  /** Abbreviated or full commit hashes the entry names (lower-case, 7 to 64 hex digits). */
  hashes: string[];
  /** Pull-request numbers the entry names (`#123`, `…/pull/123`, `…/merge_requests/123`). */
  pulls: string[];
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

/**
 * changesets' prefixes before the summary: pull-request and commit references, "Thanks @x!",
 * and the " - " or ": " that ends them.
 */
const PREFIX =
  /^(?:\s*(?:\[?#\d+\]?(?:\([^)]*\))?|\[?`?[0-9a-f]{7,64}`?\]?(?:\([^)]*\))?|Thanks\s+\[?@[\w-]+\]?(?:\([^)]*\))?!?)\s*)+(?:-\s+|:\s+)/i;

/** The bump a changesets heading announces (`### Minor Changes`). */
export type ChangesetBump = 'major' | 'minor' | 'patch';

const BUMP_HEADING = /^\s*(major|minor|patch) changes\s*$/i;

/** The entries under every "Major Changes" heading of a changelog section. */
export function majorChanges(section: string | null): MajorChange[] {
  if (!section || !/major changes/i.test(section)) return [];
  return changesetEntries(section)
    .filter((e) => e.bump === 'major')
    .map(({ bump: _, ...e }) => e);
}

/**
 * The entries under every "Major Changes", "Minor Changes" and "Patch Changes" heading of a
 * changelog section, each with the bump its heading announces. One commit that touches two
 * packages is listed in both packages' sections, under the bump each package took.
 */
export function changesetEntries(section: string | null): (MajorChange & { bump: ChangesetBump })[] {
  if (!section || !/(?:major|minor|patch) changes/i.test(section)) return [];
  const root = processor.parse(section) as MdNode;
  const out: (MajorChange & { bump: ChangesetBump })[] = [];
  let inside: { depth: number; bump: ChangesetBump } | null = null; // the bump heading we are under
  for (const node of root.children ?? []) {
    if (node.type === 'heading') {
      const depth = node.depth ?? 1;
      const bump = BUMP_HEADING.exec(textOf(node))?.[1];
      if (bump) inside = { depth, bump: bump.toLowerCase() as ChangesetBump };
      else if (inside !== null && depth <= inside.depth) inside = null;
      continue;
    }
    if (inside === null || node.type !== 'list') continue;
    for (const item of node.children ?? []) {
      const start = item.position?.start.offset;
      const end = item.position?.end.offset;
      if (start === undefined || end === undefined) continue;
      const raw = section.slice(start, end).replace(/^\s*[-*+]\s+/, '');
      const hashes = new Set<string>();
      const pulls = new Set<string>();
      const head = PREFIX.exec(raw)?.[0] ?? '';
      for (const m of head.matchAll(/(?<![\w/])`?([0-9a-f]{7,64})`?(?![\w])/gi))
        hashes.add(m[1].toLowerCase());
      for (const m of raw.matchAll(/\/commit\/([0-9a-f]{7,64})\b/gi)) hashes.add(m[1].toLowerCase());
      for (const m of raw.matchAll(/(?:^|[\s[(])#(\d+)\b/g)) pulls.add(m[1]);
      for (const m of raw.matchAll(/\/(?:pull|pulls|merge_requests)\/(\d+)\b/g)) pulls.add(m[1]);
      out.push({
        bump: inside.bump,
        text: raw.slice(head.length).trim(),
        hashes: [...hashes],
        pulls: [...pulls],
      });
    }
  }
  return out;
}

/** The parts of a change an entry can name. */
interface Nameable {
  hash: string;
  pull: { id: string } | null;
  merge: boolean;
}

/**
 * Which changes each entry names (by commit hash, or by pull request when it names no commit of
 * the release), and the entries that name none: those count as breaking changes of their own.
 */
export function matchMajorChanges<T extends Nameable>(
  entries: readonly MajorChange[],
  changes: readonly T[],
): { named: Map<T, MajorChange>; unmatched: MajorChange[] } {
  const named = new Map<T, MajorChange>();
  const unmatched: MajorChange[] = [];
  const listed = changes.filter((c) => !c.merge);
  for (const entry of entries) {
    let hits = listed.filter((c) => entry.hashes.some((h) => c.hash.startsWith(h)));
    if (hits.length === 0) hits = listed.filter((c) => c.pull !== null && entry.pulls.includes(c.pull.id));
    if (hits.length === 0) unmatched.push(entry);
    for (const c of hits) if (!named.has(c)) named.set(c, entry);
  }
  return { named, unmatched };
}
