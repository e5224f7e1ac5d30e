// The read phase of a harvest (src/harvest/harvest.ts): what the data folder holds from the last
// harvest (the audit chain, each project's state), where each repository is with its tags and
// branch head, then per repository its history, the history of each project's `path`, and what
// git says of the signatures of the tags to assemble. Files at tags: src/harvest/files-at-tags.ts.
import { join, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { InputError, InputErrors } from '../errors/index.ts';
import type { RawTag, ReleasePlan } from '../core/releases.ts';
import { compileTagPattern } from '../core/tags.ts';
import { dataPaths } from '../schemas/layout.ts';
import type { AssembledProject } from './assemble.ts';
import { checkProjectRecords } from './data-check.ts';
import { assertDataFormat } from './data-format.ts';
import { readEvidenceState } from './evidence-state.ts';
import { readRepoInfo, readTags } from './git.ts';
import type { HarvestInputs, HarvestOptions, Job } from './job.ts';
import { completeCommits, readRepositoryHistory, type History } from './history.ts';
import { fingerprintsOf, keyDigests, readState } from './incremental.ts';
import { readPathFilters } from './path-history.ts';
import { resolveRepository } from './repos.ts';
import { readSignatures, type SignatureKeys } from './signatures.ts';
import { resolveSigningKey } from './ssh-keygen.ts';
import { readChain } from './trust.ts';

/**
 * Everything read before a harvest decides anything: the data folder checked (its format, the
 * selected projects' records), the audit chain and the signing key (before anything is written; a
 * shard has neither), and each selected project's repository, tags, branch head and state.
 */
export async function readInputs(loaded: LoadedConfig, opts: HarvestOptions): Promise<HarvestInputs> {
  const { config, dir: configDir } = loaded;
  const warn = opts.warn ?? opts.log;
  assertDataFormat(opts.dataDir);
  const selected = selectProjects(
    config.projects.map((p) => p.id),
    opts.only,
  );
  const garbled = checkProjectRecords(opts.dataDir, [...selected]);
  if (garbled.length) throw new InputErrors(garbled);
  const chain = opts.only ? null : readChain(opts.dataDir);
  const written = chain ? readEvidenceState(opts.dataDir, warn) : {};
  const signingKey = opts.only
    ? null
    : await resolveSigningKey(config.audit.signingKey, configDir, opts.signingKey);
  const notesDir = resolve(configDir, config.notes);
  const cacheDir = resolve(configDir, config.cache);
  const matchers = new Map(config.projects.map((p) => [p.id, compileTagPattern(p.tags)]));
  const keys = signatureKeys(config, configDir);
  const digests = keyDigests(keys);
  const jobs: Job[] = [];
  // Where each repository is, and its tags: once per repository, shared by its projects.
  const repoDirs = new Map<string, Promise<string>>();
  const tagsOf = new Map<string, Promise<RawTag[]>>();
  const infoOf = new Map<string, ReturnType<typeof readRepoInfo>>();
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
    jobs.push({
      project,
      index,
      repoDir,
      head: info.head,
      tags,
      allTags,
      ...fingerprintsOf({
        project,
        config,
        configDir,
        notesDir,
        keyDigests: digests,
        head: info.head,
        tags,
        versions: tags.map((t) => match(t.name)!),
      }),
      before: readState(join(opts.dataDir, dataPaths.state(project.id)), (why) =>
        warn(`${dataPaths.state(project.id)} does not check (${why}): the project is read again from git`),
      ),
    });
  }
  return { selected, chain, written, signingKey, notesDir, cacheDir, matchers, keys, jobs };
}

/**
 * A repository's history from every tip of its projects (git reads only the commits since the
 * last harvest when the cached graph serves), and the history of each project's `path`.
 */
export async function readRepository(
  repoDir: string,
  repoJobs: Job[],
  jobs: Job[],
  cacheDir: string,
  opts: Pick<HarvestOptions, 'log'> & { warn: (line: string) => void },
): Promise<{ history: History; pathFilters: Awaited<ReturnType<typeof readPathFilters>> }> {
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
  // When every project here may keep what the last harvest wrote (its settings unchanged), the
  // cached graph serves and git reads only the commits since; messages of older commits are read
  // below only if a release to assemble reaches them.
  const useCache = repoJobs.every((j) => j.before !== null && j.before.settings === j.settings);
  const history = await readRepositoryHistory(repoDir, tips, { cacheDir, useCache, warn: opts.warn });
  const { graph } = history;
  opts.log(
    `${repoDir}: ${history.read.toLocaleString('en')} commit${history.read === 1 ? '' : 's'} read${history.incremental ? ` (${(graph.hashes.length - history.read).toLocaleString('en')} more from the cache of the last harvest)` : ''}`,
  );
  const pathFilters = await readPathFilters(
    repoDir,
    tips,
    graph,
    repoJobs.flatMap((j) => (j.project.path ? [j.project.path] : [])),
    cacheDir,
    opts.warn,
  );
  return { history, pathFilters };
}

/** The messages of older commits that the releases to assemble reach, when the history came from the cache. */
export async function readOlderCommits(
  repoDir: string,
  history: History,
  plans: { plan: ReleasePlan; kept: Set<string> | null }[],
  log: (line: string) => void,
): Promise<void> {
  if (!history.incremental) return;
  const older = await completeCommits(
    repoDir,
    history.commits,
    plans.flatMap(({ plan, kept }) => [
      ...plan.releases
        .filter((r) => !kept?.has(r.slug))
        .flatMap((r) => [...r.commits, ...r.merges, r.tag.peeled]),
      ...(plan.next?.commits ?? []),
      ...(plan.next?.merges ?? []),
    ]),
  );
  if (older)
    log(
      `${repoDir}: ${older.toLocaleString('en')} older commit${older === 1 ? '' : 's'} read for releases assembled again`,
    );
}

/** What git says of each tag's signature: verified only for the releases this run writes. */
export async function readReleaseSignatures(
  repoDir: string,
  assembled: AssembledProject,
  keys: SignatureKeys,
): Promise<void> {
  const signatures = await readSignatures(
    repoDir,
    assembled.plan.releases.map((r) => r.tag),
    keys,
  );
  for (const r of assembled.releases) r.signature = signatures.get(r.tag) ?? r.signature;
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
