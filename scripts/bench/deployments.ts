// Deployments benchmark (docs/deployments.md), moved here from scripts/bench.ts unchanged but for its
// output, which is now rows of the one table.
// 100,000 waybill JSON Lines records (one file per project; 5 projects, 3 environments, 200
// releases each): a deployment is a `started` line and its outcome (success, failed, canceled) or
// its outcome alone; most name a version, some a tag, an abbreviated SHA, or a commit no release
// has. Timed: read (readDeploymentSources: read the files, parse and check every line) plus build
// (buildDeployments: merge, tie to releases, rollbacks, sort), as CPU seconds, and as a ratio to
// JSON.parse of the same lines, both measured here.
import { mkdirSync, mkdtempSync as mkdtemp, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDeployments, readDeploymentSources } from '../../src/harvest/deployments.ts';
import { median } from './measure.ts';
import type { Row } from './table.ts';

export async function deploymentsBench(
  runs: number,
  keep: boolean,
  log: (line: string) => void,
): Promise<Row[]> {
  const N = 100_000;
  const PROJECTS = ['api', 'web', 'sdk', 'worker', 'billing'];
  const ENVIRONMENTS = ['development', 'staging', 'production'];
  const RELEASES_PER_PROJECT = 200;
  const hex = (n: number) => ((n * 2654435761) >>> 0).toString(16).padStart(8, '0');
  const commitOf = (p: number, r: number) =>
    `${hex(p * 100_003 + r + 1)}${hex(r + 7)}${hex(p + 11)}${hex(r * 31 + p)}${hex(r + p + 99)}`;
  const releases = PROJECTS.flatMap((project, p) =>
    Array.from({ length: RELEASES_PER_PROJECT }, (_, r) => ({
      project,
      version: `${1 + Math.floor(r / 50)}.${r % 50}.0`,
      tag: `v${1 + Math.floor(r / 50)}.${r % 50}.0`,
      commit: commitOf(p, r),
    })),
  );
  const environments = ENVIRONMENTS.map((id) => ({ id, tier: id }));

  const dir = mkdtemp(join(tmpdir(), 'waybill-bench-deploys-'));
  const lines: string[][] = PROJECTS.map(() => []);
  let deployments = 0;
  let unknown = 0;
  const start = Date.parse('2024-01-01T00:00:00Z');
  for (let i = 0; lines.reduce((n, l) => n + l.length, 0) < N; i++) {
    const p = i % PROJECTS.length;
    const env = ENVIRONMENTS[Math.floor(i / PROJECTS.length) % ENVIRONMENTS.length];
    // Releases move forward; one in 40 deployments goes back two releases (a rollback).
    let r = Math.min(RELEASES_PER_PROJECT - 1, Math.floor(i / 500));
    if (i % 40 === 39) r = Math.max(0, r - 2);
    const release = releases[p * RELEASES_PER_PROJECT + r];
    const orphan = i % 100 === 7;
    const what = orphan
      ? { sha: `${hex(i)}0ff` }
      : i % 10 === 3
        ? { tag: release.tag }
        : i % 10 === 5
          ? { sha: release.commit.slice(0, 10) }
          : { version: release.version };
    if (orphan) unknown++;
    const at = start + i * 60_000;
    const outcome = i % 20 === 0 ? 'failed' : i % 97 === 0 ? 'canceled' : 'success';
    const base = {
      project: PROJECTS[p],
      environment: env,
      id: `d-${i}`,
      actor: `user${i % 13}`,
      url: `https://ci.example/${i}`,
      ...what,
    };
    const left = N - lines.reduce((n, l) => n + l.length, 0);
    if (i % 2 === 0 && left >= 2)
      lines[p].push(JSON.stringify({ at: new Date(at).toISOString(), status: 'started', ...base }));
    lines[p].push(
      JSON.stringify({
        at: new Date(at + 90_000).toISOString(),
        status: outcome,
        approvers: env === 'production' ? ['lead'] : [],
        description: `Deploy ${i}`,
        data: { pipeline: i },
        ...base,
      }),
    );
    deployments++;
  }
  mkdirSync(join(dir, 'deploys'), { recursive: true });
  PROJECTS.forEach((project, p) =>
    writeFileSync(join(dir, 'deploys', `${project}.jsonl`), `${lines[p].join('\n')}\n`),
  );
  const allLines = lines.flat();
  const bytes = allLines.reduce((n, l) => n + l.length + 1, 0);
  const sources = [{ format: 'waybill' as const, path: 'deploys/*.jsonl' }];

  const cpu = async (fn: () => unknown | Promise<unknown>) => {
    const startCpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(startCpu);
    return (used.user + used.system) / 1e6;
  };
  let result: ReturnType<typeof buildDeployments> = [];
  let problems = 0;
  const deployRuns = Math.max(runs, 3);
  const reads: number[] = [];
  const builds: number[] = [];
  const parses: number[] = [];
  try {
    for (let k = 0; k < deployRuns; k++) {
      let raw: Awaited<ReturnType<typeof readDeploymentSources>>['raw'] = [];
      reads.push(
        await cpu(async () => {
          const read = await readDeploymentSources(sources, dir);
          raw = read.raw;
          problems = read.problems.length;
        }),
      );
      builds.push(
        await cpu(() => {
          result = buildDeployments({ raw, releases, environments });
        }),
      );
      parses.push(
        await cpu(() => {
          for (const l of allLines) JSON.parse(l);
        }),
      );
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  // Exactness: every line read, every deployment once, unknown versions kept, every line an attempt.
  const attempts = result.reduce((n, d) => n + d.attempts.length, 0);
  const got = [problems, result.length, result.filter((d) => d.version === null).length, attempts].join(' ');
  const want = [0, deployments, unknown, N].join(' ');
  if (got !== want)
    throw new Error(
      `deployments bench: expected problems/deployments/unknown versions/attempts ${want}, got ${got}`,
    );
  const rollbacks = result.filter((d) => d.rollback).length;
  if (rollbacks === 0) throw new Error('deployments bench: the generated rollbacks were not detected');

  const read = median(reads);
  const build = median(builds);
  const parsed = median(parses);
  log(
    `deployments: checked ${N.toLocaleString('en')} attempts in ${result.length.toLocaleString('en')} deployments, ${unknown} unknown versions kept, ${rollbacks} rollbacks, no problems`,
  );
  const size = `${N.toLocaleString('en')} JSON Lines records (${(bytes / 2 ** 20).toFixed(1)} MiB, ${deployments.toLocaleString('en')} deployments, ${releases.length} releases)`;
  return [
    {
      scenario: 'deployments',
      size,
      step: 'JSON.parse of the same lines',
      time: `${parsed.toFixed(3)} s CPU`,
      relative: '1.00x',
      peak: '',
      note: `median of ${deployRuns}`,
    },
    {
      scenario: '',
      size: '',
      step: 'read (files, parse, check)',
      time: `${read.toFixed(3)} s CPU`,
      relative: `${(read / parsed).toFixed(2)}x JSON.parse`,
      peak: '',
      note: '',
    },
    {
      scenario: '',
      size: '',
      step: 'build (merge, match, rollbacks, sort)',
      time: `${build.toFixed(3)} s CPU`,
      relative: `${(build / parsed).toFixed(2)}x JSON.parse`,
      peak: '',
      note: '',
    },
    {
      scenario: '',
      size: '',
      step: 'read + build',
      time: `${(read + build).toFixed(3)} s CPU`,
      relative: `${((read + build) / parsed).toFixed(2)}x JSON.parse`,
      peak: '',
      note: 'target: a few seconds of CPU',
    },
  ];
}
