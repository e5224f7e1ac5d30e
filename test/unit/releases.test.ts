import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphCommit } from '../../src/core/graph.ts';
import { planReleases, previousIndexes, type RawTag } from '../../src/core/releases.ts';
import { compareVersions } from '../../src/core/version.ts';
import { compileTagPattern } from '../../src/core/tags.ts';

/**
 * A tiny history language: each line "name: parent parent" (newest first is not required).
 * Hashes are the names padded to 40 characters so they look like SHAs.
 */
function history(spec: string): GraphCommit[] {
  return spec
    .trim()
    .split('\n')
    .map((line, i) => {
      const [name, parents = ''] = line.split(':').map((s) => s.trim());
      return { hash: sha(name), parents: parents.split(/\s+/).filter(Boolean).map(sha), time: 1_000 + i };
    });
}
const sha = (name: string) => Buffer.from(name).toString('hex').padEnd(40, '0');
const tag = (name: string, at: string, peeledType = 'commit'): RawTag => ({
  name,
  object: sha(at),
  peeled: sha(at),
  peeledType,
  annotated: false,
  tagger: null,
  taggerDate: null,
  message: null,
});
const names = (hashes: string[]) => hashes.map((h) => Buffer.from(h.replace(/(00)+$/, ''), 'hex').toString());

function plan(spec: string, tags: RawTag[], head: string | null = null, touching: string[] | null = null) {
  const graph = buildGraph(history(spec));
  // A path that the `touching` commits change (these histories have no merges for path tests).
  const path = touching
    ? {
        changes: (n: number) => touching.map(sha).includes(graph.hashes[n]),
        objects: () => ({ self: null, parents: [] }),
      }
    : null;
  return planReleases({
    projectId: 'p',
    tags,
    matchTag: compileTagPattern('v{version}'),
    graph,
    head: head ? sha(head) : null,
    path,
  });
}

// a - b - c - d - e - f        main
//          \
//           x - y              1.x maintenance branch
const SPEC = `
a:
b: a
c: b
d: c
e: d
f: e
x: c
y: x`;

describe('previous and commit ranges', () => {
  it('gives the first release all of its history and each later one what git log prev..tag lists', () => {
    const p = plan(SPEC, [tag('v1.0.0', 'b'), tag('v1.1.0', 'd')]);
    expect(p.releases.map((r) => [r.version, r.previous?.version ?? null, names(r.commits)])).toEqual([
      ['1.0.0', null, ['b', 'a']],
      ['1.1.0', '1.0.0', ['d', 'c']],
    ]);
  });

  it('makes a final release cover everything since the last final, not since its release candidate', () => {
    const p = plan(SPEC, [
      tag('v1.0.0', 'a'),
      tag('v2.0.0-rc.1', 'c'),
      tag('v2.0.0-rc.2', 'd'),
      tag('v2.0.0', 'e'),
    ]);
    const by = Object.fromEntries(p.releases.map((r) => [r.version, r]));
    expect(by['2.0.0'].previous?.version).toBe('1.0.0');
    expect(names(by['2.0.0'].commits)).toEqual(['e', 'd', 'c', 'b']);
    expect(by['2.0.0-rc.2'].previous?.version).toBe('2.0.0-rc.1');
    expect(by['2.0.0-rc.1'].previous?.version).toBe('1.0.0');
  });

  it('takes the newest lower release that existed when it came out, on its branch or not', () => {
    // The 1.0.1 patch (x, on a maintenance branch) was made before 1.1.0 (f) on main.
    const p = plan(
      `
a:
b: a
c: b
x: c
d: c
e: d
f: e`,
      [tag('v1.0.0', 'c'), tag('v1.0.1', 'x'), tag('v1.1.0', 'f')],
    );
    const by = Object.fromEntries(p.releases.map((r) => [r.version, r]));
    expect(by['1.1.0'].previous?.version).toBe('1.0.1');
    // Its commits are still exactly `git log v1.0.1..v1.1.0`.
    expect(names(by['1.1.0'].commits)).toEqual(['f', 'e', 'd']);
    expect(by['1.0.1'].previous?.version).toBe('1.0.0');
  });

  it('never takes a release tagged after it: later tags do not change previous', () => {
    // v1.0.1 (y) is tagged after v1.1.0 (f): a patch of the older line.
    const p = plan(SPEC, [tag('v1.0.0', 'c'), tag('v1.0.1', 'y'), tag('v1.1.0', 'f')]);
    const by = Object.fromEntries(p.releases.map((r) => [r.version, r]));
    expect(by['1.1.0'].previous?.version).toBe('1.0.0');
    expect(names(by['1.1.0'].commits)).toEqual(['f', 'e', 'd']);
    expect(by['1.0.1'].previous?.version).toBe('1.0.0');
    expect(names(by['1.0.1'].commits)).toEqual(['y', 'x']);
  });

  it('dates an annotated tag by its tagger, a lightweight one by its commit', () => {
    // y's commit is newer than f, but its annotated tag says it came out before f.
    const early = {
      ...tag('v1.0.1', 'y'),
      annotated: true,
      taggerDate: new Date(1_002_500 * 1000).toISOString(),
    };
    const atCommit = plan(SPEC, [tag('v1.0.0', 'c'), tag('v1.0.1', 'y'), tag('v1.1.0', 'f')]);
    expect(atCommit.releases.find((r) => r.version === '1.1.0')!.previous?.version).toBe('1.0.0');
    const graph = buildGraph(history(SPEC).map((c) => ({ ...c, time: c.time * 1000 })));
    const p = planReleases({
      projectId: 'p',
      tags: [tag('v1.0.0', 'c'), early, tag('v1.1.0', 'f')],
      matchTag: compileTagPattern('v{version}'),
      graph,
      head: null,
      path: null,
    });
    expect(p.releases.find((r) => r.version === '1.1.0')!.previous?.version).toBe('1.0.1');
  });

  it('ignores higher versions, and lower ones tagged after it (version and date rules)', () => {
    // v3.0.0 at b came out before f but is higher; v0.9.0 at y is lower but came out after f.
    const p = plan(SPEC, [tag('v3.0.0', 'b'), tag('v0.9.0', 'y'), tag('v1.0.0', 'f')]);
    expect(p.releases.find((r) => r.version === '1.0.0')!.previous).toBeNull();
  });

  it('agrees with the rule read literally, for any versions and dates', () => {
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 200; round++) {
      const n = 1 + rnd(30);
      const releases = Array.from({ length: n }, (_, i) => ({
        version: `${rnd(3)}.${rnd(4)}.${i}`,
        time: rnd(10),
        prerelease: rnd(3) === 0,
      })).sort((a, b) => compareVersions(a.version, b.version));
      const expected = releases.map((r, i) => {
        let best = -1;
        releases.forEach((o, j) => {
          if (
            j !== i &&
            compareVersions(o.version, r.version) < 0 &&
            o.time <= r.time &&
            (r.prerelease || !o.prerelease)
          )
            if (best < 0 || compareVersions(o.version, releases[best].version) > 0) best = j;
        });
        return best;
      });
      expect(previousIndexes(releases)).toEqual(expected);
    }
  });

  it('counts merges and the commits they bring in', () => {
    const p = plan(
      `
a:
b: a
m1: a
m2: m1
c: b m2`,
      [tag('v1.0.0', 'a'), tag('v1.1.0', 'c')],
    );
    expect(names(p.releases[1].commits).sort()).toEqual(['b', 'c', 'm1', 'm2']);
  });

  it('keeps only the commits touching the path for path projects', () => {
    const p = plan(SPEC, [tag('v1.0.0', 'b'), tag('v1.1.0', 'e')], null, ['a', 'd']);
    expect(p.releases.map((r) => names(r.commits))).toEqual([['a'], ['d']]);
  });

  it('lets two tags on one commit be different releases with an empty range for the second', () => {
    const p = plan(SPEC, [tag('v1.0.0', 'b'), tag('v1.0.1', 'b')]);
    expect(p.releases[1].previous?.version).toBe('1.0.0');
    expect(p.releases[1].commits).toEqual([]);
  });
});

describe('tags that are not releases', () => {
  it('skips a tag of a blob or a tree once, with the reason', () => {
    const p = plan(SPEC, [tag('v1.0.0', 'a'), tag('v9.9.9', 'zz', 'blob'), tag('v8.0.0', 'zz', 'tree')]);
    expect(p.releases.map((r) => r.version)).toEqual(['1.0.0']);
    expect(p.skipped).toEqual([
      { tag: 'v9.9.9', reason: 'points at a blob, not a commit' },
      { tag: 'v8.0.0', reason: 'points at a tree, not a commit' },
    ]);
  });

  it('ignores tags that do not match the pattern', () => {
    expect(plan(SPEC, [tag('nightly', 'a'), tag('v1.0.0', 'b')]).releases.map((r) => r.tag.name)).toEqual([
      'v1.0.0',
    ]);
  });

  it('refuses two versions that share a URL, naming both tags', () => {
    expect(() => plan(SPEC, [tag('v1.0.0+a', 'a'), tag('v1.0.0_a', 'b')])).toThrow(
      /"v1\.0\.0\+a".*"v1\.0\.0_a"|"v1\.0\.0_a".*"v1\.0\.0\+a"/,
    );
  });

  it('refuses two tags that name the same version, naming both', () => {
    const p = () =>
      planReleases({
        projectId: 'p',
        tags: [tag('v1.0.0', 'a'), tag('release-1.0.0', 'b')],
        matchTag: compileTagPattern({ regex: '^(?:v|release-)(?<version>.+)$' }),
        graph: buildGraph(history(SPEC)),
        head: null,
        path: null,
      });
    expect(p).toThrow(/"release-1\.0\.0" and "v1\.0\.0" both name version 1\.0\.0/);
  });
});

describe('advance notice', () => {
  it('collects the commits after the newest release reachable from the head', () => {
    const p = plan(SPEC, [tag('v1.0.0', 'c'), tag('v1.0.1', 'y')], 'f');
    expect(p.next?.base?.version).toBe('1.0.0');
    expect(names(p.next!.commits)).toEqual(['f', 'e', 'd']);
  });

  it('starts from the newest release on the branch, not a higher one at the point it forked', () => {
    // numpy: v1.22.0.dev0 marks main at c, where maintenance/1.21.x (x, y) forked; y is v1.21.1.
    const p = plan(SPEC, [tag('v1.21.0', 'x'), tag('v1.22.0.dev0', 'c'), tag('v1.21.1', 'y')], 'y');
    expect(p.next?.base?.version).toBe('1.21.1');
    expect(p.next!.commits).toEqual([]);
    // On main, the dev tag is the base, and its final is the newest final lower than it before it.
    const main = plan(SPEC, [tag('v1.21.0', 'x'), tag('v1.22.0.dev0', 'c')], 'f');
    expect(main.next?.base?.version).toBe('1.22.0.dev0');
    expect(names(main.next!.commits)).toEqual(['f', 'e', 'd']);
  });

  it('has every commit when there is no release yet, and none right after a release', () => {
    expect(names(plan(SPEC, [], 'c').next!.commits)).toEqual(['c', 'b', 'a']);
    expect(plan(SPEC, [tag('v1.0.0', 'f')], 'f').next!.commits).toEqual([]);
  });
});

describe('contains', () => {
  it('of two releases tagged on one commit with one date: the higher holds the lower, never the reverse, so a tag made later changes no earlier record', () => {
    const before = plan(SPEC, [tag('v1.0.0', 'b'), tag('v1.1.0', 'd')]);
    const after = plan(SPEC, [tag('v1.0.0', 'b'), tag('v1.1.0', 'd'), tag('v2.0.0', 'd')]);
    const containsOf = (p: ReturnType<typeof plan>) =>
      Object.fromEntries(p.releases.map((r) => [r.version, r.contains.map((c) => c.version)]));
    expect(containsOf(before)).toEqual({ '1.0.0': [], '1.1.0': ['1.0.0'] });
    expect(containsOf(after)).toEqual({ '1.0.0': [], '1.1.0': ['1.0.0'], '2.0.0': ['1.1.0'] });
  });
});
