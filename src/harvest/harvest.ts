// `waybill harvest`: reads every project's repository and writes the data folder, in four phases,
// each in its own module: read (src/harvest/read.ts, files-at-tags.ts), plan (plan.ts), assemble
// (assemble.ts: pure) and write (write-project.ts, finish.ts). Incremental (incremental.ts): a
// project whose tags, branch head, settings and overlays are unchanged since the last harvest is
// not read again (only `for-each-ref` and `rev-parse` run for it).
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { BugError, CacheDisagrees, InputErrors, type InputError } from '../errors/index.ts';
import { buildIdentityMap } from '../core/identities.ts';
import { dataPaths } from '../schemas/layout.ts';
import type { Release } from '../schemas/release.ts';
import type { ReleaseRef } from '../schemas/state.ts';
import { assembleProject } from './assemble.ts';
import { confirmRanges } from './confirm.ts';
import { FilesAtTags } from './files-at-tags.ts';
import { finishHarvest, writeShardManifest } from './finish.ts';
import { historyCacheFile } from './history.ts';
import { DEFAULT_LOCK_WAIT_MS, withDataLock } from './lock.ts';
import { readOverlays } from './overlays.ts';
import { pathCacheFile } from './path-history.ts';
import { byRepository, planHarvest, planRepository, settingsCheck } from './plan.ts';
import { readInputs, readOlderCommits, readReleaseSignatures, readRepository } from './read.ts';
import { writeProject } from './write-project.ts';
import type { HarvestInputs, HarvestOptions, Job, ProjectSummary } from './job.ts';

/**
 * Harvests holding the lock on the data folder (src/harvest/lock.ts). When git does not confirm
 * what a cache gave (src/harvest/confirm.ts), the repository's caches are discarded and the
 * harvest runs again from git.
 */
export async function harvest(loaded: LoadedConfig, opts: HarvestOptions): Promise<ProjectSummary[]> {
  const warn = opts.warn ?? opts.log;
  const lock = {
    command: opts.only ? 'harvest --project' : 'harvest',
    waitMs: opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
    log: opts.log,
    warn,
  };
  return withDataLock(opts.dataDir, lock, async () => {
    try {
      return await harvestOnce(loaded, opts);
    } catch (e) {
      if (!(e instanceof CacheDisagrees)) throw e;
      warn(`${e.message}: the cache is discarded and the repository read again from git`);
      const cacheDir = resolve(loaded.dir, loaded.config.cache);
      for (const file of [historyCacheFile(cacheDir, e.repoDir), pathCacheFile(cacheDir, e.repoDir)])
        rmSync(file, { force: true });
      try {
        return await harvestOnce(loaded, opts);
      } catch (again) {
        if (again instanceof CacheDisagrees)
          throw new BugError(`${again.message}, even read without a cache: this is a bug in waybill`);
        throw again;
      }
    }
  });
}

async function harvestOnce(loaded: LoadedConfig, opts: HarvestOptions): Promise<ProjectSummary[]> {
  const { config } = loaded;
  const warn = opts.warn ?? opts.log;
  // Read what the last harvest left and where every repository stands; plan what to read again.
  const inputs = await readInputs(loaded, opts);
  const plan = planHarvest(loaded, inputs, opts.dataDir, warn);
  // The changelog at every tag the last harvest did not write (all of them on a first harvest),
  // whether `path` and the changelog exist at the tags the checks ask about, and `.mailmap`: one
  // cat-file --batch per repository, beside the history reads (src/harvest/files-at-tags.ts).
  const byRepo = byRepository(plan.todo);
  const files = new FilesAtTags(plan.todo);
  for (const [repoDir, repoJobs] of byRepo) files.prefetch(repoDir, repoJobs, inputs.matchers);
  const checkSettings = settingsCheck(plan.todo, files, plan.unmatched);
  // A strict harvest that will fail anyway reads no history: it lists every problem at once.
  if (plan.todo.length === 0 || plan.unmatched.failStrictEarly()) await checkSettings();
  // Then one repository at a time (one history in memory): read its history, plan, assemble and
  // write its projects.
  const run: Run = {
    loaded,
    opts,
    inputs,
    files,
    checkSettings,
    summaries: new Map(plan.unchanged),
    releaseIndex: [...plan.unchangedRefs],
    fresh: new Map(),
    sbomProblems: [],
  };
  for (const [repoDir, repoJobs] of byRepo) await harvestRepository(run, repoDir, repoJobs);
  // A strict harvest fails on any rejected SBOM, listing every problem of every file.
  if (config.strict && run.sbomProblems.length) throw new InputErrors(run.sbomProblems);
  plan.unmatched.addToSummaries(run.summaries);

  // Write what needs every project: a shard's manifest, or deployments, the calendar and the audit.
  const ids = config.projects.map((p) => p.id).filter((id) => inputs.selected.has(id));
  if (opts.only) writeShardManifest(opts.dataDir, ids, opts.now);
  else {
    rmSync(join(opts.dataDir, dataPaths.shard), { force: true });
    await finishHarvest(loaded, {
      ...opts,
      releaseIndex: run.releaseIndex,
      fresh: run.fresh,
      chain: inputs.chain!,
      key: inputs.signingKey,
      written: inputs.written,
    });
  }
  return ids.map((id) => run.summaries.get(id)!);
}

/** One harvest's inputs, and what it has of every project so far: unchanged ones, then each one written. */
interface Run {
  loaded: LoadedConfig;
  opts: HarvestOptions;
  inputs: HarvestInputs;
  files: FilesAtTags;
  /** Waits for every first batch of files, then reports the settings that match nothing. */
  checkSettings: () => Promise<void>;
  summaries: Map<string, ProjectSummary>;
  /** Every release of every project, for deployments and the calendar. */
  releaseIndex: ReleaseRef[];
  /** Releases assembled in this run, by `project/slug`, for their evidence records. */
  fresh: Map<string, Release>;
  sbomProblems: InputError[];
}

/** Reads a repository, plans its projects' releases, assembles and writes them. */
async function harvestRepository(run: Run, repoDir: string, repoJobs: Job[]): Promise<void> {
  const { loaded, opts, inputs, files } = run;
  const warn = opts.warn ?? opts.log;
  const { history, pathFilters } = await readRepository(repoDir, repoJobs, inputs.jobs, inputs.cacheDir, {
    log: opts.log,
    warn,
  });
  const plans = planRepository(repoJobs, history.graph, pathFilters, inputs.matchers, opts.dataDir);
  // A release the chain holds, assembled again with other commits: git must confirm them.
  if (inputs.chain)
    await confirmRanges(
      repoDir,
      opts.dataDir,
      inputs.chain.state,
      plans.map(({ job, plan, kept }) => ({
        project: job.project.id,
        path: job.project.path ?? null,
        releases: plan.releases.filter((r) => !kept?.has(r.slug)),
      })),
    );
  await readOlderCommits(repoDir, history, plans, opts.log);
  await run.checkSettings();
  await files.readForAssembly(repoDir, plans);
  const identities = buildIdentityMap(loaded.config.identities);
  for (const { job, plan, kept } of plans) {
    const overlays = readOverlays(inputs.notesDir, job.project.id);
    for (const s of plan.skipped) opts.log(`${job.project.id}: skipped tag ${s.tag}: ${s.reason}`);
    const assembled = assembleProject(job, plan, kept, {
      commits: history.commits,
      graph: history.graph,
      mailmaps: files.mailmaps,
      bots: loaded.config.bots,
      identities,
      changelogs: files.changelogs(job, plan, kept),
      overlays,
    });
    for (const w of assembled.warnings) opts.log(`${job.project.id}: ${w}`);
    await readReleaseSignatures(job.repoDir, assembled, inputs.keys);
    const { summary, problems, refs } = await writeProject(job, plan, kept, assembled, {
      dataDir: opts.dataDir,
      configDir: loaded.dir,
      strict: loaded.config.strict,
      log: opts.log,
    });
    run.summaries.set(job.project.id, summary);
    run.releaseIndex.push(...refs);
    for (const r of assembled.releases) run.fresh.set(`${r.project}/${r.slug}`, r);
    run.sbomProblems.push(...problems);
  }
}
