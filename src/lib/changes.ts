// How changes are grouped on release and advance-notice pages, and ordered in the JSON API
// (PRODUCT.md: "lists are sorted as the page shows them"). A change appears once: breaking changes
// first, each with its migration notes, then the rest by group. Within a section, changes keep
// their `git log` order (newest first). Merges count in `commitCount` but are not changes.

export interface ChangeGroup {
  key: string;
  title: string;
  /** Conventional types in this group; the last group takes every other type and null. */
  types: readonly string[];
}

export const CHANGE_GROUPS: readonly ChangeGroup[] = [
  { key: 'features', title: 'Features', types: ['feat'] },
  { key: 'fixes', title: 'Bug fixes', types: ['fix'] },
  { key: 'performance', title: 'Performance', types: ['perf'] },
  { key: 'reverts', title: 'Reverts', types: ['revert'] },
  { key: 'documentation', title: 'Documentation', types: ['docs'] },
  { key: 'refactoring', title: 'Refactoring', types: ['refactor'] },
  { key: 'build', title: 'Build & CI', types: ['build', 'ci'] },
  { key: 'other', title: 'Other changes', types: [] },
];

const OTHER = CHANGE_GROUPS.length - 1;

/** Index into CHANGE_GROUPS for a conventional type; null and unknown types are "Other changes". */
export function groupIndexOf(type: string | null): number {
  if (type === null) return OTHER;
  const t = type.toLowerCase();
  const i = CHANGE_GROUPS.findIndex((g) => g.types.includes(t));
  return i === -1 ? OTHER : i;
}

interface Groupable {
  type: string | null;
  breaking: boolean;
  merge: boolean;
}

export interface GroupedChanges<T> {
  breaking: T[];
  /** Only groups with changes, in CHANGE_GROUPS order. */
  groups: { key: string; title: string; changes: T[] }[];
}

export function groupChanges<T extends Groupable>(changes: readonly T[]): GroupedChanges<T> {
  const ordered = orderChanges(changes);
  const breaking = ordered.filter((c) => c.breaking);
  const groups = CHANGE_GROUPS.map((g, i) => ({
    key: g.key,
    title: g.title,
    changes: ordered.filter((c) => !c.breaking && groupIndexOf(c.type) === i),
  })).filter((g) => g.changes.length > 0);
  return { breaking, groups };
}

/** Page order as one list: breaking first, then by group; stable within each. */
export function orderChanges<T extends Groupable>(changes: readonly T[]): T[] {
  return changes
    .map((change, index) => ({ change, index }))
    .filter(({ change }) => !change.merge)
    .sort((a, b) =>
      Number(b.change.breaking) - Number(a.change.breaking) ||
      groupIndexOf(a.change.type) - groupIndexOf(b.change.type) ||
      a.index - b.index)
    .map(({ change }) => change);
}

/** The label for a change's type where its group is not shown (the breaking section). */
export function groupTitleOf(type: string | null): string {
  return CHANGE_GROUPS[groupIndexOf(type)]!.title;
}
