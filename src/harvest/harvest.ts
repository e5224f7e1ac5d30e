// `waybill harvest`: reads every project's repository and writes the data folder.
// Incremental: a project whose tags, branch head, settings and overlays are unchanged since the
// last harvest is not read again (only `for-each-ref` and `rev-parse` run for it).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { extname, join, posix, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import type { ProjectConfig } from '../config/schema.ts';
import { assembleNext, assembleReleases, contributorKeys } from '../core/assemble.ts';
import { extractChangelogSection, extractChangelogSectionFromStart } from '../core/changelog.ts';
import type { RawCommit } from '../core/commits.ts';
import type { CommitGraph } from '../core/graph.ts';
import { InputError, InputErrors } from '../core/errors.ts';
import {
  planReleases,
  releaseOrder,
  type PlannedRelease,
  type RawTag,
  type ReleasePlan,
} from '../core/releases.ts';
import { unusedCommitTypes } from '../core/conventions.ts';
import { compileTagPattern } from '../core/tags.ts';
import { DATA_FORMAT, dataPaths } from '../schemas/layout.ts';
import { NextSchema, ProjectSchema, SiteSchema, type Project } from '../schemas/project.ts';
import { ReleaseSchema, type Release } from '../schemas/release.ts';
import { ShardSchema } from '../schemas/shard.ts';
import { archiveSuperseded, existingRecords } from './archive.ts';
import { harvestAudit } from './audit.ts';
import { buildIdentityMap, type IdentityMap } from '../core/identities.ts';
import { CacheDisagrees, confirmRanges } from './confirm.ts';
import { readEvidenceState, type EvidenceState } from './evidence-state.ts';
import { historyCacheFile } from './history.ts';
import { DEFAULT_LOCK_WAIT_MS, withDataLock } from './lock.ts';
import { pathCacheFile } from './path-history.ts';
import { sealJson, unsealJson } from './sealed-json.ts';
import { resolveSigningKey, type SigningKey } from './ssh-keygen.ts';
import { checkKeptRecords, readChain, stateDisagreesWithTags, type ChainRead } from './trust.ts';
import { readSignatures, type SignatureKeys } from './signatures.ts';
import { harvestCalendar } from './calendar.ts';
import { checkProjectRecords } from './data-check.ts';
import { checkFinish, finishStateFile, recordFinish } from './finish-cache.ts';
import { eachBlobAt, readRepoInfo, readTags } from './git.ts';
import { completeCommits, readRepositoryHistory } from './history.ts';
import { readPathFilters } from './path-history.ts';
import { StateSchema, type ReleaseRef, type State } from '../schemas/state.ts';
import { overlayFingerprint, readOverlays } from './overlays.ts';
import { harvestDeployments } from './release-deployments.ts';
import { harvestSboms, sbomFingerprint } from './release-sboms.ts';
import { displayRepo, resolveRepository } from './repos.ts';
import {
  plannedChecks,
  problemsBeforeReading,
  problemsOfSeen,
  seenAfter,
  tagKey,
  type ExistenceCheck,
  type Seen,
} from './settings-check.ts';
import { removeOthers, writeFileAtomic, writeRecord, writeRecords } from './write.ts';

export const GENERATOR = 'waybill 0.1.0';

/**
 * The release rules a data folder was assembled by (docs/releases-from-git.md): a harvest by other
 * rules assembles every release again rather than keep records the rules now read differently.
 * 3: release records carry `contains` and `received` (docs/data-folder.md, "What a release
 * contains"), so the first harvest after it writes them into every record kept so far.
 */
const HARVEST_RULES = 3;

/**
 * A file wanted at a commit: a project's changelog (its section, or only whether it exists), the
 * project's `path` (whether it exists), or the repository's `.mailmap`.
 */
type BlobRequest =
  | {
      kind: 'changelog';
      project: string;
      tag: string;
      version: string;
      rev: string;
      path: string;
      /** Only whether it exists (`path`, or the changelog at a tag whose section is not needed). */
      exists?: 'path' | 'changelog';
      key: string;
    }
  | { kind: 'mailmap'; rev: string; path: string };

const mailmapRequest = (rev: string): BlobRequest => ({ kind: 'mailmap', rev, path: '.mailmap' });

export interface HarvestOptions {
  /** "Now": SOURCE_DATE_EPOCH when set, else the clock; passed in, never read here. */
  now: Date;
  /** Absolute data folder. */
  dataDir: string;
  log: (line: string) => void;
  /**
   * Harvest only these projects into a shard (`harvest --project`): their releases, SBOMs and
   * state, plus `shard.json`; no deployments, calendar, evidence or audit chain, which
   * `waybill merge` adds once every shard is in.
   */
  only?: string[];
  /**
   * Warnings, one call each (a setting that matches nothing when not strict, a cache or state that
   * does not check, a stale lock); default: `log`.
   */
  warn?: (line: string) => void;
  /** How long to wait for another harvest holding the data folder (default: 10 minutes). */
  lockWaitMs?: number;
  /** The audit signing key named by the environment (WAYBILL_AUDIT_SIGNING_KEY), absolute; it wins over `audit.signingKey`. */
  signingKey?: string | null;
}

export interface ProjectSummary {
  id: string;
  releases: number;
  /** Releases written or changed by this harvest. */
  changed: number;
  /** Releases that the last harvest into this data folder did not have. */
  added: number;
  /** Tags skipped and SBOMs rejected, one line each. */
  warnings: string[];
  unreleased: number;
  skippedTags: number;
  /** Releases with an accepted SBOM (0 when unchanged and not read again). */
  sboms: number;
  /** True when the project was unchanged and not read again. */
  unchanged: boolean;
}

/**
 * The state file, or null when it is missing or does not check (then the project is read again
 * from git): it carries its own digest (src/harvest/sealed-json.ts), and `onInvalid` hears why one
 * that exists does not check.
 */
export function readState(file: string, onInvalid: (why: string) => void = () => {}): State | null {
  if (!existsSync(file)) return null;
  const unsealed = unsealJson(readFileSync(file, 'utf8'));
  if (!unsealed.ok) {
    onInvalid(unsealed.why);
    return null;
  }
  const parsed = StateSchema.safeParse(unsealed.value);
  if (!parsed.success) onInvalid('it is not the state this waybill writes');
  return parsed.success ? parsed.data : null;
}

/** What deployments, the calendar and the audit need of a project's releases, from its state. */
export function stateRefs(project: string, state: State): ReleaseRef[] {
  return state.releases.map(({ previous: _, ...r }) => ({ project, ...r }));
}

interface Job {
  project: ProjectConfig;
  index: number;
  repoDir: string;
  head: string | null;
  tags: RawTag[];
  /** Every tag of the repository, for the closest ones when the pattern matches none. */
  allTags: RawTag[];
  fingerprint: string;
  settings: string;
  sboms: string[];
  overlays: string[];
  /** What the last harvest into this data folder wrote of the project, or null. */
  before: State | null;
  /** What to ask git about `path` and the changelog at the tags (settings-check.ts), and then where they were found. */
  check?: ExistenceCheck;
  seen?: Seen;
  /** The records the last harvest wrote do not check against the audit chain: assemble them all again. */
  untrusted?: boolean;
}

const sha256Json = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

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
          throw new Error(`${again.message}, even read without a cache: this is a bug in waybill`);
        throw again;
      }
    }
  });
}

async function harvestOnce(loaded: LoadedConfig, opts: HarvestOptions): Promise<ProjectSummary[]> {
  const { config, dir: configDir } = loaded;
  const warn = opts.warn ?? opts.log;
  assertDataFormat(opts.dataDir);
  const selected = selectProjects(
    config.projects.map((p) => p.id),
    opts.only,
  );
  const garbled = checkProjectRecords(opts.dataDir, [...selected]);
  if (garbled.length) throw new InputErrors(garbled);
  // The audit chain and the signing key are checked before anything is written (a shard has neither).
  const chain = opts.only ? null : readChain(opts.dataDir);
  const written = chain ? readEvidenceState(opts.dataDir, warn) : {};
  const signingKey = opts.only
    ? null
    : await resolveSigningKey(config.audit.signingKey, configDir, opts.signingKey);
  const notesDir = resolve(configDir, config.notes);
  const cacheDir = resolve(configDir, config.cache);
  const matchers = new Map(config.projects.map((p) => [p.id, compileTagPattern(p.tags)]));
  const keys = signatureKeys(config, configDir);
  const keyFingerprint = Object.entries(keys).map(
    ([k, file]) =>
      `${k}:${existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : '-'}`,
  );

  // 1. Where each repository is, and its tags: once per repository, shared by its projects.
  const repoDirs = new Map<string, Promise<string>>();
  const tagsOf = new Map<string, Promise<RawTag[]>>();
  const infoOf = new Map<string, ReturnType<typeof readRepoInfo>>();
  const jobs: Job[] = [];
  for (const [index, project] of config.projects.entries()) {
    if (!selected.has(project.id)) continue;
    const key = project.repo;
    if (!repoDirs.has(key))
      repoDirs.set(
        key,
        resolveRepository({
          projectId: project.id,
          index,
          repo: project.repo,
          configDir,
          cacheDir,
          log: opts.log,
        }),
      );
    const repoDir = await repoDirs.get(key)!;
    if (!tagsOf.has(repoDir)) tagsOf.set(repoDir, readTags(repoDir));
    const infoKey = `${repoDir}\0${project.branch ?? ''}`;
    if (!infoOf.has(infoKey)) infoOf.set(infoKey, readRepoInfo(repoDir, project.branch));
    const [info, allTags] = await Promise.all([
      infoOf.get(infoKey)!.catch(() => {
        throw new InputError(`branch "${project.branch}" does not exist in ${repoDir}`, {
          where: `project "${project.id}" (projects[${index}].branch)`,
          fix: 'name an existing branch, or remove "branch" to use the repository\'s HEAD',
        });
      }),
      tagsOf.get(repoDir)!,
    ]);
    if (info.shallow) {
      throw new InputError(
        `${repoDir} is a shallow clone: its tags and history are incomplete, so releases and their commits would be wrong`,
        {
          where: `project "${project.id}" (projects[${index}].repo)`,
          fix: 'fetch the whole history first: `git fetch --unshallow --tags` (in CI: actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 on GitLab)',
        },
      );
    }
    const match = matchers.get(project.id)!;
    const tags = allTags.filter((t) => match(t.name) !== null);
    // New or changed signing keys change what a signature's status is: verify again.
    const settings = sha256Json({
      format: DATA_FORMAT,
      generator: GENERATOR,
      rules: HARVEST_RULES,
      project,
      bots: config.bots,
      // Left out when empty, so a config without them keeps the fingerprint it had before.
      ...(config.identities.length ? { identities: config.identities } : {}),
      keys: keyFingerprint,
    });
    const sboms = sbomFingerprint(
      project,
      configDir,
      tags.map((t) => match(t.name)!),
    );
    const overlays = overlayFingerprint(notesDir, project.id);
    const fingerprint = sha256Json({
      settings,
      head: info.head,
      tags: tags.map((t) => [t.name, t.object]),
      overlays,
      sboms,
    });
    jobs.push({
      project,
      index,
      repoDir,
      head: info.head,
      tags,
      allTags,
      fingerprint,
      settings,
      sboms,
      overlays,
      before: readState(join(opts.dataDir, dataPaths.state(project.id)), (why) =>
        warn(`${dataPaths.state(project.id)} does not check (${why}): the project is read again from git`),
      ),
    });
  }
  // Records the last harvest wrote are kept only when they are what the chain covers (up to its
  // last signed head: what came after was appended without the key).
  const signedTo = chain?.heads.at(-1)?.seq;
  if (chain && signedTo !== undefined && signedTo < chain.events.length)
    warn(
      `${dataPaths.audit}: ${signedTo + 1 === chain.events.length ? `line ${signedTo + 1} comes` : `lines ${signedTo + 1}–${chain.events.length} come`} after its last signed head (line ${signedTo}): what ${signedTo + 1 === chain.events.length ? 'it records' : 'they record'} is read again from git${signingKey ? ' before this harvest signs a head over it' : ''}`,
    );
  for (const job of chain ? jobs : []) {
    if (!job.before) continue;
    const problems = checkKeptRecords(
      opts.dataDir,
      job.project.id,
      job.before.releases,
      chain!.anchored,
      written,
    );
    if (problems.length === 0) continue;
    job.untrusted = true;
    warn(
      `${job.project.id}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}: its releases are read again from git`,
    );
  }

  // Settings that match nothing: warnings, or with "strict" errors listed together, before
  // anything is written (report, below, once git has answered for path and changelog).
  const early = problemsBeforeReading(
    config,
    configDir,
    jobs.map((j) => ({
      project: j.project,
      index: j.index,
      repo: displayRepo(j.project.repo),
      allTags: j.allTags,
      tags: j.tags,
      versions: j.tags.map((t) => matchers.get(j.project.id)!(t.name)!),
    })),
  );
  const unmatched = new Map(early.byProject);
  const addUnmatched = (id: string, found: InputError[]) => {
    if (found.length) unmatched.set(id, [...(unmatched.get(id) ?? []), ...found]);
  };
  let reported = false;
  const report = () => {
    if (reported) return;
    reported = true;
    // Per project in the order of its settings: tags, path, changelog, sboms.
    const rank = (e: InputError) =>
      ['tags', 'path', 'changelog', 'sboms'].findIndex((k) => e.where?.endsWith(`.${k})`));
    const all = [
      ...jobs.flatMap((j) => (unmatched.get(j.project.id) ?? []).sort((a, b) => rank(a) - rank(b))),
      ...early.other,
    ];
    if (config.strict && all.length) throw new InputErrors(all);
    for (const e of all) (opts.warn ?? opts.log)(e.format());
  };

  // 2. Skip what has not changed since the last harvest.
  const summaries = new Map<string, ProjectSummary>();
  // Every release of every project, for deployments and the calendar: from the state of skipped
  // projects and from what was just assembled, so no release file is read back.
  const releaseIndex: ReleaseRef[] = [];
  // Releases assembled in this run, by `project/slug`, for their evidence records.
  const fresh = new Map<string, Release>();
  const todo = jobs.filter((job) => {
    const { before } = job;
    const projectFile = join(opts.dataDir, dataPaths.project(job.project.id));
    // Skip only when nothing changed in the sources and every file the last harvest wrote is there.
    const intact = () =>
      existsSync(projectFile) &&
      before!.releases.every((r) =>
        existsSync(join(opts.dataDir, dataPaths.release(job.project.id, r.slug))),
      );
    // The state stands in for git only here: its releases must be the repository's tags as git
    // lists them now (a state edited to move or drop a tag must not become a `tag.moved` or
    // `tag.deleted` event).
    const disagrees =
      before?.fingerprint === job.fingerprint ? stateDisagreesWithTags(before.releases, job.tags) : null;
    if (disagrees) {
      job.untrusted = true;
      warn(
        `${dataPaths.state(job.project.id)} does not agree with the repository (${disagrees}): the project is read again from git`,
      );
    }
    if (!job.untrusted && before?.fingerprint === job.fingerprint && intact()) {
      releaseIndex.push(...stateRefs(job.project.id, before));
      // Unchanged since the last harvest: where path and changelog were found is in its state.
      if (before.seen)
        addUnmatched(
          job.project.id,
          problemsOfSeen(
            { id: job.project.id, index: job.index },
            job.project,
            changelogPath(job.project),
            before.releases.length,
            before.seen,
          ),
        );
      const p = ProjectSchema.parse(JSON.parse(readFileSync(projectFile, 'utf8')));
      const nextFile = join(opts.dataDir, dataPaths.next(job.project.id));
      const unreleased = existsSync(nextFile)
        ? NextSchema.parse(JSON.parse(readFileSync(nextFile, 'utf8'))).commitCount
        : 0;
      summaries.set(job.project.id, {
        id: job.project.id,
        releases: p.releaseCount,
        changed: 0,
        added: 0,
        warnings: [
          ...p.skipped.map((t) => `skipped tag ${t.tag}: ${t.reason}`),
          ...commitTypeWarnings(before.unusedCommitTypes, job.index),
        ],
        unreleased,
        skippedTags: p.skipped.length,
        sboms: 0,
        unchanged: true,
      });
      return false;
    }
    return true;
  });

  // 3. Read each repository that has work once: history from every wanted tip, then files at tags.
  const byRepo = new Map<string, Job[]>();
  const sbomProblems: InputError[] = [];
  for (const job of todo) byRepo.set(job.repoDir, [...(byRepo.get(job.repoDir) ?? []), job]);
  // The changelog at every tag the last harvest did not write (all of them on a first harvest)
  // is read while git reads the history: one cat-file --batch beside one git log. Each file's
  // section is taken as it arrives and the file dropped (5,000 tags of a growing changelog are
  // gigabytes together). The same batch answers whether `path` and the changelog exist at the
  // tags the checks ask about (settings-check.ts). The batches of all repositories run one after
  // the other, beside the history reads, so every answer is in before anything is written.
  const sections = new Map<string, string | null>();
  // The `.mailmap` text at each commit asked about (src/core/people.ts reads it), null where there is none.
  const mailmaps = new Map<string, string | null>();
  const found = new Map<string, Set<string>>(todo.map((j) => [j.project.id, new Set<string>()]));
  const readSections = (repoDir: string, all: BlobRequest[]) => {
    const asked = new Set<string>();
    const reqs = all.filter((r) => {
      if (r.kind === 'changelog') return true;
      if (mailmaps.has(r.rev) || asked.has(r.rev)) return false;
      asked.add(r.rev);
      return true;
    });
    return eachBlobAt(repoDir, reqs, (i, blob, type) => {
      const r = reqs[i]!;
      if (r.kind === 'mailmap') {
        mailmaps.set(r.rev, blob === null ? null : blob.toString('utf8'));
        return;
      }
      if (r.exists === 'path' ? type !== null : type === 'blob')
        found.get(r.project)!.add(`${r.exists ?? 'changelog'}\0${r.key}`);
      if (!r.exists)
        sections.set(`${r.project}\0${r.tag}`, blob === null ? null : changelogSection(blob, r.version));
    });
  };
  const batches = new Map<string, { requests: BlobRequest[]; read: Promise<void> }>();
  let previousBatch: Promise<unknown> = Promise.resolve();
  for (const [repoDir, repoJobs] of byRepo) {
    const requests = repoJobs.flatMap((job): BlobRequest[] => {
      const file = changelogPath(job.project);
      const done = new Set((job.before?.releases ?? []).map((r) => `${r.tag}\0${r.commit}`));
      const match = matchers.get(job.project.id)!;
      job.check = plannedChecks(job.project, job.tags, done, job.before, job.settings);
      const request = (t: RawTag, path: string, exists?: 'path' | 'changelog'): BlobRequest => ({
        kind: 'changelog',
        project: job.project.id,
        tag: t.name,
        version: match(t.name)!,
        rev: t.peeled,
        path,
        exists,
        key: tagKey(t),
      });
      return [
        ...(file
          ? job.tags
              .filter((t) => t.peeledType === 'commit' && !done.has(tagKey(t)))
              .map((t) => request(t, file))
          : []),
        // With other settings than last time every release is assembled again, so the changelog
        // at the earlier tags is read whole here, not asked about and then read a second time.
        ...(file
          ? job.check.ask.changelog.map((t) =>
              request(t, file, job.before?.settings === job.settings ? 'changelog' : undefined),
            )
          : []),
        ...job.check.ask.path.map((t) => request(t, job.project.path!, 'path')),
        // The `.mailmap` at the same tags and at the branch head.
        ...[
          ...job.tags.filter((t) => t.peeledType === 'commit' && !done.has(tagKey(t))).map((t) => t.peeled),
          ...(job.head ? [job.head] : []),
        ].map(mailmapRequest),
      ];
    });
    const read = previousBatch.then(() => readSections(repoDir, requests));
    read.catch(() => {}); // awaited below; until then a failure must not count as unhandled
    previousBatch = read.catch(() => {});
    batches.set(repoDir, { requests, read });
  }
  /** Once every batch is in: where path and changelog were found, and every unmatched setting reported. */
  let checked: Promise<void> | null = null;
  const checkSettings = () =>
    (checked ??= Promise.all([...batches.values()].map((b) => b.read)).then(() => {
      for (const job of todo) {
        job.seen = seenAfter(job.project, job.tags, job.check!, found.get(job.project.id)!);
        addUnmatched(
          job.project.id,
          problemsOfSeen(
            { id: job.project.id, index: job.index },
            job.project,
            changelogPath(job.project),
            job.tags.filter((t) => t.peeledType === 'commit').length,
            job.seen,
          ),
        );
      }
      report();
    }));
  // A strict harvest that will fail anyway reads no history: it lists every problem at once.
  if (todo.length === 0 || (config.strict && (unmatched.size > 0 || early.other.length > 0)))
    await checkSettings();

  for (const [repoDir, repoJobs] of byRepo) {
    // Every project of the repository brings its tips, also those skipped as unchanged: the
    // graph cached for the next harvest then holds their history too (else a project that changes
    // on alternate harvests would have its history read again each time).
    const tips = jobs
      .filter((j) => j.repoDir === repoDir)
      .flatMap((j) => [
        ...j.tags.filter((t) => t.peeledType === 'commit').map((t) => t.peeled),
        ...(j.head ? [j.head] : []),
      ]);
    opts.log(`reading ${repoDir} (${repoJobs.map((j) => j.project.id).join(', ')})`);
    const { requests } = batches.get(repoDir)!;
    // When every project here may keep what the last harvest wrote (its settings unchanged), the
    // cached graph serves and git reads only the commits since; messages of older commits are read
    // below only if a release to assemble reaches them.
    const useCache = repoJobs.every((j) => j.before !== null && j.before.settings === j.settings);
    const history = await readRepositoryHistory(repoDir, tips, { cacheDir, useCache, warn });
    const { graph, commits } = history;
    opts.log(
      `${repoDir}: ${history.read.toLocaleString('en')} commit${history.read === 1 ? '' : 's'} read${history.incremental ? ` (${(graph.hashes.length - history.read).toLocaleString('en')} more from the cache of the last harvest)` : ''}`,
    );
    const pathFilters = await readPathFilters(
      repoDir,
      tips,
      graph,
      repoJobs.flatMap((j) => (j.project.path ? [j.project.path] : [])),
      cacheDir,
      warn,
    );
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
    const kept = new Map(
      plans.map(({ job, plan }) => [job, job.untrusted ? null : keptReleases(job, plan, opts.dataDir)]),
    );
    // A release the chain holds, assembled again with other commits: git must confirm them.
    if (chain)
      await confirmRanges(
        repoDir,
        opts.dataDir,
        chain.state,
        plans.map(({ job, plan }) => ({
          project: job.project.id,
          path: job.project.path ?? null,
          releases: plan.releases.filter((r) => !kept.get(job)?.has(r.slug)),
        })),
      );
    if (history.incremental) {
      const older = await completeCommits(
        repoDir,
        commits,
        plans.flatMap(({ job, plan }) => [
          ...plan.releases
            .filter((r) => !kept.get(job)?.has(r.slug))
            .flatMap((r) => [...r.commits, ...r.merges, r.tag.peeled]),
          ...(plan.next?.commits ?? []),
          ...(plan.next?.merges ?? []),
        ]),
      );
      if (older)
        opts.log(
          `${repoDir}: ${older.toLocaleString('en')} older commit${older === 1 ? '' : 's'} read for releases assembled again`,
        );
    }
    // A harvest that assembles releases it wrote before (settings changed, a lower tag arrived)
    // reads their changelogs and `.mailmap` files too, in a second cat-file.
    const prefetched = new Set(
      requests.flatMap((r) => (r.kind === 'changelog' && !r.exists ? [`${r.project}\0${r.tag}`] : [])),
    );
    await checkSettings();
    await readSections(
      repoDir,
      plans.flatMap(({ job, plan }) => {
        const file = changelogPath(job.project);
        const keep = kept.get(job);
        const again = plan.releases.filter((r) => !keep?.has(r.slug));
        return [
          ...(file
            ? again
                .filter((r) => !prefetched.has(`${job.project.id}\0${r.tag.name}`))
                .map((r): BlobRequest => ({
                  kind: 'changelog',
                  project: job.project.id,
                  tag: r.tag.name,
                  version: r.version,
                  rev: r.tag.peeled,
                  path: file,
                  key: tagKey(r.tag),
                }))
            : []),
          ...again.map((r) => mailmapRequest(r.tag.peeled)),
        ];
      }),
    );
    const identityMap = buildIdentityMap(config.identities);
    for (const { job, plan } of plans) {
      // Changelog sections of the releases to assemble (a kept release's is in its record already).
      const keep = kept.get(job);
      const changelogs = new Map(
        plan.releases
          .filter((r) => !keep?.has(r.slug) && sections.has(`${job.project.id}\0${r.tag.name}`))
          .map((r) => [r.tag.name, sections.get(`${job.project.id}\0${r.tag.name}`)!]),
      );
      const { summary, problems, refs, releases } = await writeProject(job, plan, {
        commits,
        graph,
        mailmaps,
        bots: config.bots,
        identities: identityMap,
        changelogs,
        notesDir,
        configDir,
        strict: config.strict,
        dataDir: opts.dataDir,
        log: opts.log,
        signatures: keys,
        kept: kept.get(job)!,
      });
      summaries.set(job.project.id, summary);
      releaseIndex.push(...refs);
      for (const r of releases) fresh.set(`${r.project}/${r.slug}`, r);
      sbomProblems.push(...problems);
    }
  }
  // A strict harvest fails on any rejected SBOM, listing every problem of every file.
  if (config.strict && sbomProblems.length) throw new InputErrors(sbomProblems);
  for (const [id, problems] of unmatched)
    summaries.get(id)?.warnings.push(...problems.map((e) => `${e.where}: ${e.message}`));

  const ids = config.projects.map((p) => p.id).filter((id) => selected.has(id));
  if (opts.only) {
    writeRecord(opts.dataDir, dataPaths.shard, ShardSchema, {
      format: DATA_FORMAT,
      generator: GENERATOR,
      projects: ids,
      harvestedAt: opts.now.toISOString(),
    });
    return ids.map((id) => summaries.get(id)!);
  }
  rmSync(join(opts.dataDir, dataPaths.shard), { force: true });
  await finishHarvest(loaded, { ...opts, releaseIndex, fresh, chain: chain!, key: signingKey, written });
  return ids.map((id) => summaries.get(id)!);
}

/**
 * What needs every project's releases: deployments, the calendar, evidence records and the audit
 * chain, site.json, and removing what unconfigured projects left. The end of `harvest`, and of
 * `merge` once the shards' projects are in place.
 */
export async function finishHarvest(
  loaded: LoadedConfig,
  opts: HarvestOptions & {
    releaseIndex: ReleaseRef[];
    fresh: Map<string, Release>;
    /** The chain and `.state/evidence.json` as read before anything was written. */
    chain: ChainRead;
    written: EvidenceState;
    key: SigningKey | null;
  },
): Promise<void> {
  const { config, dir: configDir } = loaded;
  // In config order, whichever order the projects were read in (one run or merged shards).
  const order = new Map(config.projects.map((p, i) => [p.id, i]));
  const releaseIndex = [...opts.releaseIndex].sort((a, b) => order.get(a.project)! - order.get(b.project)!);
  const ids = config.projects.map((p) => p.id);
  // Deployments, then evidence records and the audit chain, unless nothing they read changed
  // since the last harvest and what they wrote is as they left it (src/harvest/finish-cache.ts).
  const stateFile = finishStateFile(resolve(configDir, config.cache), opts.dataDir);
  const check = checkFinish({
    config,
    configDir,
    dataDir: opts.dataDir,
    stateFile,
    releases: releaseIndex,
    fresh: opts.fresh.size,
    generator: GENERATOR,
  });
  const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;
  if (check.unchanged) {
    const { deployments, problems } = check.unchanged;
    // A log file restored with a new time but the same bytes: remember the time, not to read it again.
    if (check.next.logs.some((l, i) => l.mtimeMs !== check.unchanged!.logs[i]!.mtimeMs))
      recordFinish(opts.dataDir, stateFile, check.next, { deployments, problems });
    opts.log(
      `deployments and audit: unchanged since the last harvest${config.deployments.length ? ` (${records(deployments)}${problems ? `, ${problems} skipped` : ''})` : ''}`,
    );
  } else {
    // Deployments name releases of any project, so they are read once every release is written.
    const deployed = await harvestDeployments(config, configDir, opts.dataDir, releaseIndex);
    if (config.deployments.length)
      opts.log(
        `deployments: ${records(deployed.deployments.length)}${deployed.problems ? `, ${deployed.problems} skipped (see the environments page)` : ''}`,
      );
    // Evidence records and the audit chain last: they cover releases, SBOMs and deployments.
    const audit = await harvestAudit({
      dataDir: opts.dataDir,
      now: opts.now,
      releases: releaseIndex,
      fresh: opts.fresh,
      deployments: deployed.deployments,
      projects: ids,
      identities: config.identities,
      chain: opts.chain,
      evidenceState: opts.written,
      signingKey: opts.key,
      warn: opts.warn ?? opts.log,
    });
    opts.log(
      `audit: ${audit.appended} new event${audit.appended === 1 ? '' : 's'}${audit.findings ? `, ${audit.findings} control finding${audit.findings === 1 ? '' : 's'}` : ''}${audit.head ? `; head: line ${audit.head.seq}, ${audit.head.hash}${audit.head.signed ? ` (signed${opts.key ? ` by ${opts.key.fingerprint}` : ''})` : ''}` : ''}`,
    );
    recordFinish(opts.dataDir, stateFile, check.next, {
      deployments: deployed.deployments.length,
      problems: deployed.problems,
    });
  }
  // Freezes, planned and group releases for the calendar: `shipped` and `released` need every release.
  harvestCalendar(config, configDir, opts.dataDir, opts.now, releaseIndex);

  // The portal as a whole, and nothing left of projects that are no longer configured.
  writeRecord(opts.dataDir, dataPaths.site, SiteSchema, {
    format: DATA_FORMAT,
    generator: GENERATOR,
    title: config.title,
    site: config.site ?? null,
    accent: config.accent ?? null,
    logo: copyLogo(config.logo, configDir, opts.dataDir),
    timezone: config.timezone,
    harvestedAt: opts.now.toISOString(),
    projects: ids,
    ...(config.identities.length ? { identities: config.identities } : {}),
  });
  removeOthers(join(opts.dataDir, 'projects'), new Set(ids.map((id) => `${id}.json`)));
  removeOthers(join(opts.dataDir, 'next'), new Set(ids.map((id) => `${id}.json`)));
  removeOthers(join(opts.dataDir, 'releases'), new Set(ids));
  removeOthers(join(opts.dataDir, 'sboms'), new Set(ids));
  removeOthers(join(opts.dataDir, '.state'), new Set([...ids.map((id) => `${id}.json`), 'evidence.json']));
}

/** The warning for each `commitTypes` key that matches no commit. */
function commitTypeWarnings(unused: readonly string[], index: number): string[] {
  return unused.map(
    (k) =>
      `commitTypes "${k}" matches no commit of the project's releases or unreleased commits (projects[${index}].commitTypes): check its spelling, as written before ": " in the commit subjects`,
  );
}

/** The ids `--project` names, every one checked; all projects without it. */
function selectProjects(ids: string[], only: string[] | undefined): Set<string> {
  if (!only) return new Set(ids);
  for (const id of only) {
    if (!ids.includes(id))
      throw new InputError(`--project ${id}: no project has that id`, {
        where: '--project',
        fix: `use one of: ${ids.join(', ')}`,
      });
  }
  return new Set(only);
}

/** The config's signature keys as absolute paths (readSignatures checks that they exist). */
function signatureKeys(config: LoadedConfig['config'], configDir: string): SignatureKeys {
  const { gpgKeyring, allowedSigners } = config.signatures;
  return {
    ...(gpgKeyring ? { gpgKeyring: resolve(configDir, gpgKeyring) } : {}),
    ...(allowedSigners ? { allowedSigners: resolve(configDir, allowedSigners) } : {}),
  };
}

/** A data folder written by a newer waybill is refused, naming its version, before anything is written. */
export function assertDataFormat(dataDir: string): void {
  for (const rel of [dataPaths.site, dataPaths.shard]) {
    const file = join(dataDir, rel);
    if (!existsSync(file)) continue;
    let found: { format?: unknown; generator?: unknown } | null = null;
    try {
      found = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue; // rewritten by this harvest
    }
    if (typeof found?.format === 'number' && found.format > DATA_FORMAT) {
      throw new InputError(
        `the data folder was written by ${typeof found.generator === 'string' ? found.generator : 'a newer waybill'} (data format ${found.format}); this is ${GENERATOR}, which reads format ${DATA_FORMAT} and older`,
        {
          where: file,
          fix: 'upgrade waybill to the version that wrote it, or harvest into an empty data folder with --data',
        },
      );
    }
  }
}

/**
 * The config's `logo`: an https URL stays as it is; a file (relative to the config) is copied into
 * the data folder's assets/, so the site build, which reads only the data folder, can serve it.
 */
function copyLogo(logo: string | undefined, configDir: string, dataDir: string): string | null {
  removeOthers(
    join(dataDir, 'assets'),
    new Set(logo && !/^https:\/\//.test(logo) ? [`logo${extname(logo).toLowerCase()}`] : []),
  );
  if (!logo) return null;
  if (/^https:\/\//.test(logo)) return logo;
  const file = resolve(configDir, logo);
  const ext = extname(file).toLowerCase();
  if (!['.svg', '.png', '.jpg', '.jpeg', '.webp', '.gif'].includes(ext)) {
    throw new InputError(`the logo "${logo}" is not an image file`, {
      where: 'logo',
      fix: 'use an .svg, .png, .jpg, .webp or .gif file, or an https URL',
    });
  }
  if (!existsSync(file))
    throw new InputError(`the logo file ${file} does not exist`, {
      where: 'logo',
      fix: 'give a path relative to the config file, or an https URL',
    });
  const rel = `assets/logo${ext}`;
  writeFileAtomic(join(dataDir, rel), readFileSync(file));
  return rel;
}

/**
 * A release's section of the changelog as it read at its tag. A changelog holds every release, so
 * decoding all of it at every tag is quadratic in the history; its first 64 KiB usually hold the
 * newest sections, and the whole file is decoded only when they do not settle it.
 */
function changelogSection(blob: Buffer, version: string): string | null {
  const HEAD = 64 * 1024;
  if (blob.length > HEAD) {
    // Cut at a line end, so no character is split and no line is read in half.
    const cut = blob.lastIndexOf(0x0a, HEAD);
    if (cut > 0) {
      const found = extractChangelogSectionFromStart(blob.toString('utf8', 0, cut + 1), version, false);
      if (found !== undefined) return found;
    }
  }
  return extractChangelogSection(blob.toString('utf8'), version);
}

/** The changelog's path in the repository: relative to the project's `path` when it has one. */
export function changelogPath(p: ProjectConfig): string | null {
  if (!p.changelog) return null;
  return p.path ? posix.join(p.path, p.changelog) : posix.normalize(p.changelog);
}

/**
 * The releases an incremental harvest may keep as written (by slug), or null to assemble them all.
 * Kept only when nothing but new tags and the branch head changed: the same settings, every
 * release of the last harvest still planned with the same tag, commit, tag object and previous
 * release, its file still there, its SBOM and overlay unchanged, and every new release later in
 * release order (src/core/releases.ts, releaseOrder: by release date, then version) than all of
 * them. A release's previous release and its first-time contributors depend only on releases that
 * came out before it, so then none of them can change: a patch tagged on a maintenance branch
 * after the next minor costs its own commits, not the history.
 */
export function keptReleases(
  job: Pick<Job, 'before' | 'settings' | 'sboms' | 'overlays' | 'project'>,
  plan: ReleasePlan,
  dataDir: string,
): Set<string> | null {
  const b = job.before;
  if (!b || b.settings !== job.settings) return null;
  const old = new Map(b.releases.map((r) => [r.slug, r]));
  const fresh: PlannedRelease[] = [];
  let last: PlannedRelease | null = null;
  let found = 0;
  for (const r of plan.releases) {
    const o = old.get(r.slug);
    if (!o) {
      fresh.push(r);
      continue;
    }
    found++;
    if (
      o.commit !== r.tag.peeled ||
      o.tag !== r.tag.name ||
      o.tagObject !== (r.tag.annotated ? r.tag.object : null) ||
      o.previous !== (r.previous?.version ?? null)
    )
      return null;
    if (last === null || releaseOrder(r, last) > 0) last = r;
  }
  if (found !== b.releases.length) return null; // a tag vanished
  if (last !== null && fresh.some((r) => releaseOrder(r, last) <= 0)) return null;
  // SBOM files and overlays of the kept releases are as they were (new releases' may be new).
  const newNames = new Set(fresh.flatMap((r) => [r.version, r.slug]));
  const same = (was: string[], now: string[]) => {
    const keep = (e: string) => !newNames.has(e.slice(0, e.lastIndexOf(':')));
    return JSON.stringify(was.filter(keep)) === JSON.stringify(now.filter(keep));
  };
  if (!same(b.sboms, job.sboms) || !same(b.overlays, job.overlays)) return null;
  if (!b.releases.every((r) => existsSync(join(dataDir, dataPaths.release(job.project.id, r.slug)))))
    return null;
  return new Set(b.releases.map((r) => r.slug));
}

async function writeProject(
  job: Job,
  fullPlan: ReleasePlan,
  ctx: {
    commits: Map<string, RawCommit>;
    graph: CommitGraph;
    mailmaps: Map<string, string | null>;
    bots: readonly string[];
    identities: IdentityMap;
    changelogs: Map<string, string | null>;
    notesDir: string;
    configDir: string;
    strict: boolean;
    dataDir: string;
    log: (line: string) => void;
    signatures: SignatureKeys;
    kept: Set<string> | null;
  },
): Promise<{ summary: ProjectSummary; problems: InputError[]; refs: ReleaseRef[]; releases: Release[] }> {
  const { project } = job;
  const { log, kept } = ctx;
  // Only the releases to assemble; kept ones stay as the last harvest wrote them.
  const plan: ReleasePlan = kept
    ? { ...fullPlan, releases: fullPlan.releases.filter((r) => !kept.has(r.slug)) }
    : fullPlan;
  const overlaysByName = readOverlays(ctx.notesDir, project.id);
  const overlays = new Map(
    plan.releases.flatMap((r) => {
      const o = overlaysByName.get(r.version) ?? overlaysByName.get(r.slug);
      return o ? [[r.version, o] as const] : [];
    }),
  );
  const input = {
    projectId: project.id,
    plan,
    commits: ctx.commits,
    graph: ctx.graph,
    mailmaps: ctx.mailmaps,
    names: [project.id, project.name],
    commitTypes: project.commitTypes,
    bots: ctx.bots,
    identities: ctx.identities,
    links: project.links,
    changelogs: ctx.changelogs,
    overlays,
    seenContributors: kept ? job.before!.contributors : [],
  };
  for (const s of fullPlan.skipped) log(`${project.id}: skipped tag ${s.tag}: ${s.reason}`);
  const releases = assembleReleases(input);
  const next = assembleNext(input, releases);
  // A `commitTypes` prefix that no commit of the project uses is said out loud. An incremental
  // harvest looks for the ones unused so far in the commits it reads now.
  const unused = unusedCommitTypes(
    kept
      ? Object.fromEntries(
          Object.entries(project.commitTypes ?? {}).filter(([k]) =>
            job.before!.unusedCommitTypes.includes(k),
          ),
        )
      : project.commitTypes,
    [...plan.releases.flatMap((r) => r.commits), ...(plan.next?.commits ?? [])].map(
      (h) => ctx.commits.get(h)?.message.split('\n', 1)[0] ?? '',
    ),
  );
  const settingWarnings = commitTypeWarnings(unused, job.index);
  for (const w of settingWarnings) log(`${project.id}: ${w}`);
  // What git says of each tag's signature: verified only for the releases this run writes.
  const signatures = await readSignatures(
    job.repoDir,
    plan.releases.map((r) => r.tag),
    ctx.signatures,
  );
  for (const r of releases) r.signature = signatures.get(r.tag) ?? r.signature;

  // A record whose tag moved or vanished is kept in the archive, never overwritten (docs/audit.md, "The audit chain").
  const stateFile = join(ctx.dataDir, dataPaths.state(project.id));
  const before = existingRecords(
    ctx.dataDir,
    project.id,
    job.untrusted ? null : (job.before?.releases ?? null),
  );
  const all = fullPlan.releases.map((r) => ({ slug: r.slug, commit: r.tag.peeled }));
  for (const path of archiveSuperseded(ctx.dataDir, project.id, before, all))
    log(`${project.id}: kept the superseded record as ${path}`);

  const changed = await writeRecords(
    ctx.dataDir,
    ReleaseSchema,
    releases.map((r) => ({ rel: dataPaths.release(project.id, r.slug), data: r })),
  );
  removeOthers(
    join(ctx.dataDir, dataPaths.releasesOf(project.id)),
    new Set(all.map((r) => `${r.slug}.json`)),
  );
  const finals = fullPlan.releases.filter((r) => !r.prerelease);
  const latest = (finals.length ? finals : fullPlan.releases).at(-1)?.version ?? null;
  const record: Project = {
    id: project.id,
    name: project.name,
    description: project.description ?? null,
    repo: displayRepo(project.repo),
    path: project.path ?? null,
    internal: project.internal,
    links: project.links,
    support: project.support,
    latest,
    releaseCount: fullPlan.releases.length,
    skipped: fullPlan.skipped,
  };
  writeRecord(ctx.dataDir, dataPaths.project(project.id), ProjectSchema, record);
  if (next) writeRecord(ctx.dataDir, dataPaths.next(project.id), NextSchema, next);
  else rmSync(join(ctx.dataDir, dataPaths.next(project.id)), { force: true });
  const sboms = await harvestSboms({
    project,
    configDir: ctx.configDir,
    dataDir: ctx.dataDir,
    releases,
    strict: ctx.strict,
    keep: kept ? fullPlan.releases.filter((r) => kept.has(r.slug)) : null,
  });
  for (const p of ctx.strict ? [] : sboms.problems) log(`${project.id}: SBOM rejected: ${p.format()}`);

  // The state: every release (kept ones as they were), and every contributor so far.
  const written = new Map(
    releases.map((r) => [
      r.slug,
      {
        slug: r.slug,
        version: r.version,
        tag: r.tag,
        commit: r.commit,
        date: r.date,
        tagObject: r.tagObject,
        signature: r.signature.status,
        previous: r.previous,
      },
    ]),
  );
  const old = new Map((job.before?.releases ?? []).map((r) => [r.slug, r]));
  const stateRefs = fullPlan.releases.map((r) => written.get(r.slug) ?? old.get(r.slug)!);
  const contributors = [
    ...new Set([
      ...(kept ? job.before!.contributors : []),
      ...releases.flatMap((r) => r.contributors.flatMap(contributorKeys)),
    ]),
  ].sort();
  const refs = stateRefs.map(({ previous: _, ...r }) => ({ project: project.id, ...r }));
  const had = new Set(before.map((b) => `${b.slug}\0${b.commit}`));
  // A project whose SBOMs failed a strict harvest is not marked done: the next run reads it again.
  if (ctx.strict && sboms.problems.length) rmSync(stateFile, { force: true });
  else {
    const state: State = {
      fingerprint: job.fingerprint,
      settings: job.settings,
      sboms: job.sboms,
      overlays: job.overlays,
      releases: stateRefs,
      contributors,
      unusedCommitTypes: unused,
      seen: job.seen,
    };
    writeFileAtomic(stateFile, sealJson(state));
  }
  return {
    refs,
    releases,
    summary: {
      id: project.id,
      releases: fullPlan.releases.length,
      changed,
      added: all.filter((r) => !had.has(`${r.slug}\0${r.commit}`)).length,
      warnings: [
        ...fullPlan.skipped.map((t) => `skipped tag ${t.tag}: ${t.reason}`),
        ...settingWarnings,
        ...(ctx.strict ? [] : sboms.problems.map((p) => `SBOM rejected: ${p.format()}`)),
      ],
      unreleased: next?.commitCount ?? 0,
      skippedTags: fullPlan.skipped.length,
      sboms: sboms.accepted,
      unchanged: false,
    },
    problems: sboms.problems,
  };
}
