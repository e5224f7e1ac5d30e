// `waybill harvest`: reads every project's repository and writes the data folder.
// Incremental: a project whose tags, branch head, settings and overlays are unchanged since the
// last harvest is not read again (only `for-each-ref` and `rev-parse` run for it).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { extname, join, posix, resolve } from 'node:path';
import { z } from 'astro/zod';
import type { LoadedConfig } from '../config/load.ts';
import type { ProjectConfig } from '../config/schema.ts';
import { assembleNext, assembleReleases } from '../core/assemble.ts';
import { extractChangelogSection } from '../core/changelog.ts';
import type { RawCommit } from '../core/commits.ts';
import { InputError, InputErrors } from '../core/errors.ts';
import { buildGraph } from '../core/graph.ts';
import { planReleases, type RawTag } from '../core/releases.ts';
import { compileTagPattern } from '../core/tags.ts';
import { DATA_FORMAT, dataPaths } from '../schemas/layout.ts';
import { NextSchema, ProjectSchema, SiteSchema, type Project } from '../schemas/project.ts';
import { ReleaseSchema, type Release } from '../schemas/release.ts';
import { ShardSchema } from '../schemas/shard.ts';
import { archiveSuperseded, existingRecords } from './archive.ts';
import { harvestAudit } from './audit.ts';
import { readSignatures, type SignatureKeys } from './signatures.ts';
import { harvestCalendar } from './calendar.ts';
import { readFilesAt, readHistory, readRepoInfo, readTags } from './git.ts';
import { readPathFilters } from './path-history.ts';
import { ReleaseRefSchema, type ReleaseRef } from './release-index.ts';
import { overlayFingerprint, readOverlays } from './overlays.ts';
import { harvestDeployments } from './release-deployments.ts';
import { harvestSboms, sbomFingerprint } from './release-sboms.ts';
import { displayRepo, resolveRepository } from './repos.ts';
import { removeOthers, writeFileAtomic, writeRecord } from './write.ts';

export const GENERATOR = 'waybill 0.1.0';

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

/** What the last harvest saw of a project, to skip it when nothing changed, and what it wrote. */
const StateSchema = z.object({ fingerprint: z.string(), releases: z.array(ReleaseRefSchema.omit({ project: true })) });

/** The state file, or null when it is missing or unreadable (then the project is simply read again). */
function readState(file: string): z.infer<typeof StateSchema> | null {
  try {
    const parsed = StateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

interface Job {
  project: ProjectConfig;
  index: number;
  repoDir: string;
  head: string | null;
  tags: RawTag[];
  fingerprint: string;
}

export async function harvest(loaded: LoadedConfig, opts: HarvestOptions): Promise<ProjectSummary[]> {
  const { config, dir: configDir } = loaded;
  assertDataFormat(opts.dataDir);
  const selected = selectProjects(config.projects.map((p) => p.id), opts.only);
  const notesDir = resolve(configDir, config.notes);
  const cacheDir = resolve(configDir, config.cache);
  const matchers = new Map(config.projects.map((p) => [p.id, compileTagPattern(p.tags)]));
  const keys = signatureKeys(config, configDir);
  const keyFingerprint = Object.entries(keys).map(([k, file]) => `${k}:${existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : '-'}`);

  // 1. Where each repository is, and its tags: once per repository, shared by its projects.
  const repoDirs = new Map<string, Promise<string>>();
  const tagsOf = new Map<string, Promise<RawTag[]>>();
  const infoOf = new Map<string, ReturnType<typeof readRepoInfo>>();
  const jobs: Job[] = [];
  for (const [index, project] of config.projects.entries()) {
    if (!selected.has(project.id)) continue;
    const key = project.repo;
    if (!repoDirs.has(key)) repoDirs.set(key, resolveRepository({ projectId: project.id, index, repo: project.repo, configDir, cacheDir, log: opts.log }));
    const repoDir = await repoDirs.get(key)!;
    if (!tagsOf.has(repoDir)) tagsOf.set(repoDir, readTags(repoDir));
    const infoKey = `${repoDir}\0${project.branch ?? ''}`;
    if (!infoOf.has(infoKey)) infoOf.set(infoKey, readRepoInfo(repoDir, project.branch));
    const [info, allTags] = await Promise.all([infoOf.get(infoKey)!.catch(() => {
      throw new InputError(`branch "${project.branch}" does not exist in ${repoDir}`, { where: `project "${project.id}" (projects[${index}].branch)`, fix: 'name an existing branch, or remove "branch" to use the repository\'s HEAD' });
    }), tagsOf.get(repoDir)!]);
    if (info.shallow) {
      throw new InputError(`${repoDir} is a shallow clone: its tags and history are incomplete, so releases and their commits would be wrong`, {
        where: `project "${project.id}" (projects[${index}].repo)`,
        fix: 'fetch the whole history first: `git fetch --unshallow --tags` (in CI: actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 on GitLab)',
      });
    }
    const match = matchers.get(project.id)!;
    const tags = allTags.filter((t) => match(t.name) !== null);
    const fingerprint = createHash('sha256').update(JSON.stringify({
      format: DATA_FORMAT, generator: GENERATOR, project, head: info.head,
      tags: tags.map((t) => [t.name, t.object]), overlays: overlayFingerprint(notesDir, project.id),
      sboms: sbomFingerprint(project, configDir, tags.map((t) => match(t.name)!)),
      // New or changed signing keys change what a signature's status is: verify again.
      keys: keyFingerprint,
    })).digest('hex');
    jobs.push({ project, index, repoDir, head: info.head, tags, fingerprint });
  }

  // 2. Skip what has not changed since the last harvest.
  const summaries = new Map<string, ProjectSummary>();
  // Every release of every project, for deployments and the calendar: from the state of skipped
  // projects and from what was just assembled, so no release file is read back.
  const releaseIndex: ReleaseRef[] = [];
  // Releases assembled in this run, by `project/slug`, for their evidence records.
  const fresh = new Map<string, Release>();
  const todo = jobs.filter((job) => {
    const stateFile = join(opts.dataDir, dataPaths.state(job.project.id));
    const before = readState(stateFile);
    const projectFile = join(opts.dataDir, dataPaths.project(job.project.id));
    // Skip only when nothing changed in the sources and every file the last harvest wrote is there.
    const intact = before !== null && existsSync(projectFile) && before.releases.every((r) => existsSync(join(opts.dataDir, dataPaths.release(job.project.id, r.slug))));
    if (before?.fingerprint === job.fingerprint && intact) {
      releaseIndex.push(...before.releases.map((r) => ({ project: job.project.id, ...r })));
      const p = ProjectSchema.parse(JSON.parse(readFileSync(projectFile, 'utf8')));
      const nextFile = join(opts.dataDir, dataPaths.next(job.project.id));
      const unreleased = existsSync(nextFile) ? NextSchema.parse(JSON.parse(readFileSync(nextFile, 'utf8'))).commitCount : 0;
      summaries.set(job.project.id, { id: job.project.id, releases: p.releaseCount, changed: 0, added: 0, warnings: p.skipped.map((t) => `skipped tag ${t.tag}: ${t.reason}`), unreleased, skippedTags: p.skipped.length, sboms: 0, unchanged: true });
      return false;
    }
    return true;
  });

  // 3. Read each repository that has work once: history from every wanted tip, then files at tags.
  const byRepo = new Map<string, Job[]>();
  const sbomProblems: InputError[] = [];
  for (const job of todo) byRepo.set(job.repoDir, [...(byRepo.get(job.repoDir) ?? []), job]);
  for (const [repoDir, repoJobs] of byRepo) {
    const tips = repoJobs.flatMap((j) => [...j.tags.filter((t) => t.peeledType === 'commit').map((t) => t.peeled), ...(j.head ? [j.head] : [])]);
    opts.log(`reading ${repoDir} (${repoJobs.map((j) => j.project.id).join(', ')})`);
    const history = await readHistory(repoDir, tips);
    const commits = new Map<string, RawCommit>(history.map((c) => [c.hash, c]));
    const graph = buildGraph(history.map((c) => ({ hash: c.hash, parents: c.parents, time: Date.parse(c.committerDate) / 1000 })));
    const pathFilters = await readPathFilters(repoDir, tips, graph, repoJobs.flatMap((j) => (j.project.path ? [j.project.path] : [])));
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
    // Changelog text at every release of every project of this repository: one cat-file --batch.
    const requests = plans.flatMap(({ job, plan }) => {
      const file = changelogPath(job.project);
      return file ? plan.releases.map((r) => ({ project: job.project.id, tag: r.tag.name, rev: r.tag.peeled, path: file })) : [];
    });
    const texts = await readFilesAt(repoDir, requests);
    for (const { job, plan } of plans) {
      const changelogs = new Map<string, string | null>();
      requests.forEach((req, i) => {
        if (req.project !== job.project.id) return;
        const release = plan.releases.find((r) => r.tag.name === req.tag)!;
        changelogs.set(req.tag, texts[i] === null ? null : extractChangelogSection(texts[i]!, release.version));
      });
      const { summary, problems, refs, releases } = await writeProject(job, plan, { commits, changelogs, notesDir, configDir, strict: config.strict, dataDir: opts.dataDir, log: opts.log, signatures: keys });
      summaries.set(job.project.id, summary);
      releaseIndex.push(...refs);
      for (const r of releases) fresh.set(`${r.project}/${r.slug}`, r);
      sbomProblems.push(...problems);
    }
  }
  // A strict harvest fails on any rejected SBOM, listing every problem of every file.
  if (config.strict && sbomProblems.length) throw new InputErrors(sbomProblems);

  const ids = config.projects.map((p) => p.id).filter((id) => selected.has(id));
  if (opts.only) {
    writeRecord(opts.dataDir, dataPaths.shard, ShardSchema, { format: DATA_FORMAT, generator: GENERATOR, projects: ids, harvestedAt: opts.now.toISOString() });
    return ids.map((id) => summaries.get(id)!);
  }
  rmSync(join(opts.dataDir, dataPaths.shard), { force: true });
  await finishHarvest(loaded, { ...opts, releaseIndex, fresh });
  return ids.map((id) => summaries.get(id)!);
}

/**
 * What needs every project's releases: deployments, the calendar, evidence records and the audit
 * chain, site.json, and removing what unconfigured projects left. The end of `harvest`, and of
 * `merge` once the shards' projects are in place.
 */
export async function finishHarvest(loaded: LoadedConfig, opts: HarvestOptions & { releaseIndex: ReleaseRef[]; fresh: Map<string, Release> }): Promise<void> {
  const { config, dir: configDir } = loaded;
  // In config order, whichever order the projects were read in (one run or merged shards).
  const order = new Map(config.projects.map((p, i) => [p.id, i]));
  const releaseIndex = [...opts.releaseIndex].sort((a, b) => order.get(a.project)! - order.get(b.project)!);
  // Deployments name releases of any project, so they are read once every release is written.
  const deployed = await harvestDeployments(config, configDir, opts.dataDir, releaseIndex);
  if (config.deployments.length) opts.log(`deployments: ${deployed.deployments.length} record${deployed.deployments.length === 1 ? '' : 's'}${deployed.problems ? `, ${deployed.problems} skipped (see the environments page)` : ''}`);
  // Freezes, planned and group releases for the calendar: `shipped` and `released` need every release.
  harvestCalendar(config, configDir, opts.dataDir, opts.now, releaseIndex);

  // The portal as a whole, and nothing left of projects that are no longer configured.
  const ids = config.projects.map((p) => p.id);
  // Evidence records and the audit chain last: they cover releases, SBOMs and deployments.
  const audit = harvestAudit({ dataDir: opts.dataDir, now: opts.now, releases: releaseIndex, fresh: opts.fresh, deployments: deployed.deployments, projects: ids });
  opts.log(`audit: ${audit.appended} new event${audit.appended === 1 ? '' : 's'}${audit.findings ? `, ${audit.findings} control finding${audit.findings === 1 ? '' : 's'}` : ''}`);
  writeRecord(opts.dataDir, dataPaths.site, SiteSchema, {
    format: DATA_FORMAT, generator: GENERATOR, title: config.title, site: config.site ?? null,
    accent: config.accent ?? null, logo: copyLogo(config.logo, configDir, opts.dataDir),
    timezone: config.timezone, harvestedAt: opts.now.toISOString(), projects: ids,
  });
  removeOthers(join(opts.dataDir, 'projects'), new Set(ids.map((id) => `${id}.json`)));
  removeOthers(join(opts.dataDir, 'next'), new Set(ids.map((id) => `${id}.json`)));
  removeOthers(join(opts.dataDir, 'releases'), new Set(ids));
  removeOthers(join(opts.dataDir, 'sboms'), new Set(ids));
  removeOthers(join(opts.dataDir, '.state'), new Set([...ids.map((id) => `${id}.json`), 'evidence.json']));
}

/** The ids `--project` names, every one checked; all projects without it. */
function selectProjects(ids: string[], only: string[] | undefined): Set<string> {
  if (!only) return new Set(ids);
  for (const id of only) {
    if (!ids.includes(id)) throw new InputError(`--project ${id}: no project has that id`, { where: '--project', fix: `use one of: ${ids.join(', ')}` });
  }
  return new Set(only);
}

/** The config's signature keys as absolute paths (readSignatures checks that they exist). */
function signatureKeys(config: LoadedConfig['config'], configDir: string): SignatureKeys {
  const { gpgKeyring, allowedSigners } = config.signatures;
  return { ...(gpgKeyring ? { gpgKeyring: resolve(configDir, gpgKeyring) } : {}), ...(allowedSigners ? { allowedSigners: resolve(configDir, allowedSigners) } : {}) };
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
      throw new InputError(`the data folder was written by ${typeof found.generator === 'string' ? found.generator : 'a newer waybill'} (data format ${found.format}); this is ${GENERATOR}, which reads format ${DATA_FORMAT} and older`, {
        where: file,
        fix: 'upgrade waybill to the version that wrote it, or harvest into an empty data folder with --data',
      });
    }
  }
}

/**
 * The config's `logo`: an https URL stays as it is; a file (relative to the config) is copied into
 * the data folder's assets/, so the site build, which reads only the data folder, can serve it.
 */
function copyLogo(logo: string | undefined, configDir: string, dataDir: string): string | null {
  removeOthers(join(dataDir, 'assets'), new Set(logo && !/^https:\/\//.test(logo) ? [`logo${extname(logo).toLowerCase()}`] : []));
  if (!logo) return null;
  if (/^https:\/\//.test(logo)) return logo;
  const file = resolve(configDir, logo);
  const ext = extname(file).toLowerCase();
  if (!['.svg', '.png', '.jpg', '.jpeg', '.webp', '.gif'].includes(ext)) {
    throw new InputError(`the logo "${logo}" is not an image file`, { where: 'logo', fix: 'use an .svg, .png, .jpg, .webp or .gif file, or an https URL' });
  }
  if (!existsSync(file)) throw new InputError(`the logo file ${file} does not exist`, { where: 'logo', fix: 'give a path relative to the config file, or an https URL' });
  const rel = `assets/logo${ext}`;
  writeFileAtomic(join(dataDir, rel), readFileSync(file));
  return rel;
}

/** The changelog's path in the repository: relative to the project's `path` when it has one. */
export function changelogPath(p: ProjectConfig): string | null {
  if (!p.changelog) return null;
  return p.path ? posix.join(p.path, p.changelog) : posix.normalize(p.changelog);
}

async function writeProject(job: Job, plan: ReturnType<typeof planReleases>, ctx: { commits: Map<string, RawCommit>; changelogs: Map<string, string | null>; notesDir: string; configDir: string; strict: boolean; dataDir: string; log: (line: string) => void; signatures: SignatureKeys }): Promise<{ summary: ProjectSummary; problems: InputError[]; refs: ReleaseRef[]; releases: Release[] }> {
  const { project } = job;
  const { log } = ctx;
  const overlaysByName = readOverlays(ctx.notesDir, project.id);
  const overlays = new Map(plan.releases.flatMap((r) => {
    const o = overlaysByName.get(r.version) ?? overlaysByName.get(r.slug);
    return o ? [[r.version, o] as const] : [];
  }));
  const input = { projectId: project.id, plan, commits: ctx.commits, changelogs: ctx.changelogs, overlays };
  for (const s of plan.skipped) log(`${project.id}: skipped tag ${s.tag}: ${s.reason}`);
  const releases = assembleReleases(input);
  const next = assembleNext(input, releases);
  // What git says of each tag's signature: verified only for the releases this run writes.
  const signatures = await readSignatures(job.repoDir, plan.releases.map((r) => r.tag), ctx.signatures);
  for (const r of releases) r.signature = signatures.get(r.tag) ?? r.signature;

  // A record whose tag moved or vanished is kept in the archive, never overwritten (issue 7).
  const stateFile = join(ctx.dataDir, dataPaths.state(project.id));
  const before = existingRecords(ctx.dataDir, project.id, readState(stateFile)?.releases ?? null);
  for (const path of archiveSuperseded(ctx.dataDir, project.id, before, releases)) log(`${project.id}: kept the superseded record as ${path}`);

  let changed = 0;
  for (const r of releases) if (writeRecord(ctx.dataDir, dataPaths.release(project.id, r.slug), ReleaseSchema, r)) changed++;
  removeOthers(join(ctx.dataDir, dataPaths.releasesOf(project.id)), new Set(releases.map((r) => `${r.slug}.json`)));
  const finals = releases.filter((r) => !r.prerelease);
  const latest = (finals.length ? finals : releases).at(-1)?.version ?? null;
  const record: Project = {
    id: project.id, name: project.name, description: project.description ?? null, repo: displayRepo(project.repo),
    path: project.path ?? null, internal: project.internal, links: project.links, support: project.support,
    latest, releaseCount: releases.length, skipped: plan.skipped,
  };
  writeRecord(ctx.dataDir, dataPaths.project(project.id), ProjectSchema, record);
  if (next) writeRecord(ctx.dataDir, dataPaths.next(project.id), NextSchema, next);
  else rmSync(join(ctx.dataDir, dataPaths.next(project.id)), { force: true });
  const sboms = await harvestSboms({ project, configDir: ctx.configDir, dataDir: ctx.dataDir, releases, strict: ctx.strict });
  for (const p of ctx.strict ? [] : sboms.problems) log(`${project.id}: SBOM rejected: ${p.format()}`);
  // A project whose SBOMs failed a strict harvest is not marked done: the next run reads it again.
  const refs = releases.map((r) => ({ project: project.id, slug: r.slug, version: r.version, tag: r.tag, commit: r.commit, date: r.date, tagObject: r.tagObject, signature: r.signature.status }));
  if (ctx.strict && sboms.problems.length) rmSync(stateFile, { force: true });
  else writeFileAtomic(stateFile, JSON.stringify({ fingerprint: job.fingerprint, releases: refs.map(({ project: _, ...r }) => r) }, null, 2) + '\n');
  return {
    refs,
    releases,
    summary: { id: project.id, releases: releases.length, changed, added: releases.filter((r) => !before.some((b) => b.slug === r.slug && b.commit === r.commit)).length, warnings: [...plan.skipped.map((t) => `skipped tag ${t.tag}: ${t.reason}`), ...(ctx.strict ? [] : sboms.problems.map((p) => `SBOM rejected: ${p.format()}`))], unreleased: next?.commitCount ?? 0, skippedTags: plan.skipped.length, sboms: sboms.accepted, unchanged: false },
    problems: sboms.problems,
  };
}
