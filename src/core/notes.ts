// Grouping changes the way release notes read, and the notes each source contributes.
import type { Change } from '../schemas/commit.ts';
import type { NotesSource } from '../schemas/release.ts';

/** Change groups in the order a page shows them; `types` are Conventional Commit types. */
export const CHANGE_GROUPS = [
  { id: 'features', title: 'Features', types: ['feat', 'feature'] },
  { id: 'fixes', title: 'Bug fixes', types: ['fix', 'bugfix', 'hotfix'] },
  { id: 'security', title: 'Security', types: ['security', 'sec'] },
  { id: 'performance', title: 'Performance', types: ['perf'] },
  { id: 'deprecations', title: 'Deprecations', types: ['deprecate', 'deprecation', 'deprecated'] },
  { id: 'reverts', title: 'Reverts', types: ['revert'] },
  { id: 'docs', title: 'Documentation', types: ['docs', 'doc'] },
  { id: 'refactoring', title: 'Refactoring', types: ['refactor', 'style'] },
  { id: 'build', title: 'Build and CI', types: ['build', 'ci', 'chore', 'deps', 'test', 'tests'] },
  { id: 'other', title: 'Other changes', types: [] as string[] },
] as const;

export type ChangeGroupId = (typeof CHANGE_GROUPS)[number]['id'];

export interface ChangeGroup {
  id: ChangeGroupId;
  title: string;
  changes: Change[];
}

export function groupOf(type: string | null): ChangeGroupId {
  if (type === null) return 'other';
  return CHANGE_GROUPS.find((g) => (g.types as readonly string[]).includes(type))?.id ?? 'other';
}

/**
 * Breaking changes first, then the groups in `CHANGE_GROUPS` order; merges are left out (they are
 * counted, not listed). Within a group the input order (newest first) is kept.
 */
export function groupChanges(changes: Change[]): { breaking: Change[]; groups: ChangeGroup[] } {
  const listed = changes.filter((c) => !c.merge);
  const breaking = listed.filter((c) => c.breaking);
  const groups = CHANGE_GROUPS.map((g) => ({
    id: g.id,
    title: g.title,
    changes: listed.filter((c) => groupOf(c.type) === g.id),
  })).filter((g) => g.changes.length > 0);
  return { breaking, groups };
}

/** Markdown special characters in a commit subject are shown, not interpreted. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1');
}

const line = (c: Change) => `- ${c.scope ? `**${escapeMarkdown(c.scope)}:** ` : ''}${escapeMarkdown(c.subject)} (${c.hash.slice(0, 7)})`;

/** The grouped commits as Markdown: the notes source of last resort, always present. */
export function renderCommitNotes(changes: Change[]): string {
  const { breaking, groups } = groupChanges(changes);
  const parts: string[] = [];
  if (breaking.length) {
    parts.push('### Breaking changes', '', ...breaking.map((c) => {
      const notes = c.breakingNotes.map((n) => `\n\n  ${escapeMarkdown(n).replace(/\n/g, '\n  ')}`).join('');
      return `${line(c)}${notes}`;
    }), '');
  }
  for (const g of groups) parts.push(`### ${g.title}`, '', ...g.changes.map(line), '');
  return parts.length ? parts.join('\n').trim() + '\n' : 'No changes.\n';
}

/** The best source present: overlay, then changelog, then tag message, then commits. */
export function bestNotesSource(s: { overlay: string | null; changelog: string | null; tag: string | null }): NotesSource {
  if (s.overlay) return 'overlay';
  if (s.changelog) return 'changelog';
  if (s.tag) return 'tag';
  return 'commits';
}

/** A tag message without its GPG/SSH signature block; null when nothing is left. */
export function cleanTagMessage(message: string | null): string | null {
  if (message === null) return null;
  const cut = message.search(/^-----BEGIN (?:PGP|SSH) SIGNATURE-----/m);
  const text = (cut >= 0 ? message.slice(0, cut) : message).trim();
  return text === '' ? null : text + '\n';
}
