// Pull requests of changes: the numbers forges write into merge and squash commits, and the
// commits each merge brought in (docs/releases-from-git.md, "Pull requests").
import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphCommit } from '../../src/core/graph.ts';
import { creditPulls, mergedCommits, pullOfMessage } from '../../src/core/pulls.ts';

describe('pull request numbers in messages', () => {
  it('reads the merge commits GitHub, Gitea, Bitbucket, Azure DevOps and GitLab write', () => {
    expect(pullOfMessage('Merge pull request #16119 from ahrtr/fix_3.5\n\n[3.5] fix the race', true)).toEqual(
      {
        id: '16119',
        raw: '#16119',
      },
    );
    expect(pullOfMessage("Merge pull request 'Fix login' (#42) from fix-login into main", true)).toEqual({
      id: '42',
      raw: '#42',
    });
    expect(pullOfMessage('Merged in feature/x (pull request #7)\n\nAdd x', true)).toEqual({
      id: '7',
      raw: '#7',
    });
    expect(pullOfMessage('Merged PR 311: Add the export', true)).toEqual({ id: '311', raw: '!311' });
    expect(
      pullOfMessage(
        "Merge branch 'fix-login' into 'main'\n\nFix the login\n\nCloses #12\n\nSee merge request acme/api!42",
        true,
      ),
    ).toEqual({ id: '42', raw: '!42' });
  });

  it('reads a squash merge subject, the last number when a backport added its own', () => {
    expect(pullOfMessage('fix(router): keep the hash (#11130)', false)).toEqual({
      id: '11130',
      raw: '#11130',
    });
    expect(pullOfMessage('fix: x (#100) (#130)\n\nbackport', false)).toEqual({ id: '130', raw: '#130' });
  });

  it('finds none where a number is only mentioned', () => {
    expect(pullOfMessage('fix: see #12 for details', false)).toBeNull();
    expect(pullOfMessage("Merge branch 'main' into feature", true)).toBeNull();
    expect(pullOfMessage('Merge pull request #12 from x/y', false)).toBeNull(); // not a merge
    expect(pullOfMessage('fix: x (#12)', true)).toBeNull(); // a merge's subject is not a squash
  });
});

/** A random history: commits with one or two parents among the earlier ones, dates out of order at times. */
function randomHistory(seed: number, size: number): GraphCommit[] {
  let s = seed;
  const rnd = (n: number) => (s = (s * 1103515245 + 12345) % 2147483648) % n;
  const commits: GraphCommit[] = [];
  for (let i = 0; i < size; i++) {
    const parents = new Set<number>();
    if (i > 0) parents.add(i - 1 - rnd(Math.min(i, 6)));
    if (i > 2 && rnd(3) === 0) parents.add(rnd(i));
    commits.push({
      hash: i.toString(16).padStart(40, '0'),
      parents: [...parents].map((p) => p.toString(16).padStart(40, '0')),
      time: 1_000 + i * 10 - (rnd(5) === 0 ? 30 : 0), // some clock skew
    });
  }
  return commits.reverse();
}

function ancestors(graph: ReturnType<typeof buildGraph>, start: number): Set<number> {
  const seen = new Set<number>([start]);
  const stack = [start];
  while (stack.length)
    for (const p of graph.parents[stack.pop()!]) if (!seen.has(p)) (seen.add(p), stack.push(p));
  return seen;
}

describe('the commits a merge brought in', () => {
  it('are exactly `git log M^1..M^2`, on random histories with clock skew', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const graph = buildGraph(randomHistory(seed, 120));
      for (let m = 0; m < graph.hashes.length; m++) {
        const [first, ...others] = graph.parents[m];
        if (others.length === 0) continue;
        const base = ancestors(graph, first);
        const expected = new Set<number>();
        for (const o of others) for (const c of ancestors(graph, o)) if (!base.has(c)) expected.add(c);
        expect(new Set(mergedCommits(graph, m)), `seed ${seed}, merge ${m}`).toEqual(expected);
      }
    }
  });

  it('credit each change to the innermost pull request that merged it', () => {
    // main: a - m2 ; feature: f1 - m1 - f2, where m1 merged pull request #1 (s1) into the feature
    // branch and m2 merged the feature branch as pull request #2.
    const c = (name: string, time: number, ...parents: string[]): GraphCommit => ({
      hash: Buffer.from(name).toString('hex').padEnd(40, '0'),
      parents: parents.map((p) => Buffer.from(p).toString('hex').padEnd(40, '0')),
      time,
    });
    const graph = buildGraph([
      c('m2', 9, 'a', 'f2'),
      c('f2', 8, 'm1'),
      c('m1', 7, 'f1', 's1'),
      c('s1', 6, 'a'),
      c('f1', 5, 'a'),
      c('a', 1),
    ]);
    const h = (n: string) => Buffer.from(n).toString('hex').padEnd(40, '0');
    const credits = creditPulls(graph, [
      { hash: h('m2'), pull: { id: '2', raw: '#2' } },
      { hash: h('m1'), pull: { id: '1', raw: '#1' } },
    ]);
    const byName = Object.fromEntries(
      [...credits].map(([k, v]) => [Buffer.from(k.replace(/(00)+$/, ''), 'hex').toString(), v.raw]),
    );
    expect(byName).toEqual({ s1: '#1', f1: '#2', m1: '#2', f2: '#2' });
  });
});
