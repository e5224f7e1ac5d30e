// Path-filtered projects count exactly what `git log previous..tag -- <path>` lists. waybill
// replays git's history simplification in memory (src/core/paths.ts) from one read of the changed
// files; here git itself is the oracle, on histories whose merges make the simplification matter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRepo, runGit, type Step } from '../../scripts/demo/git-builder.ts';
import { buildGraph } from '../../src/core/graph.ts';
import { planReleases } from '../../src/core/releases.ts';
import { compileTagPattern } from '../../src/core/tags.ts';
import { readHistory, readRepoInfo, readTags } from '../../src/harvest/git.ts';
import { readPathFilters } from '../../src/harvest/path-history.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** For every project (tag prefix → path), each release's commits and the advance notice's, waybill vs git. */
async function compareWithGit(name: string, steps: Step[], projects: { tags: string; path: string }[]) {
  const dir = join(root, name);
  await buildRepo(dir, steps);
  const [tags, info] = await Promise.all([readTags(dir), readRepoInfo(dir, undefined)]);
  const tips = [...tags.map((t) => t.peeled), info.head!];
  const history = await readHistory(dir, tips);
  const graph = buildGraph(history.map((c) => ({ hash: c.hash, parents: c.parents, time: Date.parse(c.committerDate) / 1000 })));
  const filters = await readPathFilters(dir, tips, graph, projects.map((p) => p.path));
  let compared = 0;
  for (const p of projects) {
    const match = compileTagPattern(p.tags);
    const plan = planReleases({ projectId: 'p', tags: tags.filter((t) => match(t.name) !== null), matchTag: match, graph, head: info.head, path: filters.get(p.path)! });
    const ranges = [...plan.releases.map((r) => ({ what: r.tag.name, from: r.previous?.tag.name ?? null, to: r.tag.name, ours: r.commits })),
      { what: `${p.path} next`, from: plan.next!.base?.tag.name ?? null, to: 'HEAD', ours: plan.next!.commits }];
    for (const r of ranges) {
      const git = (await runGit(dir, ['log', '--format=%H', r.from ? `${r.from}..${r.to}` : r.to, '--', p.path])).split('\n').filter(Boolean);
      expect(r.ours, `${r.what} (${p.path})`).toEqual(git);
      compared++;
    }
  }
  return compared;
}

describe('commits of a path-filtered release', () => {
  it('equal git log previous..tag -- path across merges that differ from every parent and merges that drop a side', async () => {
    const n = await compareWithGit('drop-merge', [
      { commit: 'root', files: { 'README.md': '#\n', 'packages/a/x': '1\n' } },
      { commit: 'a: one', files: { 'packages/a/x': '2\n' } },
      { commit: 'b: one', files: { 'packages/b/y': '1\n' } },
      { tag: 'a@1.0.0' }, { tag: 'b@1.0.0' },
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
      { commit: "Merge branch 'dropped' (ours)", merge: ['dropped'], files: { 'packages/b/y': '2\n', 'packages/a-extra/q': null } },
      { commit: 'readme', files: { 'README.md': '# mono\n' } },
      { tag: 'b@1.1.0' }, { tag: 'a@1.2.0' },
      { commit: 'a: unreleased', files: { 'packages/a/x': '4\n' } },
    ], [{ tags: 'a@{version}', path: 'packages/a' }, { tags: 'b@{version}', path: 'packages/b' }, { tags: 'a@{version}', path: 'README.md' }]);
    expect(n).toBe(11);
  });

  it("do not depend on another project's tags: a side branch that changes the path and reverts it", async () => {
    // The other package is tagged on the side branch; git log core@1.0.0..core@1.1.0 -- pkg must
    // not list the experiment, whatever tips the other projects bring.
    const n = await compareWithGit('other-tips', [
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
    ], [{ tags: 'core@{version}', path: 'pkg' }, { tags: 'other@{version}', path: 'other' }]);
    expect(n).toBe(5);
  });
});
