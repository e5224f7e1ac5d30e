// Grouping changes the way release notes read, and the notes each source contributes.
import type { Change } from '../schemas/commit.ts';
import type { Notes, NotesSource } from '../schemas/release.ts';

/**
 * Change groups in the order a page shows them (after breaking changes); `types` are Conventional
 * Commit types. The last group takes every other type and plain commits.
 */
export const CHANGE_GROUPS = [
  { key: 'features', title: 'Features', types: ['feat', 'feature'] },
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

/**
 * Markdown special characters in a commit subject are shown, not interpreted, except `code spans`,
 * which subjects use as Markdown does (`replace the \`token\` option`).
 */
export function escapeMarkdown(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1')))
    .join('');
}

const line = (c: Change) =>
  `- ${c.scope ? `**${escapeMarkdown(c.scope)}:** ` : ''}${escapeMarkdown(c.subject)} (${c.hash.slice(0, 7)})`;

/** The grouped commits as Markdown: the notes source of last resort, always present. */
export function renderCommitNotes(changes: Change[]): string {
  const { breaking, groups } = groupChanges(changes);
  const parts: string[] = [];
  if (breaking.length) {
    parts.push(
      '### Breaking changes',
      '',
      ...breaking.map((c) => {
        const notes = c.breakingNotes
          .map((n) => `\n\n  ${escapeMarkdown(n).replace(/\n/g, '\n  ')}`)
          .join('');
        return `${line(c)}${notes}`;
      }),
      '',
    );
  }
  for (const g of groups) parts.push(`### ${g.title}`, '', ...g.changes.map(line), '');
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

/** Notes sources, best first (PRODUCT.md: overlay, changelog section, tag message, commits). */
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

/**
 * A tag message without its signature block (GPG, SSH or X.509); null when nothing is left, or
 * when the message only repeats the tag or the version (`npm version` writes `git tag -m 1.2.0`).
 */
export function cleanTagMessage(message: string | null, names: string[] = []): string | null {
  if (message === null) return null;
  const cut = message.search(/^-----BEGIN (?:PGP SIGNATURE|SSH SIGNATURE|SIGNED MESSAGE)-----/m);
  const text = (cut >= 0 ? message.slice(0, cut) : message).trim();
  if (text === '' || names.some((n) => n === text || `v${n}` === text || `Release ${n}` === text))
    return null;
  return text + '\n';
}
