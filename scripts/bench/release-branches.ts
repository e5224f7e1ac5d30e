// A repository shaped like kubernetes or CPython: every minor is cut to a release branch, its
// finals and patches tagged there while main moves on, patches of the older lines tagged after the
// next minor, merged pull requests on main. Harvested cold at two sizes (the second doubles the
// history and the releases alike), to show that time, data folder and memory grow with the
// history, not with releases x history: a release's previous is the newest lower release before
// it (docs/releases-from-git.md), so each release lists its own cycle's commits, not every commit
// back to the last final release that happens to be its ancestor (on release branches: none).
// Checked against git: every release's commit count is `git rev-list --count previous..tag`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitEnv } from '../../src/demo/git-builder.ts';
import { ReleaseSchema } from '../../src/schemas/release.ts';
import { median, mib, runChild, secs, time } from './measure.ts';
import type { Row } from './table.ts';

export interface ReleaseBranchScenario {
  /** Minor release cycles (1.1, 1.2, …): each one cut to its own branch. */
  cycles: number;
  /** Commits on main per cycle (every 10th a merged pull request of two commits). */
  commitsPerCycle: number;
}

export interface ReleaseBranchResult extends ReleaseBranchScenario {
  commits: number;
  releases: number;
  /** Sum of every release's commitCount: the commits the data folder lists. */
  listed: number;
  gitLog: number;
  cold: number;
  peakRss: number;
  dataBytes: number;
  checked: number;
}

const CHILD = fileURLToPath(new URL('./harvest-child.ts', import.meta.url));
/** Lines that still get patches: the newest three, as kubernetes maintains them. */
const MAINTAINED = 3;

/**
 * Writes the repository with one `git fast-import`: per cycle N, main gets `commitsPerCycle`
 * commits, then release-1.N is cut (v1.(N+1).0-alpha.0 tagged on main), v1.N.0-rc.0 and v1.N.0 are
 * tagged on it, and each maintained older line gets a patch (a cherry-pick and a tag) between
 * main's commits, so those patches come out after the newer minors. Lightweight tags, each
 * dated by its commit; one clock for every branch, a minute a commit.
 */
export function writeReleaseBranchRepo(
  dir: string,
  s: ReleaseBranchScenario,
): { commits: number; tags: number } {
  mkdirSync(dir, { recursive: true });
  const env = gitEnv();
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env });
  let clock = Date.parse('2024-01-01T00:00:00Z') / 1000;
  let mark = 0;
  let commits = 0;
  const tips = new Map<string, number>(); // branch → mark of its tip
  const tags: string[] = [];
  const parts: string[] = [];
  const data = (t: string) => `data ${Buffer.byteLength(t)}\n${t}\n`;
  const commit = (branch: string, message: string, file: string, from?: number, merge?: number) => {
    const m = ++mark;
    commits++;
    clock += 60;
    const who = `Dev ${m % 17} <dev${m % 17}@bench.example> ${clock} +0000`;
    const parent = from ?? tips.get(branch);
    parts.push(
      `commit refs/heads/${branch}\nmark :${m}\nauthor ${who}\ncommitter ${who}\n${data(message)}` +
        (parent ? `from :${parent}\n` : '') +
        (merge ? `merge :${merge}\n` : '') +
        `M 100644 inline ${file}\n${data(`${m}\n`)}\n`,
    );
    tips.set(branch, m);
    return m;
  };
  const tag = (name: string, at: number) => {
    parts.push(`reset refs/tags/${name}\nfrom :${at}\n\n`);
    tags.push(name);
  };
  commit('main', 'Initial import\n', 'README');
  for (let n = 1; n <= s.cycles; n++) {
    for (let i = 0; i < s.commitsPerCycle; i++) {
      if (i % 10 === 9) {
        // A pull request: two commits on a topic branch, merged with GitHub's message.
        const base = tips.get('main')!;
        commit('topic', `pkg/c${i % 7}: prepare change ${n}.${i}\n`, `pkg/c${i % 7}/a.go`, base);
        const side = commit('topic', `pkg/c${i % 7}: change ${n}.${i}\n`, `pkg/c${i % 7}/b.go`);
        commit(
          'main',
          `Merge pull request #${n * 1000 + i} from dev/topic-${n}-${i}\n\nchange ${n}.${i}\n`,
          `pkg/m${i % 5}.go`,
          undefined,
          side,
        );
      } else {
        commit(
          'main',
          `${i % 3 === 0 ? 'feat' : 'fix'}(c${i % 7}): change ${n}.${i}\n`,
          `pkg/c${i % 7}/${i % 13}.go`,
        );
      }
      // Patches of the maintained older lines, between main's commits: tagged after newer minors.
      if (i === Math.floor(s.commitsPerCycle / 2))
        for (let old = Math.max(1, n - MAINTAINED); old < n; old++) {
          const p = commit(
            `release-1.${old}`,
            `[release-1.${old}] fix: cherry-pick of ${n}.${i}\n`,
            `pkg/fix-${old}.go`,
          );
          tag(`v1.${old}.${n - old}`, p);
        }
    }
    const cut = tips.get('main')!;
    tips.set(`release-1.${n}`, cut);
    tag(`v1.${n + 1}.0-alpha.0`, cut);
    tag(
      `v1.${n}.0-rc.0`,
      commit(
        `release-1.${n}`,
        `Update CHANGELOG-1.${n}.md for v1.${n}.0-rc.0\n`,
        `CHANGELOG/CHANGELOG-1.${n}.md`,
      ),
    );
    tag(
      `v1.${n}.0`,
      commit(`release-1.${n}`, `Update CHANGELOG-1.${n}.md for v1.${n}.0\n`, `CHANGELOG/CHANGELOG-1.${n}.md`),
    );
  }
  parts.push(`reset refs/heads/main\nfrom :${tips.get('main')}\n\n`);
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, env, input: parts.join('') });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
  return { commits, tags: tags.length };
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

export async function releaseBranchScenario(
  s: ReleaseBranchScenario,
  work: string,
  runs: number,
  log: (line: string) => void,
): Promise<ReleaseBranchResult> {
  const name = `release-branches-${s.cycles}x${s.commitsPerCycle}`;
  const dir = join(work, name);
  const { commits, tags } = writeReleaseBranchRepo(dir, s);
  log(`${name}: generated ${commits.toLocaleString('en')} commits, ${tags} tags`);
  const configFile = join(work, `${name}.config.json`);
  writeFileSync(configFile, JSON.stringify({ title: name, projects: [{ id: 'k', name: 'k', repo: dir }] }));
  const data = join(work, `${name}-data`);
  const env = gitEnv();
  const gitLogs: number[] = [];
  for (let i = 0; i < runs; i++)
    gitLogs.push(
      await time(() =>
        spawnSync(
          'git',
          ['log', '--all', '-z', '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B'],
          {
            cwd: dir,
            env,
            maxBuffer: 1 << 30,
            stdio: ['ignore', 'ignore', 'inherit'],
          },
        ),
      ),
    );
  const colds: number[] = [];
  let peakRss = 0;
  for (let i = 0; i < runs; i++) {
    const c = await runChild<{ times: number[] }>(CHILD, [configFile, data, 'cold', '1']);
    colds.push(c.result.times[0]);
    peakRss = Math.max(peakRss, c.peakRss);
  }
  // Exact: every release against git rev-list.
  const files = readdirSync(join(data, 'releases', 'k'));
  let listed = 0;
  let checked = 0;
  for (const f of files) {
    const r = ReleaseSchema.parse(JSON.parse(readFileSync(join(data, 'releases', 'k', f), 'utf8')));
    listed += r.commitCount;
    const range = r.previousTag ? `${r.previousTag}..${r.tag}` : r.tag;
    const count = Number(
      execFileSync('git', ['rev-list', '--count', range], { cwd: dir, env }).toString().trim(),
    );
    if (count !== r.commitCount)
      throw new Error(
        `${name} ${r.version}: harvest counted ${r.commitCount} commits, git rev-list ${range} counts ${count}`,
      );
    checked++;
  }
  if (files.length !== tags)
    throw new Error(`${name}: ${files.length} releases harvested, ${tags} tags exist`);
  const dataBytes = folderBytes(data);
  log(
    `${name}: cold ${median(colds).toFixed(2)} s, ${(dataBytes / 2 ** 20).toFixed(1)} MiB, ${listed} commits listed`,
  );
  rmSync(dir, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
  return {
    ...s,
    commits,
    releases: files.length,
    listed,
    gitLog: median(gitLogs),
    cold: median(colds),
    peakRss,
    dataBytes,
    checked,
  };
}

/**
 * The table rows: per size, the cold harvest (and `git log` of the same history as the baseline);
 * then how much each figure grew from the first size to the last, beside how much the history and
 * releases x history grew.
 */
export function releaseBranchRows(results: ReleaseBranchResult[]): Row[] {
  const n = (x: number) => x.toLocaleString('en');
  const rows: Row[] = results.flatMap((r) => [
    {
      scenario: `harvest release branches ${r.cycles}x${r.commitsPerCycle}`,
      size: `${n(r.commits)} commits, ${n(r.releases)} tags on ${r.cycles} release branches`,
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
      relative: `${(r.cold / r.gitLog).toFixed(2)}x git log`,
      peak: mib(r.peakRss),
      note: `data folder ${(r.dataBytes / 2 ** 20).toFixed(1)} MiB; ${n(r.listed)} commits listed over all releases (${(r.listed / r.commits).toFixed(2)} per commit of history); ${r.checked} releases checked against git rev-list`,
    },
  ]);
  const [a, b] = [results[0], results.at(-1)!];
  if (results.length > 1) {
    const x = (v: number) => `${v.toFixed(2)}x`;
    rows.push({
      scenario: '',
      size: `growth ${a.cycles}x${a.commitsPerCycle} → ${b.cycles}x${b.commitsPerCycle}`,
      step: 'history, releases x history',
      time: '',
      relative: `${x(b.commits / a.commits)}, ${x((b.commits * b.releases) / (a.commits * a.releases))}`,
      peak: '',
      note: `cold harvest ${x(b.cold / a.cold)}, data folder ${x(b.dataBytes / a.dataBytes)}, peak RSS ${x(b.peakRss / a.peakRss)}, commits listed ${x(b.listed / a.listed)}`,
    });
  }
  return rows;
}
