// A repository's history for the harvest: the commit graph (hashes, parents, committer times) and
// the commits whose messages the releases being assembled need.
//
// The graph of the last harvest is cached beside the mirrors (config `cache`), so a harvest after
// one new tag asks git only for the commits no cached commit reaches (`git log <tips> --not
// <cached heads>`): its cost follows the new commits, not the history. A commit's parents and
// time are facts of its hash, so the cache never goes stale; it can only lack commits (then git
// reads them) or name commits git no longer has (then git fails on them and the whole history is
// read, as on a first harvest). Losing it only costs time.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawCommit } from '../core/commits.ts';
import { graphOf, type CommitGraph } from '../core/graph.ts';
import { GitError } from '../errors/index.ts';
import { readCommits, readHistory } from './git.ts';
import { writeFileAtomic } from './write.ts';
import { sha256Hex } from '../core/canonical.ts';

export interface History {
  graph: CommitGraph;
  /**
   * Commits read in full, by hash: all of them when the whole history was read, else only the
   * new ones; {@link completeCommits} reads others a release needs.
   */
  commits: Map<string, RawCommit>;
  /** Commits git listed in this run (the whole history, or only what the cache lacked). */
  read: number;
  /** True when the cached graph was used and only the commits since were read. */
  incremental: boolean;
}

/**
 * The commits reachable from `tips`. With `cacheDir`, the graph the last harvest cached for this
 * repository is used when `useCache` says the callers can make do with new commits' messages;
 * either way the graph is cached again for the next harvest.
 */
export async function readRepositoryHistory(
  repoDir: string,
  tips: string[],
  opts: { cacheDir: string | null; useCache: boolean; warn?: (line: string) => void },
): Promise<History> {
  const file = opts.cacheDir ? historyCacheFile(opts.cacheDir, repoDir) : null;
  let cached =
    file && opts.useCache && LITTLE_ENDIAN
      ? readGraphCache(file, (why) =>
          opts.warn?.(`${file} does not check (${why}): the history is read from git`),
        )
      : null;
  let fresh: RawCommit[];
  if (cached) {
    // Only tips the cache lacks are walked: git stops where they meet the cached heads. (An old
    // tag passed as well would make git walk the whole history to find it already excluded.)
    const wanted = new Set(tips);
    for (const h of cached.hashes) wanted.delete(h);
    try {
      fresh = await readHistory(repoDir, [...wanted], cached.heads);
    } catch (e) {
      // A cached commit git no longer has (history rewritten and pruned): read it all.
      if (!(e instanceof GitError)) throw e;
      cached = null;
      fresh = await readHistory(repoDir, tips);
    }
  } else {
    fresh = await readHistory(repoDir, tips);
  }
  const commits = new Map(fresh.map((c) => [c.hash, c]));
  const { hashes, index, parents, time } = reachable(combine(fresh, cached), tips);
  const graph = graphOf(hashes, index, parents, time);
  if (
    file &&
    LITTLE_ENDIAN &&
    (fresh.length > 0 || !cached || graph.hashes.length !== cached.hashes.length)
  ) {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileAtomic(file, encodeGraph(graph));
  }
  return { graph, commits, read: fresh.length, incremental: cached !== null };
}

/** Where the graph of a repository is cached. */
export function historyCacheFile(cacheDir: string, repoDir: string): string {
  return join(cacheDir, '.history', `${sha256Hex(repoDir).slice(0, 32)}.bin`);
}

/** Reads the commits of `hashes` that `commits` lacks (one `git log --no-walk`), adding them to it. */
export async function completeCommits(
  repoDir: string,
  commits: Map<string, RawCommit>,
  hashes: Iterable<string>,
): Promise<number> {
  const missing = [...new Set([...hashes].filter((h) => !commits.has(h)))];
  for (const c of await readCommits(repoDir, missing)) commits.set(c.hash, c);
  return missing.length;
}

/** A cached graph: its commits, their parents as positions, and its heads. */
interface CachedGraph {
  hashes: string[];
  parents: number[][];
  time: Float64Array;
  /** Commits no cached commit has as a parent: every cached commit is one of them or an ancestor. */
  heads: string[];
}

type Parts = Pick<CommitGraph, 'hashes' | 'index' | 'parents' | 'time'>;

/** The commits read now, then the cached ones (their order changes nothing: ranges are listed by `graph.walk`). */
function combine(fresh: RawCommit[], cached: CachedGraph | null): Parts {
  const hashes = fresh.map((c) => c.hash);
  const index = new Map<string, number>();
  hashes.forEach((h, i) => index.set(h, i));
  const base = hashes.length;
  if (cached) {
    for (const h of cached.hashes) {
      index.set(h, hashes.length);
      hashes.push(h);
    }
  }
  const parents: number[][] = fresh.map((c) =>
    c.parents.map((p) => index.get(p)).filter((p): p is number => p !== undefined),
  );
  const time = new Float64Array(hashes.length);
  fresh.forEach((c, i) => (time[i] = Date.parse(c.committerDate) / 1000));
  if (cached) {
    for (const ps of cached.parents) parents.push(ps.map((p) => p + base));
    time.set(cached.time, base);
  }
  return { hashes, index, parents, time };
}

/** The graph without commits no tip reaches (a deleted tag's, a rewritten branch's). */
function reachable(graph: Parts, tips: string[]): Parts {
  const n = graph.hashes.length;
  const seen = new Uint8Array(n);
  const stack: number[] = [];
  for (const t of tips) {
    const i = graph.index.get(t);
    if (i !== undefined && !seen[i]) {
      seen[i] = 1;
      stack.push(i);
    }
  }
  let count = stack.length;
  while (stack.length) {
    for (const p of graph.parents[stack.pop()!]) {
      if (!seen[p]) {
        seen[p] = 1;
        count++;
        stack.push(p);
      }
    }
  }
  if (count === n) return graph;
  const position = new Int32Array(n).fill(-1);
  const hashes: string[] = [];
  for (let i = 0; i < n; i++) if (seen[i]) position[i] = hashes.push(graph.hashes[i]) - 1;
  const index = new Map<string, number>();
  hashes.forEach((h, i) => index.set(h, i));
  const parents: number[][] = [];
  const time = new Float64Array(hashes.length);
  for (let i = 0; i < n; i++) {
    if (!seen[i]) continue;
    time[parents.length] = graph.time[i];
    parents.push(graph.parents[i].map((p) => position[p]));
  }
  return { hashes, index, parents, time };
}

/**
 * The cache file: a JSON header line `{"version":1,"count":N,"hashLength":L,"edges":E,"sha256":…}`,
 * then the N hashes as ASCII (L bytes each), N + 1 parent offsets and E parent positions (int32),
 * and N committer times (float64), little-endian; `sha256` is the digest of everything after the
 * header line.
 */
const VERSION = 1;

function encodeGraph(graph: CommitGraph): Buffer {
  const n = graph.hashes.length;
  const hashLength = graph.hashes[0]?.length ?? 40;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + graph.parents[i].length;
  const edges = new Int32Array(offsets[n]);
  for (let i = 0; i < n; i++) edges.set(graph.parents[i], offsets[i]);
  const body = Buffer.concat([
    Buffer.from(graph.hashes.join(''), 'latin1'),
    Buffer.from(offsets.buffer),
    Buffer.from(edges.buffer),
    Buffer.from(graph.time.buffer, graph.time.byteOffset, graph.time.byteLength),
  ]);
  const header =
    JSON.stringify({ version: VERSION, count: n, hashLength, edges: edges.length, sha256: sha256Hex(body) }) +
    '\n';
  return Buffer.concat([Buffer.from(header), body]);
}

/**
 * The cached graph, or null when there is none or it is not one this version wrote whole;
 * `damaged` hears about a file of this version whose digest or structure does not check.
 */
function readGraphCache(file: string, damaged: (why: string) => void): CachedGraph | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  const nl = buf.indexOf(0x0a);
  let header: { version?: unknown; count?: unknown; hashLength?: unknown; edges?: unknown; sha256?: unknown };
  try {
    header = JSON.parse(buf.toString('utf8', 0, nl));
  } catch {
    return null;
  }
  const { version, count: n, hashLength: L, edges: e } = header;
  if (version !== VERSION || !Number.isInteger(n) || !Number.isInteger(L) || !Number.isInteger(e))
    return null;
  const [count, hashLength, edgeCount] = [n as number, L as number, e as number];
  let at = nl + 1;
  if (
    buf.length !== at + count * hashLength + (count + 1) * 4 + edgeCount * 4 + count * 8 ||
    (hashLength !== 40 && hashLength !== 64)
  )
    return null;
  // A damaged byte anywhere would silently drop or misplace commits: the digest covers them all.
  if (header.sha256 !== sha256Hex(buf.subarray(at))) {
    damaged('its digest does not match its content');
    return null;
  }
  const text = buf.toString('latin1', at, (at += count * hashLength));
  const copy = (bytes: number) => buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + (at += bytes));
  const offsets = new Int32Array(copy((count + 1) * 4));
  const edges = new Int32Array(copy(edgeCount * 4));
  const time = new Float64Array(copy(count * 8));
  if (offsets[0] !== 0 || offsets[count] !== edgeCount) return null;
  const hashes = new Array<string>(count);
  const parents = new Array<number[]>(count);
  const hasChild = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    hashes[i] = text.slice(i * hashLength, (i + 1) * hashLength);
    if (offsets[i + 1] < offsets[i]) return null;
    const ps = Array.from(edges.subarray(offsets[i], offsets[i + 1]));
    for (const p of ps) {
      if (!(p >= 0 && p < count)) return null;
      hasChild[p] = 1;
    }
    parents[i] = ps;
  }
  return { hashes, parents, time, heads: hashes.filter((_, i) => !hasChild[i]) };
}

/** The typed arrays are stored as the machine holds them; only little-endian machines (all of today's) use the cache. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
