import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphCommit } from '../../src/core/graph.ts';
import { planReleases, type RawTag } from '../../src/core/releases.ts';
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

  it('ignores a higher-versioned tag on another branch: previous must be an ancestor', () => {
    const p = plan(SPEC, [tag('v1.0.0', 'c'), tag('v1.0.1', 'y'), tag('v1.1.0', 'f')]);
    const by = Object.fromEntries(p.releases.map((r) => [r.version, r]));
    expect(by['1.1.0'].previous?.version).toBe('1.0.0');
    expect(names(by['1.1.0'].commits)).toEqual(['f', 'e', 'd']);
    expect(names(by['1.0.1'].commits)).toEqual(['y', 'x']);
  });

  it('ignores a lower-versioned tag that is not an ancestor and a higher one that is (version order rules)', () => {
    // v0.9.0 on the branch is lower but not an ancestor of f; v3.0.0 at b is an ancestor but higher.
    const p = plan(SPEC, [tag('v3.0.0', 'b'), tag('v0.9.0', 'y'), tag('v1.0.0', 'f')]);
    expect(p.releases.find((r) => r.version === '1.0.0')!.previous).toBeNull();
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

  it('has every commit when there is no release yet, and none right after a release', () => {
    expect(names(plan(SPEC, [], 'c').next!.commits)).toEqual(['c', 'b', 'a']);
    expect(plan(SPEC, [tag('v1.0.0', 'f')], 'f').next!.commits).toEqual([]);
  });
});
