// Pull requests (docs/releases-from-git.md, "Pull requests"). In a project that merges pull
// requests with merge commits, the number lives only in the merge commit's message ("Merge pull
// request #16119 from …", GitLab's "See merge request group/project!42"); a squash merge puts it
// at the end of the subject ("… (#16119)"). A merge's number is credited to the changes it merged:
// the commits `git log M^1..M^2` lists, reachable from its second parent and not from its first.
import type { CommitGraph } from './graph.ts';

export interface Pull {
  /** The number: `16119`. */
  id: string;
  /** As the forge writes it: `#16119` (GitHub, Gitea, Bitbucket), `!42` (GitLab, Azure DevOps). */
  raw: string;
}

const hash = (id: string): Pull => ({ id, raw: `#${id}` });
const bang = (id: string): Pull => ({ id, raw: `!${id}` });

/**
 * The pull request a commit message names as the one it merged or squashed, or null. Only the
 * forms forges write themselves count, so a subject that mentions `#12` in passing names no pull
 * request (that is a reference, kept in `refs`).
 */
export function pullOfMessage(message: string, merge: boolean): Pull | null {
  const header = message.split('\n', 1)[0]?.trim() ?? '';
  if (merge) {
    let m = /^Merge pull request #(\d+) from \S/.exec(header); // GitHub
    if (m) return hash(m[1]);
    m = /^Merge pull request '.*' \(#(\d+)\) from \S/.exec(header); // Gitea, Forgejo
    if (m) return hash(m[1]);
    m = /^Merged in \S+ \(pull request #(\d+)\)/.exec(header); // Bitbucket
    if (m) return hash(m[1]);
    m = /^Merged PR (\d+):/.exec(header); // Azure DevOps
    if (m) return bang(m[1]);
    m = /^See merge request [\w.\-/]*!(\d+)\s*$/m.exec(message); // GitLab
    if (m) return bang(m[1]);
    return null;
  }
  // A squash merge (GitHub, Gitea): "feat: add x (#123)"; a backport may add its own: the last one.
  const squash = /\(#(\d+)\)\s*$/.exec(header);
  return squash ? hash(squash[1]) : null;
}

/** A binary heap of commits, the lowest position in the graph's children-first order on top. */
class TopoQueue {
  private readonly items: number[] = [];
  private readonly topo: Int32Array;
  constructor(topo: Int32Array) {
    this.topo = topo;
  }
  get size(): number {
    return this.items.length;
  }
  push(node: number): void {
    const a = this.items;
    a.push(node);
    for (let i = a.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (this.topo[a[up]] <= this.topo[a[i]]) break;
      [a[up], a[i]] = [a[i], a[up]];
      i = up;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < a.length && this.topo[a[l]] < this.topo[a[best]]) best = l;
        if (r < a.length && this.topo[a[r]] < this.topo[a[best]]) best = r;
        if (best === i) break;
        [a[best], a[i]] = [a[i], a[best]];
        i = best;
      }
    }
    return top;
  }
}

const MERGED = 1;
const BASE = 2;

/**
 * The commits a merge brought in: `git log M^1..M^2` (with more than two parents, every parent
 * but the first). Walked in children-first order from all parents at once, marking what the
 * first parent reaches; a commit's mark is final when it is taken (all of its children in the
 * walk came first), and the walk stops as soon as nothing unmarked is left to take, so it costs
 * the merged commits and the first parent's commits since they forked, not the history.
 */
export function mergedCommits(graph: CommitGraph, merge: number): number[] {
  const [first, ...others] = graph.parents[merge];
  if (first === undefined || others.length === 0) return [];
  const mark = new Map<number, number>();
  const queue = new TopoQueue(graph.topo);
  let open = 0; // merged-side commits waiting in the queue
  const reach = (node: number, m: number) => {
    const had = mark.get(node);
    if (had === undefined) {
      mark.set(node, m);
      queue.push(node);
      if (m === MERGED) open++;
    } else if (had === MERGED && m === BASE) {
      mark.set(node, BASE);
      open--;
    }
  };
  reach(first, BASE);
  for (const p of others) reach(p, MERGED);
  const out: number[] = [];
  while (open > 0 && queue.size) {
    const c = queue.pop();
    const m = mark.get(c)!;
    if (m === MERGED) {
      open--;
      out.push(c);
    }
    for (const p of graph.parents[c]) reach(p, m);
  }
  return out;
}

/** What was merged by each merge commit, computed once per graph for all releases that ask. */
const memo = new WeakMap<CommitGraph, Map<number, number[]>>();

/**
 * The pull request credited to each commit: among the given merges (those of one release's range)
 * that name a pull request, the innermost one that merged it, so a pull request merged into a
 * branch that another pull request then merged keeps its own number. `merges` is any order.
 */
export function creditPulls(
  graph: CommitGraph,
  merges: readonly { hash: string; pull: Pull }[],
): Map<string, Pull> {
  const credits = new Map<string, Pull>();
  if (merges.length === 0) return credits;
  let cache = memo.get(graph);
  if (!cache) memo.set(graph, (cache = new Map()));
  const nodes = merges
    .map((m) => ({ node: graph.index.get(m.hash), pull: m.pull }))
    .filter((m): m is { node: number; pull: Pull } => m.node !== undefined)
    // Parents first: an inner merge is an ancestor of the merge that brought it in.
    .sort((a, b) => graph.topo[b.node] - graph.topo[a.node]);
  for (const { node, pull } of nodes) {
    let merged = cache.get(node);
    if (!merged) cache.set(node, (merged = mergedCommits(graph, node)));
    for (const c of merged) {
      const h = graph.hashes[c];
      if (!credits.has(h)) credits.set(h, pull);
    }
  }
  return credits;
}
