// Cost under load (docs/performance.md): harvests whose size is in the deployment logs and in one
// changelog section, each at two sizes so the table shows how the cost grows (linear: the time
// ratio is about the size ratio). Each harvest and render runs in a child process, so its peak
// memory is its own; times are measured inside it (node's start-up is not counted).
//
//   deploy-harvest  a repository of R releases and a log of N deployment lines over them: cold
//                   harvest, then a warm one with nothing new; baseline JSON.parse of the lines
//   changelog       a repository whose newest release has a changelog section of S MB: the cold
//                   harvest, and rendering the section to HTML as the release page does; baseline
//                   JSON.parse of the release record the harvest wrote
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRepo, writeLargeHistory } from '../../src/demo/git-builder.ts';
import { median, mib, runChild, secs } from './measure.ts';
import type { Row } from './table.ts';

const HARVEST = fileURLToPath(new URL('./harvest-child.ts', import.meta.url));
const RENDER = fileURLToPath(new URL('./render-child.ts', import.meta.url));
const n = (x: number) => x.toLocaleString('en');

/** CPU-free timing of JSON.parse over `lines`, the median of 3. */
function parseTime(texts: string[]): number {
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = process.hrtime.bigint();
    for (const l of texts) JSON.parse(l);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(times);
}

interface HarvestTimes {
  times: number[];
  cpu: number[];
}

/** Deployment lines over the releases, in time order; one in 20 failed, one in 40 a rollback. */
function deploymentLog(versions: string[], count: number): string[] {
  const start = Date.parse('2024-01-01T00:00:00Z');
  const envs = ['staging', 'production'];
  return Array.from({ length: count }, (_, i) => {
    let r = Math.min(versions.length - 1, Math.floor((i * versions.length) / count));
    if (i % 40 === 39) r = Math.max(0, r - 2);
    return JSON.stringify({
      at: new Date(start + i * 60_000).toISOString(),
      project: 'bench',
      version: versions[r],
      environment: envs[i % 2],
      status: i % 20 === 0 ? 'failed' : 'success',
      id: `d-${i}`,
      actor: `user${i % 13}`,
      approvers: i % 2 ? ['lead'] : [],
    });
  });
}

export async function deployHarvestBench(
  work: string,
  sizes: number[],
  releases: number,
  log: (line: string) => void,
): Promise<Row[]> {
  const dir = join(work, 'deploy-harvest');
  const repo = await writeLargeHistory(join(dir, 'repo'), {
    commits: releases * 2,
    tags: releases,
    worktree: false,
  });
  const versions = repo.tags.map((t) => t.replace(/^v/, ''));
  const rows: Row[] = [];
  const results: { size: number; cold: number }[] = [];
  for (const size of sizes) {
    const lines = deploymentLog(versions, size);
    const logFile = join(dir, `deploys-${size}.jsonl`);
    writeFileSync(logFile, `${lines.join('\n')}\n`);
    const config = join(dir, `config-${size}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        title: 'bench',
        cache: `.cache-${size}`,
        projects: [{ id: 'bench', name: 'bench', repo: './repo', tags: repo.projects[0]!.tags }],
        environments: [
          { id: 'staging', tier: 'staging' },
          { id: 'production', tier: 'production' },
        ],
        deployments: [{ format: 'waybill', path: `deploys-${size}.jsonl` }],
      }),
    );
    const data = join(dir, `data-${size}`);
    log(`deploy-harvest: ${n(size)} lines over ${n(releases)} releases, cold`);
    const cold = await runChild<HarvestTimes>(HARVEST, [config, data, 'cold', '1']);
    log(`deploy-harvest: ${n(size)} lines, warm`);
    const warm = await runChild<HarvestTimes>(HARVEST, [config, data, 'warm', '1']);
    const parse = parseTime(lines);
    const c = cold.result.times[0]!;
    const w = warm.result.times[0]!;
    results.push({ size, cold: c });
    rows.push(
      {
        scenario: rows.length ? '' : 'deploy-harvest',
        size: `${n(size)} deployment lines (${(Buffer.byteLength(lines.join('\n')) / 2 ** 20).toFixed(0)} MiB), ${n(releases)} releases`,
        step: 'JSON.parse of the lines (baseline)',
        time: secs(parse),
        relative: '1.00x',
        peak: '',
        note: '',
      },
      {
        scenario: '',
        size: '',
        step: 'cold harvest',
        time: secs(c),
        relative: `${(c / parse).toFixed(1)}x JSON.parse`,
        peak: mib(cold.peakRss),
        note: `${secs(cold.result.cpu[0]!)} of CPU in the harvest process`,
      },
      {
        scenario: '',
        size: '',
        step: 'warm harvest, nothing new',
        time: secs(w),
        relative: `${(w / parse).toFixed(2)}x JSON.parse`,
        peak: mib(warm.peakRss),
        note: `${secs(warm.result.cpu[0]!)} of CPU in the harvest process`,
      },
    );
  }
  if (results.length >= 2) {
    const [a, b] = [results[0]!, results.at(-1)!];
    rows.push({
      scenario: '',
      size: '',
      step: 'growth, cold',
      time: '',
      relative: `${(b.cold / a.cold).toFixed(2)}x time for ${(b.size / a.size).toFixed(1)}x lines`,
      peak: '',
      note: 'linear: the two ratios are close',
    });
  }
  return rows;
}

/** A changelog whose section for 1.1.0 is about `mb` MiB of bullets, links and code spans. */
function bigChangelog(mb: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 2 ** 20; i++) {
    const l = `- Change ${i}: fix the \`option${i}\` handling in [module ${i % 97}](https://forge.example/acme/lib/issues/${i}) for *edge* cases (thanks @user${i % 50})\n`;
    lines.push(l);
    size += l.length;
  }
  return `# Changelog\n\n## [1.1.0] - 2026-04-02\n\n### Fixed\n\n${lines.join('')}\n## [1.0.0] - 2026-03-02\n\n- First.\n\n[1.1.0]: https://forge.example/acme/lib/compare/v1.0.0...v1.1.0\n`;
}

export async function changelogBench(
  work: string,
  sizes: number[],
  log: (line: string) => void,
): Promise<Row[]> {
  const rows: Row[] = [];
  const results: { mb: number; harvest: number; render: number }[] = [];
  for (const mb of sizes) {
    const dir = join(work, `changelog-${mb}`);
    mkdirSync(dir, { recursive: true });
    await buildRepo(join(dir, 'lib'), [
      {
        commit: 'feat: first',
        files: { 'CHANGELOG.md': '# Changelog\n\n## [1.0.0] - 2026-03-02\n\n- First.\n' },
      },
      { tag: 'v1.0.0' },
      { commit: 'fix: many', files: { 'CHANGELOG.md': bigChangelog(mb) } },
      { tag: 'v1.1.0' },
    ]);
    const config = join(dir, 'waybill.config.json');
    writeFileSync(
      config,
      JSON.stringify({ projects: [{ id: 'lib', name: 'Lib', repo: './lib', changelog: 'CHANGELOG.md' }] }),
    );
    const data = join(dir, 'data');
    log(`changelog: a ${mb} MiB section, harvest`);
    const harvest = await runChild<HarvestTimes>(HARVEST, [config, data, 'cold', '1']);
    const record = join(data, 'releases', 'lib', '1.1.0.json');
    log(`changelog: a ${mb} MiB section, render`);
    const render = await runChild<{ time: number; html: number }>(RENDER, [record]);
    const parse = parseTime([readFileSync(record, 'utf8')]);
    const h = harvest.result.times[0]!;
    const r = render.result.time;
    results.push({ mb, harvest: h, render: r });
    rows.push(
      {
        scenario: rows.length ? '' : 'changelog',
        size: `a ${mb} MiB changelog section`,
        step: 'JSON.parse of the release record (baseline)',
        time: secs(parse),
        relative: '1.00x',
        peak: '',
        note: '',
      },
      {
        scenario: '',
        size: '',
        step: 'harvest',
        time: secs(h),
        relative: `${(h / parse).toFixed(1)}x JSON.parse`,
        peak: mib(harvest.peakRss),
        note: `${secs(harvest.result.cpu[0]!)} of CPU in the harvest process`,
      },
      {
        scenario: '',
        size: '',
        step: 'render the section to HTML',
        time: secs(r),
        relative: `${(r / parse).toFixed(1)}x JSON.parse`,
        peak: mib(render.peakRss),
        note: `${(render.result.html / 2 ** 20).toFixed(0)} MiB of HTML`,
      },
    );
  }
  if (results.length >= 2) {
    const [a, b] = [results[0]!, results.at(-1)!];
    rows.push({
      scenario: '',
      size: '',
      step: 'growth',
      time: '',
      relative: `harvest ${(b.harvest / a.harvest).toFixed(2)}x, render ${(b.render / a.render).toFixed(2)}x for ${(b.mb / a.mb).toFixed(1)}x the size`,
      peak: '',
      note: 'linear: the ratios are close to the size ratio',
    });
  }
  return rows;
}
