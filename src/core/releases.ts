// Which tags are releases, how they order, each one's previous release and its commits
// (docs/releases-from-git.md). Pure: the git reader hands in tags and the history.
import type { Person } from '../schemas/commit.ts';
import { toSlug } from '../schemas/layout.ts';
import { InputError } from '../errors/index.ts';
import { Reach, type CommitGraph } from './graph.ts';
import { pathRange, type PathFilter } from './paths.ts';
import { compareVersions, isPrerelease } from './version.ts';
import { compareCodeUnits } from './compare.ts';

/** A tag as the git reader returns it: the ref, and what it points at once peeled. */
export interface RawTag {
  name: string;
  /** SHA the ref points at: the tag object for an annotated tag, else the target itself. */
  object: string;
  /** Type of the object the tag points at after peeling every tag object: commit, tree or blob. */
  peeledType: string;
  /** SHA after peeling. */
  peeled: string;
  annotated: boolean;
  tagger: Person | null;
  /** Tagger date, ISO 8601 with offset, for annotated tags. */
  taggerDate: string | null;
  /** Tag message without its signature, for annotated tags. */
  message: string | null;
  /** The kind of signature an annotated tag object carries (not yet verified); null when none. */
  signed?: 'gpg' | 'ssh' | null;
}

export interface PlannedRelease {
  version: string;
  slug: string;
  tag: RawTag;
  /** Graph index of the tagged commit. */
  node: number;
  prerelease: boolean;
  /** The release date in seconds since the epoch: the tagger date of an annotated tag, else the commit date. */
  time: number;
  previous: PlannedRelease | null;
  /** Hashes of `git log previous..tag [-- path]`, newest first. */
  commits: string[];
  /**
   * Hashes of the merge commits of `git log previous..tag`, without the path: the merges whose
   * pull requests the changes are credited to (a path-filtered log may leave a merge out while
   * listing what it merged).
   */
  merges: string[];
  /**
   * The nearest releases this one contains (docs/data-folder.md, "What a release contains"): the
   * releases, other than this one, whose release date is not later than this one's and whose
   * tagged commit is an ancestor of (or equal to) this one's, leaving out any that another of them
   * contains. Ascending by version. Like `previous`, a tag made later never changes it.
   */
  contains: PlannedRelease[];
  /**
   * Hashes of the commits this release's history holds that neither `commits` nor a release it
   * contains lists (docs/data-folder.md, "What a release contains"): commits that a release on
   * another line shipped first, when the previous release is not in this one's history. Empty
   * when it is. With them, a release's commits, these and the releases it contains account for its
   * whole history [-- path].
   */
  received: string[];
}

export interface ReleasePlan {
  /** Ascending version order. */
  releases: PlannedRelease[];
  skipped: { tag: string; reason: string }[];
  next: {
    /** The newest release the branch head contains (by version order). */
    base: PlannedRelease | null;
    /**
     * When `base` is a prerelease, the final release the next one is measured against: previous(base)
     * as if it were final (the newest final release lower than it that existed when it came out).
     * Equal to `base` when `base` is final; null when there is none.
     */
    final: PlannedRelease | null;
    head: string;
    commits: string[];
    merges: string[];
  } | null;
}

export interface PlanInput {
  projectId: string;
  tags: RawTag[];
  matchTag: (name: string) => string | null;
  graph: CommitGraph;
  /** Branch head for the advance notice, or null for none. */
  head: string | null;
  /** For `path` projects: what the path is at each commit; null means every commit counts. */
  path: PathFilter | null;
}

/** Total order of releases: version, then tag name. */
const byRelease = (a: { version: string; tag: RawTag }, b: { version: string; tag: RawTag }) =>
  compareVersions(a.version, b.version) || compareCodeUnits(a.tag.name, b.tag.name);

/**
 * The order releases came out in: by release date, then (on the same date) by version. First-time
 * contributors are decided in this order (src/core/assemble.ts), and a release that comes later in
 * it can never change an earlier one's previous release or first-time contributors.
 */
export function releaseOrder(
  a: { time: number; version: string },
  b: { time: number; version: string },
): number {
  return a.time - b.time || compareVersions(a.version, b.version);
}

/** A date as seconds since the epoch, or null when it does not parse. */
const seconds = (iso: string | null) => {
  const ms = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
};

/**
 * previous(r) for every release (docs/releases-from-git.md, "Previous release"): among the other
 * releases with a lower version whose release date is not later than r's, the one with the highest
 * version; a final release looks only at final releases. `sorted` is in ascending version order;
 * the answer is an index into it, or -1. One pass with two Fenwick trees over the release dates
 * (the highest index so far per date prefix: one for every release, one for finals), so a project
 * of 50,000 tags costs n log n, whatever order its tags were made in.
 */
export function previousIndexes(sorted: readonly { time: number; prerelease: boolean }[]): number[] {
  const times = [...new Set(sorted.map((r) => r.time))].sort((a, b) => a - b);
  const rank = new Map(times.map((t, i) => [t, i + 1]));
  const size = times.length;
  const all = new Int32Array(size + 1).fill(-1);
  const finals = new Int32Array(size + 1).fill(-1);
  const query = (tree: Int32Array, at: number) => {
    let best = -1;
    for (let i = at; i > 0; i -= i & -i) if (tree[i] > best) best = tree[i];
    return best;
  };
  const update = (tree: Int32Array, at: number, value: number) => {
    for (let i = at; i <= size; i += i & -i) if (tree[i] < value) tree[i] = value;
  };
  return sorted.map((r, i) => {
    const at = rank.get(r.time)!;
    const previous = query(r.prerelease ? all : finals, at);
    update(all, at, i);
    if (!r.prerelease) update(finals, at, i);
    return previous;
  });
}

export function planReleases(input: PlanInput): ReleasePlan {
  const { graph } = input;
  const skipped: ReleasePlan['skipped'] = [];
  const candidates: PlannedRelease[] = [];
  for (const tag of input.tags) {
    const version = input.matchTag(tag.name);
    if (version === null) continue;
    if (tag.peeledType !== 'commit') {
      skipped.push({ tag: tag.name, reason: `points at a ${tag.peeledType}, not a commit` });
      continue;
    }
    const node = graph.index.get(tag.peeled);
    if (node === undefined) {
      skipped.push({
        tag: tag.name,
        reason: `its commit ${tag.peeled.slice(0, 12)} is not in the history that was read`,
      });
      continue;
    }
    candidates.push({
      version,
      slug: toSlug(version),
      tag,
      node,
      prerelease: isPrerelease(version),
      // As the release record dates it (src/core/assemble.ts): the tagger date, else the commit's.
      time: (tag.annotated ? seconds(tag.taggerDate) : null) ?? graph.time[node],
      previous: null,
      commits: [],
      merges: [],
      contains: [],
      received: [],
    });
  }
  candidates.sort(byRelease);
  checkUnique(input.projectId, candidates);

  // Bit i: release i; the last bit: the branch head.
  const headNode = input.head === null ? -1 : (graph.index.get(input.head) ?? -1);
  const reach = new Reach(graph, [...candidates.map((r) => r.node), headNode]);
  // `git log previous..r [-- path]`: with a path, git's history simplification decides.
  const range = (include: number, exclude: number | null) => {
    const nodes = input.path
      ? pathRange(
          graph,
          reach,
          include,
          exclude === null ? null : { node: candidates[exclude].node, tip: exclude },
          input.path,
        )
      : reach.range(include, exclude);
    return nodes.map((n) => graph.hashes[n]);
  };

  // The merges of `git log exclude..include`, whatever the path: a project without a path has them
  // in its range already.
  const mergesOf = (include: number, exclude: number | null, commits: () => string[]) =>
    input.path
      ? reach
          .range(include, exclude)
          .filter((n) => graph.parents[n].length > 1)
          .map((n) => graph.hashes[n])
      : commits().filter((h) => graph.parents[graph.index.get(h)!].length > 1);

  const previous = previousIndexes(candidates);
  candidates.forEach((r, i) => {
    const prevIndex = previous[i] >= 0 ? previous[i] : null;
    r.previous = prevIndex === null ? null : candidates[prevIndex];
    // Computed when first asked for: an incremental harvest keeps most releases as written and
    // never needs their ranges (a path-filtered range replays git's history simplification).
    let commits: string[] | null = null;
    let merges: string[] | null = null;
    const commitsOf = () => (commits ??= range(r.node, prevIndex));
    Object.defineProperty(r, 'commits', { enumerable: true, configurable: true, get: commitsOf });
    Object.defineProperty(r, 'merges', {
      enumerable: true,
      configurable: true,
      get: () => (merges ??= mergesOf(r.node, prevIndex, commitsOf)),
    });
  });

  // The releases tagged on each commit, for `contains`.
  const atNode = new Map<number, number[]>();
  candidates.forEach((r, i) => atNode.set(r.node, [...(atNode.get(r.node) ?? []), i]));
  // The latest release date among the releases on each commit and its ancestors: one pass, parents
  // before children, when `contains` is first asked for.
  let latestBelow: Float64Array | null = null;
  const latestAt = () => {
    if (latestBelow) return latestBelow;
    const n = graph.hashes.length;
    const order = new Int32Array(n);
    for (let c = 0; c < n; c++) order[graph.topo[c]] = c;
    const latest = new Float64Array(n).fill(-Infinity);
    for (let k = n - 1; k >= 0; k--) {
      const c = order[k];
      let m = -Infinity;
      for (const j of atNode.get(c) ?? []) m = Math.max(m, candidates[j].time);
      for (const p of graph.parents[c]) m = Math.max(m, latest[p]);
      latest[c] = m;
    }
    return (latestBelow = latest);
  };
  // Release k's `contains` closure holds j: j's commit is in k's history and j is dated no later
  // (two releases of one commit and one date: the higher version holds the lower).
  const holds = (k: number, j: number) =>
    k !== j &&
    candidates[j].time <= candidates[k].time &&
    reach.reaches(k, candidates[j].node) &&
    !(candidates[j].node === candidates[k].node && candidates[j].time === candidates[k].time && j > k);
  const containsOf = (i: number): PlannedRelease[] => {
    const r = candidates[i];
    const latest = latestAt();
    const found = new Set<number>();
    // Walks down from the tag and stops at a commit that carries releases dated no later than r's
    // when nothing below it is dated later than they are (they hold all of it then): the walk
    // costs the commits between a release and its nearest ones, not the whole history. A tag
    // made on an old commit after the releases above it is why the walk may go on past one.
    graph.walk(r.node, (c) => {
      // On r's own commit with r's date, only the lower versions: the tie-break of `holds`.
      const here = (atNode.get(c) ?? []).filter(
        (j) =>
          j !== i &&
          candidates[j].time <= r.time &&
          !(c === r.node && candidates[j].time === r.time && j > i),
      );
      for (const j of here) found.add(j);
      if (here.length === 0) return graph.parents[c];
      const newest = Math.max(...here.map((j) => candidates[j].time));
      const below = Math.max(-Infinity, ...graph.parents[c].map((p) => latest[p]));
      return below <= newest ? [] : graph.parents[c];
    });
    const all = [...found];
    return all
      .filter((j) => !all.some((k) => holds(k, j)))
      .sort((a, b) => a - b)
      .map((j) => candidates[j]);
  };
  // The commits of r's history that only releases on another line list: they are reachable from
  // r's previous release X (r's commits are `git log X..r`), so they are in X's commits or, in
  // turn, reachable from previous(X), until a previous release that r's history holds.
  const positions = new Map(candidates.map((r, i) => [r, i]));
  const receivedOf = (i: number): string[] => {
    const r = candidates[i];
    if (r.previous === null || reach.reaches(i, r.previous.node)) return [];
    const held = r.contains.map((c) => positions.get(c)!);
    const own = new Set(r.commits);
    const out: string[] = [];
    const seenHere = new Set<string>();
    for (let x: PlannedRelease | null = r.previous; x !== null && !reach.reaches(i, x.node); x = x.previous) {
      for (const h of x.commits) {
        const node = graph.index.get(h)!;
        if (seenHere.has(h) || own.has(h) || !reach.reaches(i, node)) continue;
        if (held.some((j) => reach.reaches(j, node))) continue;
        seenHere.add(h);
        out.push(h);
      }
    }
    return out;
  };
  candidates.forEach((r, i) => {
    let received: string[] | null = null;
    Object.defineProperty(r, 'received', {
      enumerable: false,
      configurable: true,
      get: () => (received ??= receivedOf(i)),
    });
    let contains: PlannedRelease[] | null = null;
    // Not enumerable: releases on one commit with one date contain each other, and a copy or a
    // JSON dump of the plan must not follow that loop.
    Object.defineProperty(r, 'contains', {
      enumerable: false,
      configurable: true,
      get: () => (contains ??= containsOf(i)),
    });
  });

  let next: ReleasePlan['next'] = null;
  if (headNode >= 0) {
    // The base: the newest release on the branch, that is the highest version among the releases
    // the head contains that no other such release contains (a `.dev0` or `-alpha.0` tag at the
    // point a maintenance branch forked is contained in the branch's own releases, so it is never
    // the base of a maintenance branch's notice, however high its version).
    const headBit = candidates.length;
    const contained = candidates.flatMap((r, j) => (reach.reaches(headBit, r.node) ? [j] : []));
    const tips = [...new Set(contained.map((j) => candidates[j].node))];
    // Highest versions first: on a linear history the highest release contains all the others.
    const descending = [...contained].reverse();
    const newest = new Set(
      tips.filter((node) => !descending.some((k) => candidates[k].node !== node && reach.reaches(k, node))),
    );
    let baseIndex: number | null = null;
    for (let i = contained.length - 1; i >= 0 && baseIndex === null; i--)
      if (newest.has(candidates[contained[i]].node)) baseIndex = contained[i];
    const base = baseIndex === null ? null : candidates[baseIndex];
    let final: PlannedRelease | null = base;
    if (base?.prerelease) {
      final = null;
      for (let j = baseIndex! - 1; j >= 0 && final === null; j--)
        if (!candidates[j].prerelease && candidates[j].time <= base.time) final = candidates[j];
    }
    const commits = range(headNode, baseIndex);
    next = {
      base,
      final,
      head: graph.hashes[headNode],
      commits,
      merges: mergesOf(headNode, baseIndex, () => commits),
    };
  }
  return { releases: candidates, skipped, next };
}

/** Two tags naming one version, or two versions sharing a URL, are an error naming both tags. */
function checkUnique(projectId: string, releases: PlannedRelease[]): void {
  const byVersion = new Map<string, PlannedRelease>();
  const bySlug = new Map<string, PlannedRelease>();
  for (const r of releases) {
    const v = byVersion.get(r.version);
    if (v) {
      throw new InputError(`tags "${v.tag.name}" and "${r.tag.name}" both name version ${r.version}`, {
        where: `project "${projectId}"`,
        fix: 'delete one of the tags, or narrow the project\'s "tags" pattern so only one matches',
      });
    }
    const s = bySlug.get(r.slug);
    if (s) {
      throw new InputError(
        `versions "${s.version}" (tag "${s.tag.name}") and "${r.version}" (tag "${r.tag.name}") share the URL /${r.slug}/`,
        {
          where: `project "${projectId}"`,
          fix: 'versions may only differ in characters outside [A-Za-z0-9._-] if they differ elsewhere too; rename or delete one tag',
        },
      );
    }
    byVersion.set(r.version, r);
    bySlug.set(r.slug, r);
  }
}
