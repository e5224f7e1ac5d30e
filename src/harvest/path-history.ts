// What path-filtered projects need from git, read once per repository for all of them.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitGraph } from '../core/graph.ts';
import { normalizePath, touches, type PathFilter } from '../core/paths.ts';
import { readChangedFiles, readChangedFilesOf, readObjectIds } from './git.ts';
import { writeFileAtomic } from './write.ts';

/**
 * What git said before about this repository's commits: the files each changed, and a path's
 * object id at a merge and its parents. Facts of immutable commits, so a harvest asks git only
 * about commits it has not seen (one new tag in a 30,000-commit monorepo: its few commits, not a
 * `git log --name-only` of the whole history). Kept beside the mirrors (config `cache`), not in
 * the data folder: it is a cache, and losing it only costs time.
 */
interface PathCache {
  version: 1;
  /** Commit → the files it changed. */
  changed: Record<string, string[]>;
  /** Path → commit → the path's object id there (null: no such path). */
  objects: Record<string, Record<string, string | null>>;
}

function cacheFileOf(cacheDir: string, repoDir: string): string {
  return join(cacheDir, '.paths', `${createHash('sha256').update(repoDir).digest('hex').slice(0, 32)}.json`);
}

function readCache(file: string): PathCache {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as PathCache;
    if (c?.version === 1 && typeof c.changed === 'object' && typeof c.objects === 'object') return c;
  } catch {
    // missing or unreadable: start afresh
  }
  return { version: 1, changed: {}, objects: {} };
}

/**
 * A PathFilter for each path of the repository's path-filtered projects, from two git processes
 * whatever the number of paths: the changed files of every commit, and the path's object id in
 * every merge and its parents. The history simplification itself runs in memory per release
 * (src/core/paths.ts), so a project's commits never depend on other projects' tags.
 */
export async function readPathFilters(repoDir: string, tips: string[], graph: CommitGraph, paths: string[], cacheDir: string | null = null): Promise<Map<string, PathFilter>> {
  const result = new Map<string, PathFilter>();
  const unique = [...new Set(paths.map(normalizePath))];
  if (unique.length === 0) return result;
  const merges = graph.parents.flatMap((ps, node) => (ps.length > 1 ? [node] : []));
  const cacheFile = cacheDir ? cacheFileOf(cacheDir, repoDir) : null;
  const cache = cacheFile ? readCache(cacheFile) : readCache('');
  // Only what the cache does not hold: every commit when it is empty (then by walking the tips).
  const changedOf = new Map(Object.entries(cache.changed));
  const unseen = graph.hashes.filter((h) => !changedOf.has(h));
  const wanted = unique.flatMap((path) => merges.flatMap((m) => [m, ...graph.parents[m]].map((n) => ({ rev: graph.hashes[n], path }))));
  for (const path of unique) cache.objects[path] ??= {};
  const unknown = wanted.filter((w) => !(w.rev in cache.objects[w.path]!));
  const [changedNew, objectsNew] = await Promise.all([
    unseen.length === graph.hashes.length ? readChangedFiles(repoDir, tips) : readChangedFilesOf(repoDir, unseen),
    readObjectIds(repoDir, unknown),
  ]);
  for (const h of unseen) {
    const files = changedNew.get(h) ?? [];
    cache.changed[h] = files;
    changedOf.set(h, files);
  }
  unknown.forEach((w, i) => (cache.objects[w.path]![w.rev] = objectsNew[i] ?? null));
  if (cacheFile && (unseen.length || unknown.length)) {
    mkdirSync(join(cacheFile, '..'), { recursive: true });
    writeFileAtomic(cacheFile, JSON.stringify(cache));
  }
  const changed = changedOf;
  const objects = wanted.map((w) => cache.objects[w.path]![w.rev] ?? null);
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
