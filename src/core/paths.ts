// Which commits a path-filtered project counts: what `git log <tips> -- <path>` lists, computed in
// memory for every project of a repository from one read of the changed files, instead of one
// `git log -- <path>` process per project.
//
// git's default history simplification (git-log(1), "History Simplification", default mode):
// a commit is shown when it is not TREESAME to its parent for the path (a root commit: when it has
// the path); a merge that is TREESAME to some parent is not shown and only the first such parent is
// followed, so side branches whose changes the merge dropped are not walked; a merge that differs
// from every parent is shown and all parents are followed.
import type { CommitGraph } from './graph.ts';

/** A path as git's pathspec matches it without magic: the path itself or anything below it. */
export function normalizePath(path: string): string {
  return path.replace(/^\.\/+/, '').replace(/\/+$/, '');
}

/** True when the pathspec has glob characters: then only git itself can say what it matches. */
export function hasGlob(path: string): boolean {
  return /[*?[\]]/.test(path);
}

export function touches(files: readonly string[], path: string): boolean {
  if (path === '') return files.length > 0;
  const prefix = `${path}/`;
  return files.some((f) => f === path || f.startsWith(prefix));
}

export interface PathHistoryInput {
  graph: CommitGraph;
  /** Graph indexes to walk from (release tips and the branch head). */
  tips: number[];
  /** Does the (non-merge) commit change something under the path (a root commit: does it have the path)? */
  changes: (node: number) => boolean;
  /** For a merge: the object id of the path in the merge and in each parent (null when absent). */
  pathObjects: (node: number) => { self: string | null; parents: (string | null)[] };
}

/** The hashes `git log <tips> -- <path>` lists. */
export function pathCommits(input: PathHistoryInput): Set<string> {
  const { graph } = input;
  const shown = new Set<string>();
  const seen = new Uint8Array(graph.hashes.length);
  const stack = input.tips.filter((t) => t >= 0);
  for (const t of stack) seen[t] = 1;
  while (stack.length) {
    const c = stack.pop()!;
    const parents = graph.parents[c];
    let follow = parents;
    if (parents.length > 1) {
      const { self, parents: objects } = input.pathObjects(c);
      const same = objects.findIndex((o) => o === self);
      if (same >= 0 && same < parents.length) follow = [parents[same]];
      else shown.add(graph.hashes[c]);
    } else if (input.changes(c)) {
      shown.add(graph.hashes[c]);
    }
    for (const p of follow) {
      if (!seen[p]) {
        seen[p] = 1;
        stack.push(p);
      }
    }
  }
  return shown;
}
