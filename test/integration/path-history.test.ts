// Path-filtered projects count what `git log <tips> -- <path>` lists. waybill computes it in memory
// from one read of the changed files (src/core/paths.ts); here git itself is the oracle, on a
// history with the merges that make history simplification matter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRepo, runGit } from '../../scripts/demo/git-builder.ts';
import { buildGraph } from '../../src/core/graph.ts';
import { readHistory } from '../../src/harvest/git.ts';
import { readPathSets } from '../../src/harvest/path-history.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('commits of a path, computed in memory', () => {
  it('equals git log -- <path> for folders, files, merges that differ from every parent and merges that drop a side', async () => {
    const dir = join(root, 'mono');
    await buildRepo(dir, [
      { commit: 'root', files: { 'README.md': '#\n', 'packages/a/x': '1\n' } },
      { commit: 'a: one', files: { 'packages/a/x': '2\n' } },
      { commit: 'b: one', files: { 'packages/b/y': '1\n' } },
      { tag: 'v1' },
      { branch: 'feature' },
      { commit: 'a: on feature', files: { 'packages/a/z': '1\n' } },
      { commit: 'b: on feature', files: { 'packages/b/y': '2\n' } },
      { checkout: 'main' },
      { commit: 'a: on main', files: { 'packages/a/x': '3\n' } },
      // A real merge: differs from both parents for packages/a; TREESAME to main for packages/b? no: b changed on feature.
      { commit: "Merge branch 'feature'", merge: ['feature'] },
      { branch: 'dropped' },
      { commit: 'b: change the merge drops', files: { 'packages/b/y': '3\n' } },
      { commit: 'a: change the merge drops', files: { 'packages/a-extra/q': '1\n' } },
      { checkout: 'main' },
      // Like `git merge -s ours`: the tree stays main's, so the merge is TREESAME to main.
      { commit: "Merge branch 'dropped' (ours)", merge: ['dropped'], files: { 'packages/b/y': '2\n', 'packages/a-extra/q': null } },
      { commit: 'readme', files: { 'README.md': '# mono\n' } },
      { tag: 'v2' },
    ]);
    const head = (await runGit(dir, ['rev-parse', 'HEAD'])).trim();
    const v1 = (await runGit(dir, ['rev-parse', 'v1^{commit}'])).trim();
    const tips = [head, v1];
    const history = await readHistory(dir, tips);
    const graph = buildGraph(history.map((c) => ({ hash: c.hash, parents: c.parents, time: Date.parse(c.committerDate) / 1000 })));
    const paths = ['packages/a', 'packages/b', 'packages/b/y', 'README.md', 'packages/a-extra', './packages/a/', 'packages/*/y', 'nowhere'];
    const sets = await readPathSets(dir, tips, graph, paths);
    for (const path of paths) {
      const git = (await runGit(dir, ['log', '--format=%H', ...tips, '--', path])).split('\n').filter(Boolean);
      expect([...sets.get(path)!].sort(), path).toEqual(git.sort());
    }
    // The drop-merge hides the dropped branch's change to packages/b, as git does.
    const subjects = new Map(history.map((c) => [c.hash, c.message.split('\n')[0]]));
    expect([...sets.get('packages/b')!].map((h) => subjects.get(h))).not.toContain('b: change the merge drops');
  });
});
