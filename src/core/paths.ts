// Which commits of a range a path-filtered project counts: exactly what `git log prev..r -- <path>`
// lists, computed in memory from one read of the changed files for every project of a repository,
// instead of one `git log` process per project or per release.
//
// git's default history simplification (git-log(1) "History Simplification"; revision.c
// try_to_simplify_commit): a commit is shown when it is not TREESAME to its parent for the path (a
// root commit: when it has the path). A merge that is TREESAME to a relevant parent is not shown,
// and only the first such parent is followed, so a side branch whose changes the merge dropped is
// not walked. A parent is relevant unless it is in the excluded history, where the excluded commit
// itself (git's BOTTOM, the `previous` of `previous..r`) still counts as relevant (revision.c
// relevant_commit). A merge with relevant parents is shown when it differs from one of them; with
// none, when it differs from any parent.
import type { CommitGraph, Reach } from './graph.ts';

/** A path as git's literal pathspec matches it: the path itself or anything below it. */
export function normalizePath(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

export function touches(files: readonly string[], path: string): boolean {
  if (path === '') return files.length > 0;
  const prefix = `${path}/`;
  return files.some((f) => f === path || f.startsWith(prefix));
}

/** What the simplification needs to know of one path, for every commit. */
export interface PathFilter {
  /** Does the non-merge commit change something under the path (a root commit: have the path)? */
  changes(node: number): boolean;
  /** For a merge: the path's object id in the merge and in each parent (null when absent). */
  objects(node: number): { self: string | null; parents: (string | null)[] };
}

/**
 * The commits `git log <exclude>..<include> -- <path>` lists, in git's order (`graph.walk`, as
 * `reach.range`). `exclude` is the excluded commit (graph index) and its tip index in `reach`, or
 * null for the whole history.
 */
export function pathRange(
  graph: CommitGraph,
  reach: Reach,
  include: number,
  exclude: { node: number; tip: number } | null,
  filter: PathFilter,
): number[] {
  const out: number[] = [];
  const excluded = (n: number) => exclude !== null && reach.reaches(exclude.tip, n);
  const relevantParent = (n: number) => !excluded(n) || n === exclude!.node;
  graph.walk(include, (c) => {
    if (excluded(c)) return [];
    const parents = graph.parents[c];
    if (parents.length < 2) {
      if (filter.changes(c)) out.push(c);
      return parents;
    }
    const { self, parents: ids } = filter.objects(c);
    const relevant = parents.map(relevantParent);
    const same = parents.findIndex((_, i) => relevant[i] && ids[i] === self);
    // TREESAME to a relevant parent: not shown, and only that parent is followed.
    if (same >= 0) return [parents[same]];
    const anyRelevant = relevant.some(Boolean);
    if (parents.some((_, i) => (!anyRelevant || relevant[i]) && ids[i] !== self)) out.push(c);
    return parents;
  });
  return out;
}
