// Reading what path-filtered projects need from git: see readPathSets.
import type { CommitGraph } from '../core/graph.ts';
import { hasGlob, normalizePath, pathCommits, touches } from '../core/paths.ts';
import { readChangedFiles, readObjectIds, readPathCommits } from './git.ts';

/**
 * For each path of the repository's path-filtered projects, the commits `git log <tips> -- <path>`
 * lists. Two git processes whatever the number of paths: the changed files of every commit, and the
 * path's object id in every merge and its parents; the history simplification runs in memory
 * (src/core/paths.ts). A path with glob characters is left to git itself.
 */
export async function readPathSets(repoDir: string, tips: string[], graph: CommitGraph, paths: string[]): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>();
  const plain = [...new Set(paths.filter((p) => !hasGlob(p)))];
  for (const p of new Set(paths.filter(hasGlob))) result.set(p, await readPathCommits(repoDir, tips, p));
  if (plain.length === 0) return result;
  const merges = graph.parents.flatMap((ps, node) => (ps.length > 1 ? [node] : []));
  const [changed, objects] = await Promise.all([
    readChangedFiles(repoDir, tips),
    readObjectIds(repoDir, plain.flatMap((path) => merges.flatMap((m) => [m, ...graph.parents[m]].map((n) => ({ rev: graph.hashes[n], path: normalizePath(path) }))))),
  ]);
  const tipNodes = tips.map((t) => graph.index.get(t) ?? -1);
  let at = 0;
  for (const path of plain) {
    const norm = normalizePath(path);
    const ids = new Map<number, { self: string | null; parents: (string | null)[] }>();
    for (const m of merges) {
      const n = graph.parents[m].length;
      ids.set(m, { self: objects[at], parents: objects.slice(at + 1, at + 1 + n) });
      at += n + 1;
    }
    result.set(path, pathCommits({
      graph, tips: tipNodes,
      changes: (node) => touches(changed.get(graph.hashes[node]) ?? [], norm),
      pathObjects: (node) => ids.get(node)!,
    }));
  }
  return result;
}

