// Histories shaped like kubernetes and CPython (release branches, patches tagged after the next
// minor, Python-style versions), harvested and checked against git itself: each release's previous
// release is what the rule says from the tags' own dates, and its commit count is exactly
// `git rev-list --count previous..tag` (docs/releases-from-git.md, "Previous release").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitEnv } from '../../src/demo/git-builder.ts';
import { main } from '../../src/cli/main.ts';
import { compareVersions, isPrerelease } from '../../src/core/version.ts';
import { ReleaseSchema, type Release } from '../../src/schemas/release.ts';
import { harvestFixture } from '../helpers/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-branches-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const git = (dir: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd: dir, env: gitEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

async function harvested(fixture: string, repo: string, project: string) {
  const { dir, data } = await harvestFixture(root, fixture);
  const releases = readdirSync(join(data, 'releases', project)).map((f) =>
    ReleaseSchema.parse(JSON.parse(readFileSync(join(data, 'releases', project, f), 'utf8'))),
  );
  const by = new Map(releases.map((r) => [r.version, r]));
  return { repoDir: join(dir, repo), data, releases, by };
}

/** The release date git gives a tag: the tagger date of an annotated tag, else the commit date. */
const tagDate = (repoDir: string, tag: string) =>
  Date.parse(
    git(
      repoDir,
      'for-each-ref',
      '--format=%(taggerdate:iso-strict)%(if)%(taggerdate)%(then)%(else)%(*committerdate:iso-strict)%(committerdate:iso-strict)%(end)',
      `refs/tags/${tag}`,
    ),
  );

/** Every release agrees with git: previous by the rule read literally, commits by rev-list. */
function expectAgreesWithGit(repoDir: string, releases: Release[]) {
  const dated = releases.map((r) => ({ r, at: tagDate(repoDir, r.tag) }));
  for (const { r, at } of dated) {
    const expected = dated
      .filter(
        (o) =>
          o.r !== r &&
          compareVersions(o.r.version, r.version) < 0 &&
          o.at <= at &&
          (r.prerelease || !o.r.prerelease),
      )
      .map((o) => o.r.version)
      .sort(compareVersions)
      .at(-1);
    expect(r.previous, `previous of ${r.version}`).toBe(expected ?? null);
    expect(r.prerelease, r.version).toBe(isPrerelease(r.version));
    // Following `contains` gives exactly the releases, dated no later, that git says r's commit
    // holds (docs/data-folder.md, "What a release contains").
    const byVersion = new Map(releases.map((o) => [o.version, o]));
    const closure = new Set<string>();
    const stack = [...(r.contains ?? [])];
    while (stack.length) {
      const v = stack.pop()!;
      if (!closure.has(v)) (closure.add(v), stack.push(...(byVersion.get(v)!.contains ?? [])));
    }
    const ancestors = dated
      .filter(
        (o) =>
          o.r !== r &&
          o.at <= at &&
          spawnSync('git', ['merge-base', '--is-ancestor', o.r.commit, r.commit], {
            cwd: repoDir,
            env: gitEnv(),
          }).status === 0,
      )
      .map((o) => o.r.version);
    expect([...closure].sort(compareVersions), `releases ${r.version} contains`).toEqual(
      ancestors.sort(compareVersions),
    );
    // Its changes, what it received and the releases it contains account for its whole history.
    const listed = new Set<string>();
    for (const v of [r.version, ...closure]) {
      const o = byVersion.get(v)!;
      for (const c of o.changes) listed.add(c.hash);
      for (const x of o.reverted) listed.add(x.hash).add(x.revertedBy);
      for (const h of o.received) listed.add(h);
    }
    const history = git(repoDir, 'rev-list', '--no-merges', r.commit).split('\n');
    expect(
      history.filter((h) => !listed.has(h)),
      `commits of ${r.version} that no release lists`,
    ).toEqual([]);
    const range = r.previousTag ? `${r.previousTag}..${r.tag}` : r.tag;
    expect(r.commitCount, `git rev-list --count ${range}`).toBe(
      Number(git(repoDir, 'rev-list', '--count', range)),
    );
  }
}

describe('a kubernetes-like history', () => {
  it('gives 1.N.0 the newest 1.(N-1).x tagged before it, and exactly its commits since', async () => {
    const { repoDir, releases, by } = await harvested('release-branches-kubernetes', 'k8s', 'k8s');
    // 1.27.2 and 1.28.2 were tagged after 1.28.0 and 1.29.0: patches of the older line.
    expect(by.get('1.28.0')).toMatchObject({ previous: '1.27.1', previousTag: 'v1.27.1' });
    expect(by.get('1.29.0')).toMatchObject({ previous: '1.28.1', previousTag: 'v1.28.1' });
    expect(by.get('1.27.2')!.previous).toBe('1.27.1');
    expect(by.get('1.28.1')!.previous).toBe('1.28.0');
    expect(by.get('1.28.0')!.commitCount).toBe(
      Number(git(repoDir, 'rev-list', '--count', 'v1.27.1..v1.28.0')),
    );
    expectAgreesWithGit(repoDir, releases);
  });

  it('says what the main branch will ship next, from its alpha.0 tag', async () => {
    const { data } = await harvestFixture(root, 'release-branches-kubernetes');
    const next = JSON.parse(readFileSync(join(data, 'next/k8s.json'), 'utf8'));
    expect(next).toMatchObject({
      base: '1.30.0-alpha.0',
      commitCount: 2,
      bump: 'minor',
      predicted: '1.30.0',
      bumpFrom: '1.28.1',
      nextPrerelease: '1.30.0-alpha.1',
    });
  });
});

describe('a CPython-like history', () => {
  it('gives 3.12.1 the previous 3.12.0, and 3.12.0 the newest 3.11.x final before it', async () => {
    const { repoDir, releases, by } = await harvested('release-branches-python', 'cpython', 'cpython');
    expect(by.get('3.12.1')!.previous).toBe('3.12.0');
    expect(by.get('3.12.0')!.previous).toBe('3.11.5');
    // a1, b1, rc1 and .dev0 are prereleases, in PEP 440 order.
    expect(
      releases
        .filter((r) => r.version.startsWith('3.12.0'))
        .sort((a, b) => compareVersions(a.version, b.version))
        .map((r) => [r.version, r.prerelease]),
    ).toEqual([
      ['3.12.0.dev0', true],
      ['3.12.0a1', true],
      ['3.12.0b1', true],
      ['3.12.0rc1', true],
      ['3.12.0', false],
    ]);
    expectAgreesWithGit(repoDir, releases);
  });
});

describe('an etcd-like history', () => {
  it('credits pull requests and prints notes that keep them links on a forge', async () => {
    const { repoDir, releases, by, data } = await harvested(
      'component-prefixes-and-pull-requests',
      'etcd',
      'etcd',
    );
    expectAgreesWithGit(repoDir, releases);
    expect(by.get('3.6.0')!.previous).toBe('3.5.1');
    let out = '';
    const sink = (f: (s: string) => void) =>
      ({ write: (s: string) => (f(s), true), isTTY: false }) as unknown as NodeJS.WriteStream;
    const code = await main(['notes', 'etcd', '3.6.0', '--data', data], {
      cwd: root,
      env: { CI: 'true' },
      stdout: sink((s) => (out += s)),
      stderr: sink(() => {}),
      clock: () => new Date(0),
    });
    expect(code).toBe(0);
    expect(out).toContain(
      '- **etcdserver:** add cluster id check ([#16119](https://github.com/etcd-io/etcd/pull/16119))',
    );
    expect(out).toContain(
      '- **Documentation:** explain the cluster id check ([#16140](https://github.com/etcd-io/etcd/pull/16140))',
    );
    expect(out).not.toContain('\\#');
  });
});
