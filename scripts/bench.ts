// `npm run bench`: harvest speed against git's own, on generated repositories, as ratios measured
// in the same run (never absolute timings in tests). Also checks that the harvest is exact: the
// release count, and for sampled releases `previous` and the commit count against
// `git rev-list --count previous..tag [-- path]`.
//
//   npm run bench                        100k commits / 1,000 tags, and a 50-package monorepo
//   npm run bench -- --commits 20000 --tags 200 --runs 1
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gitEnv, writeLargeHistory } from './demo/git-builder.ts';
import { ConfigSchema, type ConfigInput } from '../src/config/schema.ts';
import { harvest } from '../src/harvest/harvest.ts';
import { ReleaseSchema } from '../src/schemas/release.ts';

const { values: args } = parseArgs({
  options: {
    commits: { type: 'string', default: '100000' },
    tags: { type: 'string', default: '1000' },
    packages: { type: 'string', default: '50' },
    'mono-commits': { type: 'string', default: '30000' },
    'mono-tags': { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const work = mkdtempSync(join(tmpdir(), 'waybill-bench-'));
const env = gitEnv();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}
async function timeRuns(n: number, fn: () => unknown | Promise<unknown>, before?: () => void): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    before?.();
    xs.push(await time(fn));
  }
  return median(xs);
}

/** The baseline: git itself reading the same history with the same fields. */
function gitLog(dir: string) {
  const r = spawnSync('git', ['log', '--all', '-z', '--format=%H%x1f%P%x1f%aN%x1f%aE%x1f%aI%x1f%cN%x1f%cE%x1f%cI%x1f%B'], { cwd: dir, env, maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('git log failed');
}

interface Row { name: string; commits: number; tags: number; releases: number; gitLog: number; cold: number; warm: number; newTag: number; rss: number; checked: number }

async function scenario(name: string, commits: number, tags: number, packages: number): Promise<Row> {
  const dir = join(work, name);
  process.stdout.write(`${name}: generating ${commits} commits, ${tags} tags${packages ? `, ${packages} packages` : ''}… `);
  const t0 = Date.now();
  const repo = await writeLargeHistory(dir, { commits, tags, packages, mergeEvery: 20, worktree: false, changelog: true });
  process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const config = ConfigSchema.parse({
    title: name,
    projects: repo.projects.map((p) => ({ id: p.id, name: p.id, repo: dir, tags: p.tags, ...(p.path ? { path: p.path } : {}), ...(p.changelog ? { changelog: p.changelog } : {}) })),
  } as ConfigInput);
  const loaded = { config, file: join(work, 'waybill.config.json'), dir: work };
  const now = new Date('2026-11-20T00:00:00Z');
  const data = join(work, `${name}-data`);
  const harvestOnce = () => harvest(loaded, { now, dataDir: data, log: () => {} });

  const gitLogTime = await timeRuns(runs, () => gitLog(dir));
  const cold = await timeRuns(runs, harvestOnce, () => rmSync(data, { recursive: true, force: true }));
  const rss = process.memoryUsage().rss;
  const warm = await timeRuns(runs, harvestOnce);
  // One new tag on the newest commits: the project it belongs to is read again.
  execFileSync('git', ['tag', 'bench-new', 'HEAD'], { cwd: dir, env });
  const newTagName = packages ? repo.projects[0].tags.replace('{version}', '99.0.0') : 'v99.0.0';
  execFileSync('git', ['tag', newTagName, 'HEAD'], { cwd: dir, env });
  const newTag = await time(harvestOnce);

  // Exactness: every tag is a release; sampled releases agree with git rev-list.
  let releases = 0;
  let checked = 0;
  for (const p of repo.projects) {
    const files = readdirSync(join(data, 'releases', p.id));
    releases += files.length;
    const sample = files.filter((_, i) => i % Math.max(1, Math.floor(files.length / 8)) === 0).slice(0, 8);
    for (const f of sample) {
      const r = ReleaseSchema.parse(JSON.parse(readFileSync(join(data, 'releases', p.id, f), 'utf8')));
      const range = r.previousTag ? `${r.previousTag}..${r.tag}` : r.tag;
      const count = Number(execFileSync('git', ['rev-list', '--count', range, ...(p.path ? ['--', p.path] : [])], { cwd: dir, env }).toString().trim());
      if (count !== r.commitCount) throw new Error(`${p.id} ${r.version}: harvest counted ${r.commitCount} commits, git rev-list ${range} counts ${count}`);
      if (!r.notes.changelog?.includes(`Release ${r.version} of`)) throw new Error(`${p.id} ${r.version}: its CHANGELOG section did not reach the notes`);
      checked++;
    }
  }
  const expected = repo.tags.length + 1;
  if (releases !== expected) throw new Error(`${name}: ${releases} releases harvested, ${expected} tags exist`);
  return { name, commits, tags: expected, releases, gitLog: gitLogTime, cold, warm, newTag, rss, checked };
}

const rows: Row[] = [];
try {
  rows.push(await scenario('single', Number(args.commits), Number(args.tags), 0));
  if (Number(args.packages) > 0) rows.push(await scenario('monorepo', Number(args['mono-commits']), Number(args['mono-tags']), Number(args.packages)));
} finally {
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}

const gitVersion = execFileSync('git', ['--version']).toString().trim();
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${gitVersion}; median of ${runs} run(s)\n`);
const head = ['repository', 'commits', 'tags', 'git log', 'cold harvest', 'ratio', 'warm harvest', 'one new tag', 'peak RSS', 'checked'];
const body = rows.map((r) => [
  r.name, r.commits.toLocaleString('en'), r.tags.toLocaleString('en'), `${r.gitLog.toFixed(2)} s`, `${r.cold.toFixed(2)} s`,
  `${(r.cold / r.gitLog).toFixed(2)}x`, `${r.warm.toFixed(2)} s`, `${r.newTag.toFixed(2)} s`, `${(r.rss / 2 ** 20).toFixed(0)} MiB`, `${r.checked} releases vs git rev-list`,
]);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log([line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n'));
console.log('\nratio = cold harvest / `git log --all` printing the same fields; lower is better.');
