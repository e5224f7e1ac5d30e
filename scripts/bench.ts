// `npm run bench`: the performance suite (docs/performance.md). Prints one table, and with --markdown FILE
// writes it there as Markdown with the machine and the command.
//
//   harvest      generated repositories of 10k commits / 100 tags, 100k / 1,000, 300k / 5,000 and
//                a 50-package monorepo with path filters: cold harvest, warm harvest with nothing
//                new, one new tag; each as seconds and as a ratio to `git log` reading the same
//                history in the same run; peak RSS; checked against git rev-list
//                (scripts/bench/harvest.ts)
//   build        the Astro build of synthetic portals of 1k, 10k and 50k releases: seconds, pages
//                per second, peak RSS, and pagefind's index time (scripts/bench/build.ts)
//   sbom         a 10,000-component CycloneDX document: read + diff vs JSON.parse (scripts/bench/sbom.ts)
//   deployments  100,000 deployment records: read + build vs JSON.parse (scripts/bench/deployments.ts)
//   release-branches  a kubernetes-shaped repository (release branches, patches tagged after the
//                next minor) at two sizes, the second doubling history and releases: cold harvest,
//                data folder size and peak RSS, and how much each grew (scripts/bench/release-branches.ts)
//   deploy-harvest  harvests of 100k and 500k deployment lines over 2,000 releases, cold and warm
//                (scripts/bench/load.ts)
//   changelog    a 4 MiB and a 20 MiB changelog section: harvest and render (scripts/bench/load.ts)
//   lookup       the reverse look-up at 10k components x 1k releases: index and queries vs
//                JSON.parse of the same SBOM bytes (scripts/bench/lookup.ts)
//
//   npm run bench                                   everything, median of 3 runs
//   npm run bench -- --quick                        smaller sizes, 1 run: to try it out
//   npm run bench -- --only harvest,build --runs 1 --markdown bench.md
//   npm run bench -- --only harvest --commits 20000 --tags 200     one single-project size
//   npm run bench -- --only build --pages 2000                     one portal size
//   npm run bench -- --only release-branches --cycles 10,20 --cycle-commits 200
//   npm run bench -- --only deploy-harvest --deploy-lines 20000,100000 --deploy-releases 200
//   npm run bench -- --only changelog --changelog-mb 1,4
//   npm run bench -- --only lookup --lookup-components 2000 --lookup-releases 200 --lookup-per-sbom 200
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildScenario } from './bench/build.ts';
import { deploymentsBench } from './bench/deployments.ts';
import { changelogBench, deployHarvestBench } from './bench/load.ts';
import { lookupBench } from './bench/lookup.ts';
import { harvestScenario, type HarvestResult, type HarvestScenario } from './bench/harvest.ts';
import { releaseBranchRows, releaseBranchScenario } from './bench/release-branches.ts';
import { machine, mib, secs } from './bench/measure.ts';
import { sbomBench } from './bench/sbom.ts';
import { renderTable, type Row } from './bench/table.ts';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string', default: 'harvest,build,sbom,deployments,deploy-harvest,changelog,lookup' },
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    commits: { type: 'string' },
    tags: { type: 'string' },
    packages: { type: 'string' },
    'mono-commits': { type: 'string' },
    'mono-tags': { type: 'string' },
    pages: { type: 'string' },
    cycles: { type: 'string' },
    'cycle-commits': { type: 'string' },
    'deploy-lines': { type: 'string' },
    'deploy-releases': { type: 'string' },
    'changelog-mb': { type: 'string' },
    'lookup-components': { type: 'string' },
    'lookup-releases': { type: 'string' },
    'lookup-per-sbom': { type: 'string' },
    markdown: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const ALL = [
  'harvest',
  'build',
  'sbom',
  'deployments',
  'release-branches',
  'deploy-harvest',
  'changelog',
  'lookup',
];
const only = new Set(
  args
    .only!.split(/[,|]/)
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const o of only)
  if (!ALL.includes(o)) throw new Error(`--only: unknown scenario "${o}" (known: ${ALL.join(', ')})`);
const quick = args.quick!;
const runs = Number(args.runs ?? (quick ? 1 : 3));
const list = (s: string | undefined, d: number[]) => (s ? s.split(',').map(Number) : d);

// Single-project histories: --commits/--tags pick one size (lists pair up: 10000,100000 with 100,1000).
const commits = list(args.commits, quick ? [5_000, 20_000] : [10_000, 100_000, 300_000]);
const tags = list(args.tags, quick ? [50, 200] : [100, 1_000, 5_000]);
if (commits.length !== tags.length) throw new Error('--commits and --tags need as many values each');
const harvests: HarvestScenario[] = commits.map((c, i) => ({
  name: `single-${c >= 1000 ? `${c / 1000}k` : c}`,
  commits: c,
  tags: tags[i],
  packages: 0,
}));
const packages = Number(args.packages ?? (quick ? 10 : 50));
if (packages > 0)
  harvests.push({
    name: 'monorepo',
    commits: Number(args['mono-commits'] ?? (quick ? 5_000 : 30_000)),
    tags: Number(args['mono-tags'] ?? (quick ? 200 : 2_000)),
    packages,
  });
const pages = list(args.pages, quick ? [500, 2_000] : [1_000, 10_000, 50_000]);
// Two sizes of one release-branch history: the second has twice the cycles, so twice the commits and releases.
const cycles = list(args.cycles, quick ? [8, 16] : [20, 40]);
const cycleCommits = Number(args['cycle-commits'] ?? (quick ? 200 : 500));
const deployLines = list(args['deploy-lines'], quick ? [20_000, 100_000] : [100_000, 500_000]);
const deployReleases = Number(args['deploy-releases'] ?? (quick ? 200 : 2_000));
const changelogMb = list(args['changelog-mb'], quick ? [1, 4] : [4, 20]);
const lookupSize = {
  components: Number(args['lookup-components'] ?? (quick ? 2_000 : 10_000)),
  releases: Number(args['lookup-releases'] ?? (quick ? 200 : 1_000)),
  perSbom: Number(args['lookup-per-sbom'] ?? (quick ? 200 : 1_000)),
};

/** A child that ran out of memory (V8's heap limit, or killed): reported in the table, not thrown. */
const isResourceFailure = (e: unknown) =>
  /heap out of memory|exited null|Allocation failed|ENOMEM/.test(String((e as Error)?.message ?? e));
const failure = (e: unknown) => {
  const m = String((e as Error)?.message ?? e);
  const peak = /peak (\d+) MiB/.exec(m)?.[1];
  return `${/heap out of memory|Allocation failed/.test(m) ? 'JavaScript heap out of memory (default heap limit)' : 'the process was killed'}${peak ? ` at ${peak} MiB` : ''}`;
};

const work = mkdtempSync(join(tmpdir(), 'waybill-bench-'));
const log = (line: string) => process.stderr.write(`${line}\n`);
const started = Date.now();
const rows: Row[] = [];
const n = (x: number) => x.toLocaleString('en');

try {
  if (only.has('harvest')) {
    for (const s of harvests) {
      let r: HarvestResult;
      try {
        r = await harvestScenario(s, work, runs, log);
      } catch (e) {
        // A wrong count is a bug and fails the suite; running out of memory is a result.
        if (!isResourceFailure(e)) throw e;
        rows.push({
          scenario: `harvest ${s.name}`,
          size: `${n(s.commits)} commits, ${n(s.tags)} tags`,
          step: 'harvest',
          time: 'failed',
          relative: '',
          peak: '',
          note: failure(e),
        });
        continue;
      }
      const vs = (t: number) => `${(t / r.gitLog).toFixed(2)}x git log`;
      const size = `${n(r.commits)} commits, ${n(r.releases)} tags${r.packages ? `, ${r.packages} path-filtered packages` : ''}`;
      rows.push(
        {
          scenario: `harvest ${r.name}`,
          size,
          step: '`git log --all` (baseline)',
          time: secs(r.gitLog),
          relative: '1.00x',
          peak: '',
          note: '',
        },
        {
          scenario: '',
          size: '',
          step: 'cold harvest',
          time: secs(r.cold),
          relative: vs(r.cold),
          peak: mib(r.peakRss),
          note: `${r.checked} releases checked against git rev-list`,
        },
        {
          scenario: '',
          size: '',
          step: 'warm harvest, nothing new',
          time: secs(r.warm),
          relative: vs(r.warm),
          peak: mib(r.warmRss),
          note: '',
        },
        {
          scenario: '',
          size: '',
          step: `one new tag (+${n(r.newTagCommits)} commits)`,
          time: secs(r.newTag),
          relative: vs(r.newTag),
          peak: '',
          note: `${r.changedProjects} project(s) read again; git listed ${n(r.newTagRead)} commits (the rest from the cached graph); git log of the new commits alone: ${secs(r.newTagGitLog)}`,
        },
      );
    }
  }
  if (only.has('build')) {
    for (const p of pages) {
      let r: Awaited<ReturnType<typeof buildScenario>>;
      try {
        r = await buildScenario(p, work, runs, log);
      } catch (e) {
        if (!isResourceFailure(e)) throw e;
        rows.push({
          scenario: `build ${p >= 1000 ? `${p / 1000}k` : p}`,
          size: `${n(p)} releases`,
          step: 'Astro build',
          time: 'failed',
          relative: '',
          peak: '',
          note: failure(e),
        });
        continue;
      }
      const size = `${n(r.releases)} releases, ${r.projects} projects, ${n(r.changes)} changes (${(r.dataBytes / 2 ** 20).toFixed(0)} MiB of JSON)`;
      rows.push(
        {
          scenario: `build ${p >= 1000 ? `${p / 1000}k` : p}`,
          size,
          step: `Astro build (${n(r.htmlPages)} HTML pages, ${n(r.files)} files)`,
          time: secs(r.astro),
          relative: `${n(Math.round(r.htmlPages / r.astro))} pages/s`,
          peak: mib(r.astroRss),
          note: `${((r.astro / r.releases) * 1000).toFixed(1)} ms per release`,
        },
        {
          scenario: '',
          size: '',
          step: 'pagefind index',
          time: secs(r.pagefind),
          relative: `${n(Math.round(r.htmlPages / r.pagefind))} pages/s`,
          peak: mib(r.peakRss),
          note: 'peak RSS: the whole build process tree',
        },
      );
    }
  }
  if (only.has('sbom')) rows.push(...(await sbomBench(work, runs, args.keep!, log)));
  if (only.has('deployments')) rows.push(...(await deploymentsBench(runs, args.keep!, log)));
  if (only.has('release-branches')) {
    const results = [];
    for (const c of cycles)
      results.push(
        await releaseBranchScenario({ cycles: c, commitsPerCycle: cycleCommits }, work, runs, log),
      );
    rows.push(...releaseBranchRows(results));
  }
  if (only.has('deploy-harvest'))
    rows.push(...(await deployHarvestBench(work, deployLines, deployReleases, log)));
  if (only.has('changelog')) rows.push(...(await changelogBench(work, changelogMb, log)));
  if (only.has('lookup')) rows.push(...(await lookupBench(work, lookupSize, log)));
} finally {
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}

const command = `npm run bench --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
const caption = `Machine: ${machine()}. Median of ${runs} run(s); ${((Date.now() - started) / 60_000).toFixed(1)} min in all.`;
const table = renderTable(rows);
const legend = [
  'Harvest times are measured inside the harvest process (node start-up excluded); "relative" is the time over `git log --all` printing the same fields, measured in the same run.',
  '"one new tag" adds about one release\'s worth of commits and a tag on the newest, then harvests once. Peak RSS of a harvest is its process and its git children.',
  'Build: `astro build` of a synthetic data folder (scripts/bench/portal.ts) as `waybill build` runs it, without an Astro content cache; peak RSS on the Astro row is the process tree while Astro renders (the build process and the Astro child process), on the pagefind row the whole process tree (node, the Astro child, esbuild, pagefind) over the build.',
];
console.log(`\n${caption}\n\n${table}\n\n${legend.join('\n')}`);
if (args.markdown) {
  writeFileSync(
    args.markdown,
    `# waybill benchmark\n\n\`${command}\`\n\n${caption}\n\n${table}\n\n${legend.map((l) => `- ${l}`).join('\n')}\n`,
  );
  log(`wrote ${args.markdown}`);
}
