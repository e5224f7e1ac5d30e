// Random histories, harvested after every change into one data folder (with the caches kept beside
// the mirrors) and, each time, cold into an empty one: the two must hold the same bytes. The
// changes are what real repositories see (commits, branches, merges, higher and lower tags, tags
// deleted and moved, branches reset), with many commits sharing a second, for two path-filtered
// projects (one on its own branch) and one whole-repository project. Seeded: a failure names its
// seed and step, and repeats. Seed 15 caught a cached graph listing same-second commits in
// another order than a fresh read.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTree } from '../helpers/data-folder.ts';
import { gitEnv } from '../../src/demo/git-builder.ts';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { harvest } from '../../src/harvest/harvest.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-random-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PROJECTS = [
  { id: 'lib', name: 'Lib', repo: './repo', tags: 'lib@{version}', path: 'pkgA' },
  { id: 'app', name: 'App', repo: './repo', tags: 'app@{version}', path: 'pkgB', branch: 'b1' },
  { id: 'all', name: 'All', repo: './repo', tags: 'v{version}' },
];
const FILES = ['pkgA/f', 'pkgA/g', 'pkgB/f', 'README'];

/** A seeded generator (a linear congruential one: the same seed, the same history). */
function random(seed: number) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}

async function run(seed: number, steps: number): Promise<string[]> {
  const dir = join(root, `seed-${seed}`);
  const repo = join(dir, 'repo');
  mkdirSync(repo, { recursive: true });
  const rnd = random(seed);
  const git = (args: string[], env: Record<string, string> = {}, input?: string) => {
    const r = spawnSync('git', args, {
      cwd: repo,
      env: {
        ...gitEnv(),
        GIT_AUTHOR_NAME: 'A',
        GIT_AUTHOR_EMAIL: 'a@x.example',
        GIT_COMMITTER_NAME: 'A',
        GIT_COMMITTER_EMAIL: 'a@x.example',
        ...env,
      },
      encoding: 'utf8',
      input,
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  git(['init', '-q', '-b', 'main']);
  let clock = 1_700_000_000;
  let n = 0;
  const index = join(dir, 'index');
  const commit = (parents: string[], treeFrom: string | null, file: string | null) => {
    git(treeFrom ? ['read-tree', treeFrom] : ['read-tree', '--empty'], { GIT_INDEX_FILE: index });
    if (file)
      git(
        [
          'update-index',
          '--add',
          '--cacheinfo',
          `100644,${git(['hash-object', '-w', '--stdin'], {}, `${file} ${n}\n`)},${file}`,
        ],
        { GIT_INDEX_FILE: index },
      );
    const tree = git(['write-tree'], { GIT_INDEX_FILE: index });
    clock += rnd.pick([0, 0, 10]); // two thirds of the commits share their second with the one before
    const date = `@${clock} +0000`;
    return git(
      [
        'commit-tree',
        tree,
        ...parents.flatMap((p) => ['-p', p]),
        '-m',
        `${rnd.pick(['feat', 'fix', 'chore'])}: change ${n++} ${file ?? 'merge'}`,
      ],
      { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    );
  };
  const branches = ['main'];
  const commits = [commit([], null, 'README')];
  git(['update-ref', 'refs/heads/main', commits[0]]);
  const tags = new Set<string>();
  const versions = { lib: 0, app: 0, v: 0 };
  const tipOf = (b: string) => git(['rev-parse', `refs/heads/${b}`]);
  const change = (): string => {
    const r = rnd.next();
    if (r < 0.4) {
      const b = rnd.pick(branches);
      const c = commit([tipOf(b)], tipOf(b), rnd.pick(FILES));
      git(['update-ref', `refs/heads/${b}`, c]);
      commits.push(c);
      return `commit on ${b}`;
    }
    if (r < 0.5) {
      const name = `b${branches.length}`;
      git(['update-ref', `refs/heads/${name}`, rnd.pick(commits)]);
      branches.push(name);
      return `branch ${name}`;
    }
    if (r < 0.62 && branches.length > 1) {
      const a = rnd.pick(branches);
      const b = rnd.pick(branches.filter((x) => x !== a));
      const [ta, tb] = [tipOf(a), tipOf(b)];
      const c = commit([ta, tb], rnd.pick([ta, tb]), rnd.next() < 0.3 ? rnd.pick(FILES) : null);
      git(['update-ref', `refs/heads/${a}`, c]);
      commits.push(c);
      return `merge ${b} into ${a}`;
    }
    if (r < 0.85) {
      const p = rnd.pick(['lib', 'app', 'v'] as const);
      const lower = rnd.next() < 0.15 && versions[p] > 1;
      const v = lower ? `0.${versions[p]}.${Math.floor(rnd.next() * 1000)}` : `${++versions[p]}.0.0`;
      const name = p === 'v' ? `v${v}` : `${p}@${v}`;
      if (tags.has(name)) return 'nothing';
      git([
        'update-ref',
        `refs/tags/${name}`,
        rnd.next() < 0.6 ? tipOf(rnd.pick(branches)) : rnd.pick(commits),
      ]);
      tags.add(name);
      return `tag ${name}`;
    }
    if (r < 0.92 && tags.size) {
      const t = rnd.pick([...tags]);
      if (rnd.next() < 0.5) {
        git(['update-ref', '-d', `refs/tags/${t}`]);
        tags.delete(t);
        return `delete ${t}`;
      }
      git(['update-ref', `refs/tags/${t}`, rnd.pick(commits)]);
      return `move ${t}`;
    }
    const b = rnd.pick(branches);
    git(['update-ref', `refs/heads/${b}`, rnd.pick(commits)]);
    return `reset ${b}`;
  };
  const harvestInto = (data: string, cache: string, at: string) =>
    harvest(
      {
        config: ConfigSchema.parse({ cache, strict: false, projects: PROJECTS }),
        file: join(dir, 'waybill.config.json'),
        dir,
      },
      { now: new Date(at), dataDir: join(dir, data), log: () => {}, warn: () => {} },
    );

  const failures: string[] = [];
  for (let step = 0; step < steps; step++) {
    const done = Array.from({ length: 1 + Math.floor(rnd.next() * 3) }, change);
    if (!branches.includes('b1')) {
      git(['update-ref', 'refs/heads/b1', rnd.pick(commits)]);
      branches.push('b1');
    }
    const at = new Date(Date.UTC(2026, 0, 1 + step)).toISOString();
    await harvestInto('incremental', '.cache', at);
    for (const d of ['cold', '.cache-cold']) rmSync(join(dir, d), { recursive: true, force: true });
    await harvestInto('cold', '.cache-cold', at);
    const inc = readTree(join(dir, 'incremental'));
    const cold = readTree(join(dir, 'cold'));
    // The chain records every run and the archive every moved tag; the state files hold what a
    // harvest saw, which differs by construction. Everything a reader sees must be the same.
    const differ = [...new Set([...inc.keys(), ...cold.keys()])].filter(
      (k) =>
        !/^(audit\.jsonl|archive\/|\.state\/)/.test(k) && !inc.get(k)?.equals(cold.get(k) ?? Buffer.alloc(0)),
    );
    if (differ.length) failures.push(`seed ${seed}, step ${step} (${done.join('; ')}): ${differ.join(', ')}`);
  }
  return failures;
}

describe('incremental harvests of random histories', () => {
  for (const seed of [15, 23]) {
    it(`write what a cold harvest writes, after every change (seed ${seed})`, async () => {
      expect(await run(seed, 18)).toEqual([]);
    }, 120_000);
  }
});
