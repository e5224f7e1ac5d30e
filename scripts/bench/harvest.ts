// Harvest speed against git's own, on generated repositories, as ratios measured in the same run
// (never absolute timings in tests): a cold harvest (no data folder), a warm one (nothing new),
// and one new tag (a few new commits and a tag on them). Each harvest runs in a child process
// (scripts/bench/harvest-child.ts) so its peak memory is its own. Also checks that the harvest is
// exact: the release count, and for sampled releases `previous` and the commit count against
// `git rev-list --count previous..tag [-- path]`, and that the changelog section reached the notes.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitEnv, writeLargeHistory } from '../../src/demo/git-builder.ts';
import { ReleaseSchema } from '../../src/schemas/release.ts';
import { median, runChild, time } from './measure.ts';

export interface HarvestScenario {
  name: string;
  commits: number;
  tags: number;
  /** 0: one project; else a monorepo of this many path-filtered packages. */
  packages: number;
}

export interface HarvestResult extends HarvestScenario {
  releases: number;
  gitLog: number;
  cold: number;
  warm: number;
  /** Commits under the new tag, and the harvest that picked it up. */
  newTagCommits: number;
  newTag: number;
  /** `git log` of only the new tag's commits, for scale. */
  newTagGitLog: number;
  changedProjects: number;
  /** Commits git listed for the new tag's harvest (the rest came from the cached graph). */
  newTagRead: number;
  peakRss: number;
  warmRss: number;
  checked: number;
}

const CHILD = fileURLToPath(new URL('./harvest-child.ts', import.meta.url));

/** The baseline: git itself reading the same history with the same fields. */
function gitLog(dir: string, env: NodeJS.ProcessEnv, range: string[] = ['--all']) {
  const r = spawnSync(
    'git',
    ['log', ...range, '-z', '--format=%H%x1f%P%x1f%aN%x1f%aE%x1f%aI%x1f%cN%x1f%cE%x1f%cI%x1f%B'],
    { cwd: dir, env, maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0) throw new Error('git log failed');
}

/**
 * `count` commits on top of the current branch, the last one adding a changelog section for
 * `version` (so the harvest's changelog check holds for it too), written with fast-import.
 */
function appendCommits(
  dir: string,
  env: NodeJS.ProcessEnv,
  count: number,
  version: string,
  project: { path?: string; changelog?: string },
  seq: number,
): void {
  const branch = execFileSync('git', ['symbolic-ref', 'HEAD'], { cwd: dir, env }).toString().trim();
  const base = project.path ? `${project.path}/` : '';
  const changelogFile = project.changelog ? `${base}${project.changelog}` : null;
  const old = changelogFile
    ? execFileSync('git', ['show', `${branch}:${changelogFile}`], { cwd: dir, env }).toString()
    : '';
  const epoch = Date.parse('2030-01-01T00:00:00Z') / 1000 + seq * 86_400;
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  let stream = '';
  for (let i = 0; i < count; i++) {
    const who = `Dev New <new${i % 5}@bench.example> ${epoch + i * 60} +0000`;
    stream += `commit ${branch}\nauthor ${who}\ncommitter ${who}\n${data(`feat(new): change ${i} of the new release ${version}\n\nBody of change ${i}.\n`)}`;
    if (i === 0) stream += `from ${branch}^0\n`;
    stream += `M 100644 inline ${base}src/new-${seq}-${i}.ts\n${data(`export const v = ${i};\n`)}`;
    if (i === count - 1 && changelogFile) {
      const section = `## [${version}] - 2030-01-01\n\n### Changed\n\n- Release ${version} of the new commits.\n`;
      const next = old.replace(/\n## /, `\n${section}\n## `);
      stream += `M 100644 inline ${changelogFile}\n${data(next)}`;
    }
    stream += '\n';
  }
  execFileSync('git', ['fast-import', '--quiet', '--force'], { cwd: dir, env, input: stream });
}

export async function harvestScenario(
  s: HarvestScenario,
  work: string,
  runs: number,
  log: (line: string) => void,
): Promise<HarvestResult> {
  const env = gitEnv();
  const dir = join(work, s.name);
  const t0 = Date.now();
  const repo = await writeLargeHistory(dir, {
    commits: s.commits,
    tags: s.tags,
    packages: s.packages,
    mergeEvery: 20,
    worktree: false,
    changelog: true,
  });
  log(
    `${s.name}: generated ${s.commits.toLocaleString('en')} commits, ${s.tags.toLocaleString('en')} tags${s.packages ? `, ${s.packages} packages` : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const configFile = join(work, `${s.name}.config.json`);
  writeFileSync(
    configFile,
    JSON.stringify({
      title: s.name,
      projects: repo.projects.map((p) => ({
        id: p.id,
        name: p.id,
        repo: dir,
        tags: p.tags,
        ...(p.path ? { path: p.path } : {}),
        ...(p.changelog ? { changelog: p.changelog } : {}),
      })),
    }),
  );
  const data = join(work, `${s.name}-data`);

  const gitLogs: number[] = [];
  for (let i = 0; i < runs; i++) gitLogs.push(await time(() => gitLog(dir, env)));
  const gitLogTime = median(gitLogs);
  log(`${s.name}: git log ${gitLogTime.toFixed(2)} s; cold harvest × ${runs}`);
  // Cold: each run its own process, so each peak is a cold harvest's.
  const colds: number[] = [];
  let peakRss = 0;
  for (let i = 0; i < runs; i++) {
    const c = await runChild<{ times: number[] }>(CHILD, [configFile, data, 'cold', '1']);
    colds.push(c.result.times[0]);
    peakRss = Math.max(peakRss, c.peakRss);
  }
  log(`${s.name}: cold ${median(colds).toFixed(2)} s; warm × ${runs}`);
  const warm = await runChild<{ times: number[]; changedProjects: number }>(CHILD, [
    configFile,
    data,
    'warm',
    String(runs),
  ]);
  if (warm.result.changedProjects !== 0)
    throw new Error(
      `${s.name}: a warm harvest with nothing new read ${warm.result.changedProjects} project(s) again`,
    );

  // One new tag per run: new commits (about as many as a release of this history has), a tag on
  // the last, then one harvest. The first project's pattern, so in a monorepo its package.
  const newTagCommits = Math.max(1, Math.round(s.commits / Math.max(1, s.tags)));
  const project = repo.projects[0];
  const newTags: number[] = [];
  const newLogs: number[] = [];
  let changedProjects = 0;
  let newTagRead = 0;
  for (let i = 0; i < runs; i++) {
    const version = `99.0.${i}`;
    appendCommits(dir, env, newTagCommits, version, project, i);
    execFileSync('git', ['tag', project.tags.replace('{version}', version), 'HEAD'], { cwd: dir, env });
    newLogs.push(await time(() => gitLog(dir, env, ['-n', String(newTagCommits), 'HEAD'])));
    const n = await runChild<{ times: number[]; changedProjects: number; read: number }>(CHILD, [
      configFile,
      data,
      'warm',
      '1',
    ]);
    newTags.push(n.result.times[0]);
    changedProjects = n.result.changedProjects;
    newTagRead = n.result.read;
  }
  log(
    `${s.name}: new tag ${median(newTags).toFixed(2)} s (${changedProjects} project(s) read again); checking`,
  );

  // Exactness: every tag is a release; sampled releases agree with git rev-list.
  let releases = 0;
  let checked = 0;
  for (const p of repo.projects) {
    const files = readdirSync(join(data, 'releases', p.id)).sort();
    releases += files.length;
    const sample = files.filter((_, i) => i % Math.max(1, Math.floor(files.length / 8)) === 0).slice(0, 8);
    if (p === project) sample.push(files.at(-1)!);
    for (const f of sample) {
      const r = ReleaseSchema.parse(JSON.parse(readFileSync(join(data, 'releases', p.id, f), 'utf8')));
      const range = r.previousTag ? `${r.previousTag}..${r.tag}` : r.tag;
      const count = Number(
        execFileSync('git', ['rev-list', '--count', range, ...(p.path ? ['--', p.path] : [])], {
          cwd: dir,
          env,
        })
          .toString()
          .trim(),
      );
      if (count !== r.commitCount)
        throw new Error(
          `${p.id} ${r.version}: harvest counted ${r.commitCount} commits, git rev-list ${range} counts ${count}`,
        );
      if (!r.notes.changelog?.includes(`Release ${r.version} of`))
        throw new Error(`${p.id} ${r.version}: its CHANGELOG section did not reach the notes`);
      checked++;
    }
  }
  const expected = repo.tags.length + runs;
  if (releases !== expected)
    throw new Error(`${s.name}: ${releases} releases harvested, ${expected} tags exist`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
  return {
    ...s,
    releases,
    gitLog: gitLogTime,
    cold: median(colds),
    warm: median(warm.result.times),
    newTagCommits,
    newTag: median(newTags),
    newTagGitLog: median(newLogs),
    changedProjects,
    newTagRead,
    peakRss,
    warmRss: warm.peakRss,
    checked,
  };
}
