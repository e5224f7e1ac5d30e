// The commit graph in memory: ancestry between releases and `git log a..b` ranges, computed from
// one read of the history instead of one git process per tag or per pair of tags.

export interface GraphCommit {
  hash: string;
  parents: string[];
  /** Committer time, seconds since the epoch: orders a range the way `git log` lists it. */
  time: number;
}

export interface CommitGraph {
  hashes: string[];
  index: Map<string, number>;
  /** Parent indexes per commit; parents outside the history read (a shallow clone) are left out. */
  parents: number[][];
  time: Float64Array;
  /** Position in a children-before-parents order (for propagating ancestry). */
  topo: Int32Array;
  /**
   * Walks from `start` in the order `git log` lists commits: the newest committer time first,
   * commits of the same second in the order the walk reached them (git's date-ordered list,
   * commit_list_insert_by_date), each commit once. `step(c)` is called as c is taken, in that
   * order, and returns the parents to go on to. The order depends only on the commits and their
   * parents, never on the order the history was read in (a cached graph and a fresh read agree).
   */
  walk(start: number, step: (c: number) => readonly number[]): void;
}

export function buildGraph(commits: GraphCommit[]): CommitGraph {
  const hashes = commits.map((c) => c.hash);
  const index = new Map<string, number>();
  hashes.forEach((h, i) => index.set(h, i));
  const parents = commits.map((c) =>
    c.parents.map((p) => index.get(p)).filter((p): p is number => p !== undefined),
  );
  return graphOf(
    hashes,
    index,
    parents,
    Float64Array.from(commits, (c) => c.time),
  );
}

/**
 * A graph from its parts (a cached history and the commits read since): `index` maps each hash to
 * its position in `hashes`, `parents` holds positions.
 */
export function graphOf(
  hashes: string[],
  index: Map<string, number>,
  parents: number[][],
  time: Float64Array,
): CommitGraph {
  const topo = new Int32Array(hashes.length);
  const order = childrenFirstOrder(parents);
  order.forEach((node, pos) => (topo[node] = pos));
  // The walk's marks, shared by its calls: entry c is `stamp` when the current walk reached c. A
  // fresh array per walk would cost the whole history for every release.
  let seen: Int32Array | null = null;
  let stamp = 0;
  const walk = (start: number, step: (c: number) => readonly number[]) => {
    if (start < 0) return;
    if (seen === null || stamp === 0x7fffffff) {
      seen = new Int32Array(hashes.length);
      stamp = 0;
    }
    const marks = seen;
    const mark = ++stamp;
    const queue = new DateQueue(time);
    marks[start] = mark;
    queue.push(start);
    while (queue.size) {
      for (const p of step(queue.pop())) {
        if (marks[p] !== mark) {
          marks[p] = mark;
          queue.push(p);
        }
      }
    }
  };
  return { hashes, index, parents, time, topo, walk };
}

/** A priority queue of commits: the newest time first, then first in, first out (a binary heap). */
class DateQueue {
  private nodes: number[] = [];
  private order: number[] = [];
  private next = 0;
  private readonly time: Float64Array;
  constructor(time: Float64Array) {
    this.time = time;
  }
  get size(): number {
    return this.nodes.length;
  }
  private before(i: number, j: number): boolean {
    const ti = this.time[this.nodes[i]];
    const tj = this.time[this.nodes[j]];
    return ti > tj || (ti === tj && this.order[i] < this.order[j]);
  }
  private swap(i: number, j: number): void {
    [this.nodes[i], this.nodes[j]] = [this.nodes[j], this.nodes[i]];
    [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
  }
  push(node: number): void {
    this.nodes.push(node);
    this.order.push(this.next++);
    for (let i = this.nodes.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (!this.before(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }
  pop(): number {
    const top = this.nodes[0];
    const lastNode = this.nodes.pop()!;
    const lastOrder = this.order.pop()!;
    if (this.nodes.length) {
      this.nodes[0] = lastNode;
      this.order[0] = lastOrder;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.nodes.length && this.before(l, best)) best = l;
        if (r < this.nodes.length && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}

/** Kahn's algorithm over child counts: every commit comes before all of its parents. */
function childrenFirstOrder(parents: number[][]): number[] {
  const n = parents.length;
  const children = new Int32Array(n);
  for (const ps of parents) for (const p of ps) children[p]++;
  const stack: number[] = [];
  // Seed in reverse so that, for a history read newest first, tips come out in reading order.
  for (let i = n - 1; i >= 0; i--) if (children[i] === 0) stack.push(i);
  const order: number[] = [];
  while (stack.length) {
    const c = stack.pop()!;
    order.push(c);
    const ps = parents[c];
    for (let k = ps.length - 1; k >= 0; k--) if (--children[ps[k]] === 0) stack.push(ps[k]);
  }
  return order;
}

/**
 * Which tips reach which commits: bit t of commit c is set when c is an ancestor of, or equal to,
 * tip t. One pass in children-first order, so the cost is (commits + edges) x tips / 32.
 */
export class Reach {
  readonly words: number;
  private readonly bits: Uint32Array;
  private readonly graph: CommitGraph;
  constructor(graph: CommitGraph, tips: number[]) {
    this.graph = graph;
    const n = graph.hashes.length;
    this.words = Math.max(1, Math.ceil(tips.length / 32));
    this.bits = new Uint32Array(n * this.words);
    tips.forEach((node, t) => {
      if (node >= 0) this.bits[node * this.words + (t >>> 5)] |= 1 << (t & 31);
    });
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[graph.topo[i]] = i;
    const w = this.words;
    for (let k = 0; k < n; k++) {
      const c = order[k];
      const base = c * w;
      for (const p of graph.parents[c]) {
        const pb = p * w;
        for (let j = 0; j < w; j++) this.bits[pb + j] |= this.bits[base + j];
      }
    }
  }

  /** True when commit `node` is an ancestor of, or equal to, tip `t`. */
  reaches(t: number, node: number): boolean {
    return (this.bits[node * this.words + (t >>> 5)] & (1 << (t & 31))) !== 0;
  }

  /**
   * The commits `git log <tip excludeTip>..<include>` lists (all ancestors when `excludeTip` is
   * null), in git's order. Walks only the range and its boundary: what the excluded tip reaches is
   * never entered.
   */
  range(include: number, excludeTip: number | null): number[] {
    const out: number[] = [];
    this.graph.walk(include, (c) => {
      if (excludeTip !== null && this.reaches(excludeTip, c)) return [];
      out.push(c);
      return this.graph.parents[c];
    });
    return out;
  }
}
