// What path-filtered projects need from git, read once per repository for all of them.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitGraph } from '../core/graph.ts';
import { normalizePath, touches, type PathFilter } from '../core/paths.ts';
import { readChangedFiles, readChangedFilesOf, readObjectIds } from './git.ts';
import { writeFileAtomic } from './write.ts';
import { sha256Hex } from '../core/canonical.ts';

/**
 * What git said before about this repository's commits: the files each changed, and a path's
 * object id at a merge and its parents. Facts of immutable commits, so a harvest asks git only
 * about commits it has not seen (one new tag in a 30,000-commit monorepo: its few commits, not a
 * `git log --name-only` of the whole history). Kept beside the mirrors (config `cache`), not in
 * the data folder: it is a cache, and losing it only costs time.
 *
 * The object ids are a table per path over the commits asked about (merges and their parents),
 * each entry an index into one list of distinct ids: 50 packages x 4,500 commits stay a few
 * megabytes to read and write on every harvest, not the 20 MB a map per path was.
 */
interface PathCache {
  version: 4;
  /** Commit → the files it changed. */
  changed: Record<string, string[]>;
  /** The commits whose path object ids are asked for: merges and their parents. */
  revs: string[];
  /** Distinct object ids. */
  oids: string[];
  /**
   * Path → per entry of `revs`: the index of its object id in `oids`, ABSENT (no such path) or
   * UNKNOWN (not asked yet). Pairs, not an object: a path may be called `constructor` or `__proto__`.
   */
  objects: [string, number[]][];
}
const ABSENT = -1;
const UNKNOWN = -2;

/** Where the path history of a repository is cached. */
export function pathCacheFile(cacheDir: string, repoDir: string): string {
  return join(cacheDir, '.paths', `${sha256Hex(repoDir).slice(0, 32)}.json`);
}

/**
 * The file: a header line `{"version":4,"sha256":…}`, then the cache as JSON; `sha256` is the
 * digest of everything after the header line, as for the graph cache (src/harvest/history.ts): an
 * edit, even one that leaves valid JSON, makes it not check, and it is read again from git.
 */
function encodeCache(cache: PathCache): string {
  const body = JSON.stringify(cache);
  return `${JSON.stringify({ version: cache.version, sha256: sha256Hex(body) })}\n${body}`;
}

function readCache(file: string, damaged: (why: string) => void): PathCache {
  const empty: PathCache = { version: 4, changed: {}, revs: [], oids: [], objects: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return empty; // none yet
  }
  const nl = text.indexOf('\n');
  let header: { version?: unknown; sha256?: unknown } | null = null;
  try {
    header = JSON.parse(nl < 0 ? text : text.slice(0, nl));
  } catch {
    // below
  }
  if (header?.version !== 4) return empty; // an older version's: rebuilt, not damaged
  const body = text.slice(nl + 1);
  if (nl < 0 || header.sha256 !== sha256Hex(body)) {
    damaged('its digest does not match its content');
    return empty;
  }
  try {
    const c = JSON.parse(body) as PathCache;
    if (
      c?.version === 4 &&
      typeof c.changed === 'object' &&
      Array.isArray(c.revs) &&
      Array.isArray(c.oids) &&
      Array.isArray(c.objects)
    )
      return c;
  } catch {
    // below
  }
  damaged('it is not the cache this waybill writes');
  return empty;
}

/**
 * A PathFilter for each path of the repository's path-filtered projects, from two git processes
 * whatever the number of paths: the changed files of every commit, and the path's object id in
 * every merge and its parents. The history simplification itself runs in memory per release
 * (src/core/paths.ts), so a project's commits never depend on other projects' tags.
 */
export async function readPathFilters(
  repoDir: string,
  tips: string[],
  graph: CommitGraph,
  paths: string[],
  cacheDir: string | null = null,
  warn: (line: string) => void = () => {},
): Promise<Map<string, PathFilter>> {
  const result = new Map<string, PathFilter>();
  const unique = [...new Set(paths.map(normalizePath))];
  if (unique.length === 0) return result;
  const cacheFile = cacheDir ? pathCacheFile(cacheDir, repoDir) : null;
  const cache = cacheFile
    ? readCache(cacheFile, (why) =>
        warn(`${cacheFile} does not check (${why}): the path history is read from git`),
      )
    : readCache('', () => {});
  // Only what the cache does not hold: every commit when it is empty (then by walking the tips).
  // Commit hashes as keys are safe in a plain object; paths are kept in a Map.
  const changed = new Map(Object.entries(cache.changed));
  const columns = new Map(cache.objects);
  const unseen = graph.hashes.filter((h) => !changed.has(h));
  // Merges and their parents: the commits whose path object ids the simplification compares.
  const revIndex = new Map(cache.revs.map((r, i) => [r, i]));
  const position = new Map<number, number>(); // graph node → entry of cache.revs
  for (let node = 0; node < graph.parents.length; node++) {
    if (graph.parents[node].length < 2) continue;
    for (const n of [node, ...graph.parents[node]]) {
      if (position.has(n)) continue;
      const h = graph.hashes[n];
      let i = revIndex.get(h);
      if (i === undefined) revIndex.set(h, (i = cache.revs.push(h) - 1));
      position.set(n, i);
    }
  }
  const unknown: { path: string; rev: number }[] = [];
  for (const path of unique) {
    const column = columns.get(path) ?? [];
    columns.set(path, column);
    for (let i = column.length; i < cache.revs.length; i++) column.push(UNKNOWN);
    for (const i of position.values()) if (column[i] === UNKNOWN) unknown.push({ path, rev: i });
  }
  const [changedNew, objectsNew] = await Promise.all([
    unseen.length === graph.hashes.length
      ? readChangedFiles(repoDir, tips)
      : readChangedFilesOf(repoDir, unseen),
    readObjectIds(
      repoDir,
      unknown.map((u) => ({ rev: cache.revs[u.rev], path: u.path })),
    ),
  ]);
  for (const h of unseen) {
    const files = changedNew.get(h) ?? [];
    cache.changed[h] = files;
    changed.set(h, files);
  }
  const oidIndex = new Map(cache.oids.map((o, i) => [o, i]));
  unknown.forEach((u, i) => {
    const oid = objectsNew[i];
    let at = oid === null ? ABSENT : oidIndex.get(oid);
    if (at === undefined) oidIndex.set(oid!, (at = cache.oids.push(oid!) - 1));
    columns.get(u.path)![u.rev] = at;
  });
  if (cacheFile && (unseen.length || unknown.length)) {
    mkdirSync(join(cacheFile, '..'), { recursive: true });
    writeFileAtomic(cacheFile, encodeCache({ ...cache, objects: [...columns] }));
  }
  for (const path of unique) {
    const column = columns.get(path)!;
    const oidAt = (node: number) => {
      const v = column[position.get(node)!];
      return v >= 0 ? cache.oids[v] : null;
    };
    result.set(path, {
      changes: (node) => touches(changed.get(graph.hashes[node]) ?? [], path),
      objects: (node) =>
        position.has(node)
          ? { self: oidAt(node), parents: graph.parents[node].map(oidAt) }
          : { self: null, parents: [] },
    });
  }
  for (const p of paths) result.set(p, result.get(normalizePath(p))!);
  return result;
}
