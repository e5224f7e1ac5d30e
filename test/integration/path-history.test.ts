// Path-filtered projects count exactly what `git log previous..tag -- <path>` lists. waybill
// replays git's history simplification in memory (src/core/paths.ts) from one read of the changed
// files; here git itself is the oracle, on histories whose merges make the simplification matter.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRepo, runGit, type Step } from '../../src/demo/git-builder.ts';
import { buildGraph } from '../../src/core/graph.ts';
import { planReleases } from '../../src/core/releases.ts';
import { compileTagPattern } from '../../src/core/tags.ts';
import { readHistory, readRepoInfo, readTags } from '../../src/harvest/git.ts';
import { readPathFilters } from '../../src/harvest/path-history.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** For every project (tag prefix → path), each release's commits and the advance notice's, waybill vs git. */
async function compareWithGit(
  name: string,
  steps: Step[],
  projects: { tags: string; path: string }[],
  cacheDir: string | null = null,
) {
  const dir = join(root, name);
  if (!existsSync(dir)) await buildRepo(dir, steps);
  const [tags, info] = await Promise.all([readTags(dir), readRepoInfo(dir, undefined)]);
  const tips = [...tags.map((t) => t.peeled), info.head!];
  const history = await readHistory(dir, tips);
  const graph = buildGraph(
    history.map((c) => ({ hash: c.hash, parents: c.parents, time: Date.parse(c.committerDate) / 1000 })),
  );
  const filters = await readPathFilters(
    dir,
    tips,
    graph,
    projects.map((p) => p.path),
    cacheDir,
  );
  let compared = 0;
  for (const p of projects) {
    const match = compileTagPattern(p.tags);
    const plan = planReleases({
      projectId: 'p',
      tags: tags.filter((t) => match(t.name) !== null),
      matchTag: match,
      graph,
      head: info.head,
      path: filters.get(p.path)!,
    });
    const ranges = [
      ...plan.releases.map((r) => ({
        what: r.tag.name,
        from: r.previous?.tag.name ?? null,
        to: r.tag.name,
        ours: r.commits,
      })),
      {
        what: `${p.path} next`,
        from: plan.next!.base?.tag.name ?? null,
        to: 'HEAD',
        ours: plan.next!.commits,
      },
    ];
    for (const r of ranges) {
      const git = (
        await runGit(dir, ['log', '--format=%H', r.from ? `${r.from}..${r.to}` : r.to, '--', p.path])
      )
        .split('\n')
        .filter(Boolean);
      expect(r.ours, `${r.what} (${p.path})`).toEqual(git);
      compared++;
    }
  }
  return compared;
}

describe('commits of a path-filtered release', () => {
  it('equal git log previous..tag -- path across merges that differ from every parent and merges that drop a side', async () => {
    const n = await compareWithGit(
      'drop-merge',
      [
        { commit: 'root', files: { 'README.md': '#\n', 'packages/a/x': '1\n' } },
        { commit: 'a: one', files: { 'packages/a/x': '2\n' } },
        { commit: 'b: one', files: { 'packages/b/y': '1\n' } },
        { tag: 'a@1.0.0' },
        { tag: 'b@1.0.0' },
        { branch: 'feature' },
        { commit: 'a: on feature', files: { 'packages/a/z': '1\n' } },
        { commit: 'b: on feature', files: { 'packages/b/y': '2\n' } },
        { checkout: 'main' },
        { commit: 'a: on main', files: { 'packages/a/x': '3\n' } },
        { commit: "Merge branch 'feature'", merge: ['feature'] },
        { tag: 'a@1.1.0' },
        { branch: 'dropped' },
        { commit: 'b: change the merge drops', files: { 'packages/b/y': '3\n' } },
        { commit: 'a: change the merge drops', files: { 'packages/a-extra/q': '1\n' } },
        { checkout: 'main' },
        // Like `git merge -s ours`: the tree stays main's, so the merge is TREESAME to main.
        {
          commit: "Merge branch 'dropped' (ours)",
          merge: ['dropped'],
          files: { 'packages/b/y': '2\n', 'packages/a-extra/q': null },
        },
        { commit: 'readme', files: { 'README.md': '# mono\n' } },
        { tag: 'b@1.1.0' },
        { tag: 'a@1.2.0' },
        { commit: 'a: unreleased', files: { 'packages/a/x': '4\n' } },
      ],
      [
        { tags: 'a@{version}', path: 'packages/a' },
        { tags: 'b@{version}', path: 'packages/b' },
        { tags: 'a@{version}', path: 'README.md' },
      ],
    );
    expect(n).toBe(11);
  });

  it("do not depend on another project's tags: a side branch that changes the path and reverts it", async () => {
    // The other package is tagged on the side branch; git log core@1.0.0..core@1.1.0 -- pkg must
    // not list the experiment, whatever tips the other projects bring.
    const n = await compareWithGit(
      'other-tips',
      [
        { commit: 'root', files: { 'pkg/a': '1\n', 'other/b': '1\n' } },
        { tag: 'core@1.0.0' },
        { branch: 'side' },
        { commit: 'feat: experiment', files: { 'pkg/a': '2\n' } },
        { commit: 'revert the experiment', files: { 'pkg/a': '1\n' } },
        { commit: 'other: work', files: { 'other/b': '2\n' } },
        { tag: 'other@1.0.0' },
        { checkout: 'main' },
        { commit: 'fix: real', files: { 'pkg/c': '1\n' } },
        { commit: "Merge branch 'side'", merge: ['side'] },
        { tag: 'core@1.1.0' },
      ],
      [
        { tags: 'core@{version}', path: 'pkg' },
        { tags: 'other@{version}', path: 'other' },
      ],
    );
    expect(n).toBe(5);
  });

  it('list commits in git log order when branches share a second and a parent is dated after its child', async () => {
    // Whole seconds shared across parallel branches, and a rebased commit older than its parent:
    // the order comes from git's date-ordered walk, never from the order the history was read in.
    const T = '2026-03-02T10:00:00+00:00';
    const steps: Step[] = [
      { commit: 'root', files: { 'pkg/a': '1\n', 'doc/x': '1\n' }, date: '2026-03-01T10:00:00+00:00' },
      { tag: 'p@1.0.0' },
      { branch: 'side' },
      { commit: 'side: one', files: { 'pkg/s': '1\n' }, date: T },
      { commit: 'side: two', files: { 'doc/y': '1\n' }, date: T },
      { checkout: 'main' },
      { commit: 'main: one', files: { 'pkg/a': '2\n' }, date: T },
      { commit: 'main: skewed', files: { 'pkg/a': '3\n' }, date: '2026-03-02T09:00:00+00:00' },
      { commit: 'main: two', files: { 'doc/x': '2\n' }, date: T },
      { commit: "Merge branch 'side'", merge: ['side'], date: T },
      { branch: 'late' },
      { commit: 'late: one', files: { 'pkg/l': '1\n' }, date: '2026-03-03T10:00:00+00:00' },
      { checkout: 'main' },
      { commit: 'main: three', files: { 'pkg/a': '4\n' }, date: '2026-03-03T10:00:00+00:00' },
      { commit: "Merge branch 'late'", merge: ['late'], date: '2026-03-03T10:00:00+00:00' },
      { tag: 'p@1.1.0' },
      { commit: 'main: unreleased', files: { 'pkg/a': '5\n' }, date: '2026-03-03T10:00:00+00:00' },
    ];
    expect(
      await compareWithGit('ties', steps, [
        { tags: 'p@{version}', path: 'pkg' },
        { tags: 'p@{version}', path: 'doc' },
      ]),
    ).toBe(6);
    // And without a path.
    const dir = join(root, 'ties');
    const [tags, info] = await Promise.all([readTags(dir), readRepoInfo(dir, undefined)]);
    const history = await readHistory(dir, [...tags.map((t) => t.peeled), info.head!]);
    // Read in another order than git's: the ranges must not change.
    for (const order of [history, [...history].reverse()]) {
      const graph = buildGraph(
        order.map((c) => ({ hash: c.hash, parents: c.parents, time: Date.parse(c.committerDate) / 1000 })),
      );
      const match = compileTagPattern('p@{version}');
      const plan = planReleases({
        projectId: 'p',
        tags,
        matchTag: match,
        graph,
        head: info.head,
        path: null,
      });
      expect(plan.releases[1].commits).toEqual(
        (await runGit(dir, ['log', '--format=%H', 'p@1.0.0..p@1.1.0'])).split('\n').filter(Boolean),
      );
      expect(plan.next!.commits).toEqual(
        (await runGit(dir, ['log', '--format=%H', 'p@1.1.0..HEAD'])).split('\n').filter(Boolean),
      );
    }
  });

  it('work for paths named like built-in object properties, with and without the cache', async () => {
    const steps: Step[] = [
      { commit: 'root', files: { 'constructor/a': '1\n', '__proto__/b': '1\n', 'toString/c': '1\n' } },
      { tag: 'p@1.0.0' },
      { branch: 'side' },
      { commit: 'side', files: { 'constructor/a': '2\n', '__proto__/b': '2\n' } },
      { checkout: 'main' },
      { commit: 'main', files: { 'toString/c': '2\n' } },
      { commit: "Merge branch 'side'", merge: ['side'] },
      { tag: 'p@1.1.0' },
    ];
    const projects = ['constructor', '__proto__', 'toString'].map((path) => ({ tags: 'p@{version}', path }));
    const cache = join(root, 'builtin-names-cache');
    for (const cacheDir of [null, cache, cache])
      expect(await compareWithGit('builtin-names', steps, projects, cacheDir)).toBe(9);
  });
});
