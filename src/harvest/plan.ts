// The plan phase of a harvest (src/harvest/harvest.ts): which projects are unchanged since the
// last harvest and are not read again, which settings match nothing (src/harvest/settings-check.ts),
// and per repository the releases of each project with those an incremental harvest keeps as
// written (src/harvest/incremental.ts).
import type { LoadedConfig } from '../config/load.ts';
import { InputErrors, type InputError } from '../errors/index.ts';
import type { CommitGraph } from '../core/graph.ts';
import { planReleases, type ReleasePlan } from '../core/releases.ts';
import type { ReleaseRef } from '../schemas/state.ts';
import { changelogPath, type FilesAtTags } from './files-at-tags.ts';
import type { HarvestInputs, Job, ProjectSummary, TagMatcher } from './job.ts';
import { isUnchanged, keptReleases, markUntrusted, stateRefs, unchangedSummary } from './incremental.ts';
import type { readPathFilters } from './path-history.ts';
import { displayRepo } from './repos.ts';
import { problemsBeforeReading, problemsOfSeen, seenAfter, type Seen } from './settings-check.ts';

interface HarvestPlan {
  /** The projects to read and assemble, in config order. */
  todo: Job[];
  /** The summaries of the projects unchanged since the last harvest, by id. */
  unchanged: Map<string, ProjectSummary>;
  /** The releases of the unchanged projects, from their state, so no release file is read back. */
  unchangedRefs: ReleaseRef[];
  unmatched: UnmatchedSettings;
}

/**
 * Which projects the harvest reads: not those unchanged since the last harvest (their summary and
 * releases come from what it wrote), nor any whose records the audit chain does not vouch for.
 */
export function planHarvest(
  loaded: LoadedConfig,
  inputs: HarvestInputs,
  dataDir: string,
  warn: (line: string) => void,
): HarvestPlan {
  markUntrusted(inputs.jobs, inputs.chain, inputs.written, inputs.signingKey, dataDir, warn);
  const unmatched = new UnmatchedSettings(loaded, inputs.jobs, inputs.matchers, warn);
  const unchanged = new Map<string, ProjectSummary>();
  const unchangedRefs: ReleaseRef[] = [];
  const todo = inputs.jobs.filter((job) => {
    if (!isUnchanged(job, dataDir, warn)) return true;
    unchangedRefs.push(...stateRefs(job.project.id, job.before));
    // Unchanged since the last harvest: where path and changelog were found is in its state.
    if (job.before.seen) unmatched.addSeen(job, job.before.releases.length, job.before.seen);
    unchanged.set(job.project.id, unchangedSummary(job, dataDir));
    return false;
  });
  return { todo, unchanged, unchangedRefs, unmatched };
}

/**
 * Settings that match nothing: warnings, or with "strict" errors listed together, before anything
 * is written (reported once git has answered for path and changelog).
 */
export class UnmatchedSettings {
  private readonly loaded: LoadedConfig;
  private readonly jobs: Job[];
  private readonly warn: (line: string) => void;
  private readonly early: ReturnType<typeof problemsBeforeReading>;
  private readonly byProject: Map<string, InputError[]>;
  private reported = false;

  constructor(
    loaded: LoadedConfig,
    jobs: Job[],
    matchers: Map<string, TagMatcher>,
    warn: (line: string) => void,
  ) {
    this.loaded = loaded;
    this.jobs = jobs;
    this.warn = warn;
    this.early = problemsBeforeReading(
      loaded.config,
      loaded.dir,
      jobs.map((j) => ({
        project: j.project,
        index: j.index,
        repo: displayRepo(j.project.repo),
        allTags: j.allTags,
        tags: j.tags,
        versions: j.tags.map((t) => matchers.get(j.project.id)!(t.name)!),
      })),
    );
    this.byProject = new Map(this.early.byProject);
  }

  add(id: string, found: InputError[]): void {
    if (found.length) this.byProject.set(id, [...(this.byProject.get(id) ?? []), ...found]);
  }

  /** What a project's `path` and changelog were found at, among its `releases` release tags. */
  addSeen(job: Job, releases: number, seen: Seen): void {
    const { project, index } = job;
    this.add(
      project.id,
      problemsOfSeen({ id: project.id, index }, project, changelogPath(project), releases, seen),
    );
  }

  /** A strict harvest that will fail anyway reads no history: it lists every problem at once. */
  failStrictEarly(): boolean {
    return this.loaded.config.strict && (this.byProject.size > 0 || this.early.other.length > 0);
  }

  /** Warns of every one (or with "strict" throws them all), once. */
  report(): void {
    if (this.reported) return;
    this.reported = true;
    // Per project in the order of its settings: tags, path, changelog, sboms.
    const rank = (e: InputError) =>
      ['tags', 'path', 'changelog', 'sboms'].findIndex((k) => e.where?.endsWith(`.${k})`));
    const all = [
      ...this.jobs.flatMap((j) => (this.byProject.get(j.project.id) ?? []).sort((a, b) => rank(a) - rank(b))),
      ...this.early.other,
    ];
    if (this.loaded.config.strict && all.length) throw new InputErrors(all);
    for (const e of all) this.warn(e.format());
  }

  /** Each project's unmatched settings, also among the warnings of its summary. */
  addToSummaries(summaries: Map<string, ProjectSummary>): void {
    for (const [id, problems] of this.byProject)
      summaries.get(id)?.warnings.push(...problems.map((e) => `${e.where}: ${e.message}`));
  }
}

/**
 * Once every repository's first batch of files is in (src/harvest/files-at-tags.ts): where `path`
 * and the changelog were found, and every unmatched setting reported. Runs once, however often
 * it is called.
 */
export function settingsCheck(
  todo: Job[],
  files: FilesAtTags,
  unmatched: UnmatchedSettings,
): () => Promise<void> {
  let checked: Promise<void> | null = null;
  return () =>
    (checked ??= files.prefetched().then(() => {
      for (const job of todo) {
        job.seen = seenAfter(job.project, job.tags, job.check!, files.found.get(job.project.id)!);
        unmatched.addSeen(job, job.tags.filter((t) => t.peeledType === 'commit').length, job.seen);
      }
      unmatched.report();
    }));
}

/** The projects to read, by repository: each repository is read once for all of them. */
export function byRepository(todo: Job[]): Map<string, Job[]> {
  const byRepo = new Map<string, Job[]>();
  for (const job of todo) byRepo.set(job.repoDir, [...(byRepo.get(job.repoDir) ?? []), job]);
  return byRepo;
}

/** A project's releases from its repository's history, and those kept as the last harvest wrote them. */
interface ProjectPlan {
  job: Job;
  plan: ReleasePlan;
  /** Slugs of the releases kept as written, or null to assemble them all (src/harvest/incremental.ts). */
  kept: Set<string> | null;
}

export function planRepository(
  repoJobs: Job[],
  graph: CommitGraph,
  pathFilters: Awaited<ReturnType<typeof readPathFilters>>,
  matchers: Map<string, TagMatcher>,
  dataDir: string,
): ProjectPlan[] {
  const plans = repoJobs.map((job) => ({
    job,
    plan: planReleases({
      projectId: job.project.id,
      tags: job.tags,
      matchTag: matchers.get(job.project.id)!,
      graph,
      head: job.head,
      path: job.project.path ? pathFilters.get(job.project.path)! : null,
    }),
  }));
  // Releases already written and unchanged are kept as they are when only new, higher tags (or
  // the branch head) arrived: the work then follows the new releases, not the history.
  return plans.map(({ job, plan }) => ({
    job,
    plan,
    kept: job.untrusted ? null : keptReleases(job, plan, dataDir),
  }));
}
