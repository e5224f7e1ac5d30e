// What path-filtered projects need from git, read once per repository for all of them.
import type { CommitGraph } from '../core/graph.ts';
import { normalizePath, touches, type PathFilter } from '../core/paths.ts';
import { readChangedFiles, readObjectIds } from './git.ts';

/**
 * A PathFilter for each path of the repository's path-filtered projects, from two git processes
 * whatever the number of paths: the changed files of every commit, and the path's object id in
 * every merge and its parents. The history simplification itself runs in memory per release
 * (src/core/paths.ts), so a project's commits never depend on other projects' tags.
 */
export async function readPathFilters(repoDir: string, tips: string[], graph: CommitGraph, paths: string[]): Promise<Map<string, PathFilter>> {
  const result = new Map<string, PathFilter>();
  const unique = [...new Set(paths.map(normalizePath))];
  if (unique.length === 0) return result;
  const merges = graph.parents.flatMap((ps, node) => (ps.length > 1 ? [node] : []));
  const [changed, objects] = await Promise.all([
    readChangedFiles(repoDir, tips),
    readObjectIds(repoDir, unique.flatMap((path) => merges.flatMap((m) => [m, ...graph.parents[m]].map((n) => ({ rev: graph.hashes[n], path }))))),
  ]);
  let at = 0;
  for (const path of unique) {
    const ids = new Map<number, { self: string | null; parents: (string | null)[] }>();
    for (const m of merges) {
      const n = graph.parents[m].length;
      ids.set(m, { self: objects[at], parents: objects.slice(at + 1, at + 1 + n) });
      at += n + 1;
    }
    result.set(path, {
      changes: (node) => touches(changed.get(graph.hashes[node]) ?? [], path),
      objects: (node) => ids.get(node) ?? { self: null, parents: [] },
    });
  }
  for (const p of paths) result.set(p, result.get(normalizePath(p))!);
  return result;
}
