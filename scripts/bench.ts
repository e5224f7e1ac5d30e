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

// --- SBOM (issue #4) ---------------------------------------------------------------------------
// A generated CycloneDX 1.6 document of 10,000 components (every fifth nested in another, mixed
// license ids and expressions, purls on all but one in fifty) and a copy one release later: read
// (decode, parse, validate against the official schema, normalize) and diffed against the
// previous one. Reported as CPU seconds per document and as a ratio to JSON.parse of the same
// bytes, both measured here. The schema is compiled once per process, before the timed runs.
// Imported here rather than at the top so this section stays self-contained.
{
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { readSbom } = await import('../src/harvest/sbom.ts');
  const { diffSboms } = await import('../src/core/sbom/index.ts');
  const N = 10_000;
  const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC', 'mit or apache-2.0', '(MIT OR Apache-2.0) AND BSD-2-Clause', 'GPL-2.0-only WITH Classpath-exception-2.0'];

  /** `changed`: the next release: 100 upgrades, 10 downgrades, 20 removals, 20 additions, 40 license changes, a fixed and a new vulnerability. */
  function generateSbom(changed: boolean) {
    type Cdx = Record<string, unknown> & { components?: Cdx[] };
    const top: Cdx[] = [];
    const entry = (i: number, name: string, version: string, license: string): Cdx => ({
      type: 'library', 'bom-ref': `c${i}`, group: `@scope${i % 97}`, name, version,
      ...(i % 50 === 0 ? {} : { purl: `pkg:npm/%40scope${i % 97}/${name}@${version}` }),
      licenses: /\s/.test(license) ? [{ expression: license }] : [{ license: { id: license } }],
      hashes: [{ alg: 'SHA-256', content: (i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(8) }],
      scope: i % 4 === 0 ? 'optional' : 'required',
    });
    for (let i = 0; i < N; i++) {
      if (changed && i % 500 === 7) continue;
      let version = `${1 + (i % 5)}.${i % 13}.${i % 7}`;
      if (changed && i % 100 === 3) version = `${2 + (i % 5)}.0.0`;
      if (changed && i % 1000 === 5) version = `0.${i % 13}.0`;
      const license = changed && i % 250 === 9 ? 'MPL-2.0' : LICENSES[i % LICENSES.length];
      const c = entry(i, `pkg-${i}`, version, license);
      const parent = top[top.length - 1];
      if (i % 10 >= 8 && parent) (parent.components ??= []).push(c);
      else top.push(c);
    }
    if (changed) for (let k = 0; k < 20; k++) top.push(entry(N + k, `added-${k}`, '1.0.0', 'MIT'));
    const vulnerabilities = [];
    for (let i = 1; i < N; i += 200) {
      vulnerabilities.push({ id: `CVE-2026-${10000 + i}`, ratings: [{ severity: 'high' }], affects: [{ ref: `c${i}` }], ...(changed && i === 1 ? { analysis: { state: 'resolved' } } : {}) });
    }
    if (changed) vulnerabilities.push({ id: 'CVE-2026-99999', ratings: [{ severity: 'critical' }], affects: [{ ref: 'c2' }] });
    return {
      bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: `urn:uuid:3e671687-395b-41f5-a30f-a58921a69b7${changed ? 1 : 0}`, version: 1,
      metadata: { timestamp: '2026-11-20T14:03:00Z', component: { type: 'application', name: 'bench-app', version: changed ? '2.0.0' : '1.0.0' } },
      components: top, vulnerabilities,
    };
  }

  const dir = join(work, 'sbom');
  mkdirSync(dir, { recursive: true });
  const previousFile = join(dir, 'bench-1.0.0.cdx.json');
  const currentFile = join(dir, 'bench-2.0.0.cdx.json');
  writeFileSync(previousFile, JSON.stringify(generateSbom(false), null, 2));
  writeFileSync(currentFile, JSON.stringify(generateSbom(true), null, 2));
  const bytes = readFileSync(currentFile);
  try {
    const cpu = (fn: () => unknown | Promise<unknown>) => async () => {
      const start = process.cpuUsage();
      await fn();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1e6;
    };
    const compileStart = process.hrtime.bigint();
    const previous = await readSbom(previousFile, 'bench-1.0.0.cdx.json');
    const firstRead = Number(process.hrtime.bigint() - compileStart) / 1e9;
    if (!previous.ok) throw new Error(`generated SBOM rejected: ${previous.problems.slice(0, 5).map((p) => `${p.pointer}: ${p.message}`).join('; ')}`);

    let diff: ReturnType<typeof diffSboms> | null = null;
    let count = 0;
    const perDocument = cpu(async () => {
      const current = await readSbom(currentFile, 'bench-2.0.0.cdx.json');
      if (!current.ok) throw new Error(`generated SBOM rejected: ${current.problems[0]?.message}`);
      count = current.bom.componentCount;
      diff = diffSboms(previous.bom, current.bom, '1.0.0');
    });
    const parse = cpu(() => JSON.parse(bytes.toString('utf8')));
    const sbomRuns = Math.max(runs, 5);
    const docs: number[] = [];
    const parses: number[] = [];
    for (let i = 0; i < sbomRuns; i++) {
      docs.push(await perDocument());
      parses.push(await parse());
    }
    // Exactness, as for the git scenarios: the count and every kind of change the copy carries.
    const d = diff as ReturnType<typeof diffSboms> | null;
    const got = d && [count, d.upgraded.length, d.downgraded.length, d.removed.length, d.added.length, d.licenseChanged.length, d.vulnerabilitiesFixed.length, d.vulnerabilitiesIntroduced.length].join(' ');
    const want = [N - 20 + 20, 100, 10, 20, 20, 40, 1, 1].join(' ');
    if (got !== want) throw new Error(`SBOM bench: expected count/upgraded/downgraded/removed/added/licenseChanged/fixed/introduced ${want}, got ${got}`);

    const doc = median(docs);
    const parsed = median(parses);
    console.log(`\nSBOM: CycloneDX 1.6, ${N.toLocaleString('en')} components (${(bytes.length / 2 ** 20).toFixed(1)} MiB); median of ${sbomRuns} run(s)\n`);
    const sHead = ['step', 'CPU per document', 'ratio to JSON.parse'];
    const sBody = [
      ['JSON.parse of the same bytes', `${parsed.toFixed(3)} s`, '1.00x'],
      ['read + validate + normalize + diff', `${doc.toFixed(3)} s`, `${(doc / parsed).toFixed(2)}x`],
      ['first read (compiles the 1.6 schema)', `${firstRead.toFixed(3)} s wall`, ''],
    ];
    const sWidths = sHead.map((h, i) => Math.max(h.length, ...sBody.map((b) => b[i].length)));
    const sLine = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(sWidths[i])).join(' | ')} |`;
    console.log([sLine(sHead), `|${sWidths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...sBody.map(sLine)].join('\n'));
    console.log(`\nchecked: ${count} components, diff ${want.split(' ').slice(1).join('/')} (upgraded/downgraded/removed/added/license/fixed/introduced); target: well under 1 s of CPU per document.`);
  } finally {
    if (!args.keep) rmSync(work, { recursive: true, force: true });
  }
}

// --- Deployments (issue #5) ----------------------------------------------------------------------
// 100,000 waybill JSON Lines records (one file per project; 5 projects, 3 environments, 200
// releases each): a deployment is a `started` line and its outcome (success, failed, canceled) or
// its outcome alone; most name a version, some a tag, an abbreviated SHA, or a commit no release
// has. Timed: read (readDeploymentSources: read the files, parse and check every line) plus build
// (buildDeployments: merge, tie to releases, rollbacks, sort), as CPU seconds, and as a ratio to
// JSON.parse of the same lines, both measured here.
{
  const { mkdirSync, writeFileSync, mkdtempSync: mkdtemp } = await import('node:fs');
  const { readDeploymentSources, buildDeployments } = await import('../src/harvest/deployments.ts');
  const N = 100_000;
  const PROJECTS = ['api', 'web', 'sdk', 'worker', 'billing'];
  const ENVIRONMENTS = ['development', 'staging', 'production'];
  const RELEASES_PER_PROJECT = 200;
  const hex = (n: number) => (n * 2654435761 >>> 0).toString(16).padStart(8, '0');
  const commitOf = (p: number, r: number) => `${hex(p * 100_003 + r + 1)}${hex(r + 7)}${hex(p + 11)}${hex(r * 31 + p)}${hex(r + p + 99)}`;
  const releases = PROJECTS.flatMap((project, p) => Array.from({ length: RELEASES_PER_PROJECT }, (_, r) => ({ project, version: `${1 + Math.floor(r / 50)}.${r % 50}.0`, tag: `v${1 + Math.floor(r / 50)}.${r % 50}.0`, commit: commitOf(p, r) })));
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
    const what = orphan ? { sha: `${hex(i)}0ff` } : i % 10 === 3 ? { tag: release.tag } : i % 10 === 5 ? { sha: release.commit.slice(0, 10) } : { version: release.version };
    if (orphan) unknown++;
    const at = start + i * 60_000;
    const outcome = i % 20 === 0 ? 'failed' : i % 97 === 0 ? 'canceled' : 'success';
    const base = { project: PROJECTS[p], environment: env, id: `d-${i}`, actor: `user${i % 13}`, url: `https://ci.example/${i}`, ...what };
    const left = N - lines.reduce((n, l) => n + l.length, 0);
    if (i % 2 === 0 && left >= 2) lines[p].push(JSON.stringify({ at: new Date(at).toISOString(), status: 'started', ...base }));
    lines[p].push(JSON.stringify({ at: new Date(at + 90_000).toISOString(), status: outcome, approvers: env === 'production' ? ['lead'] : [], description: `Deploy ${i}`, data: { pipeline: i }, ...base }));
    deployments++;
  }
  mkdirSync(join(dir, 'deploys'), { recursive: true });
  PROJECTS.forEach((project, p) => writeFileSync(join(dir, 'deploys', `${project}.jsonl`), `${lines[p].join('\n')}\n`));
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
      reads.push(await cpu(async () => {
        const read = await readDeploymentSources(sources, dir);
        raw = read.raw;
        problems = read.problems.length;
      }));
      builds.push(await cpu(() => {
        result = buildDeployments({ raw, releases, environments });
      }));
      parses.push(await cpu(() => {
        for (const l of allLines) JSON.parse(l);
      }));
    }
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
  // Exactness: every line read, every deployment once, unknown versions kept, every line an attempt.
  const attempts = result.reduce((n, d) => n + d.attempts.length, 0);
  const got = [problems, result.length, result.filter((d) => d.version === null).length, attempts].join(' ');
  const want = [0, deployments, unknown, N].join(' ');
  if (got !== want) throw new Error(`deployments bench: expected problems/deployments/unknown versions/attempts ${want}, got ${got}`);
  const rollbacks = result.filter((d) => d.rollback).length;
  if (rollbacks === 0) throw new Error('deployments bench: the generated rollbacks were not detected');

  const read = median(reads);
  const build = median(builds);
  const parsed = median(parses);
  console.log(`\nDeployments: ${N.toLocaleString('en')} waybill JSON Lines records (${(bytes / 2 ** 20).toFixed(1)} MiB, ${deployments.toLocaleString('en')} deployments, ${PROJECTS.length} projects × ${ENVIRONMENTS.length} environments, ${releases.length} releases); median of ${deployRuns} run(s)\n`);
  const dHead = ['step', 'CPU', 'ratio to JSON.parse'];
  const dBody = [
    ['JSON.parse of the same lines', `${parsed.toFixed(3)} s`, '1.00x'],
    ['read (files, parse, check)', `${read.toFixed(3)} s`, `${(read / parsed).toFixed(2)}x`],
    ['build (merge, match, rollbacks, sort)', `${build.toFixed(3)} s`, `${(build / parsed).toFixed(2)}x`],
    ['read + build', `${(read + build).toFixed(3)} s`, `${((read + build) / parsed).toFixed(2)}x`],
  ];
  const dWidths = dHead.map((h, i) => Math.max(h.length, ...dBody.map((b) => b[i].length)));
  const dLine = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(dWidths[i])).join(' | ')} |`;
  console.log([dLine(dHead), `|${dWidths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...dBody.map(dLine)].join('\n'));
  console.log(`\nchecked: ${N.toLocaleString('en')} attempts in ${result.length.toLocaleString('en')} deployments, ${unknown} unknown versions kept, ${rollbacks} rollbacks, no problems; target: a few seconds of CPU.`);
}
