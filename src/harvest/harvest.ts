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
import { ReleaseSchema } from '../schemas/release.ts';
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
}

export interface ProjectSummary {
  id: string;
  releases: number;
  /** Releases written or changed by this harvest. */
  changed: number;
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
  const notesDir = resolve(configDir, config.notes);
  const cacheDir = resolve(configDir, config.cache);
  const matchers = new Map(config.projects.map((p) => [p.id, compileTagPattern(p.tags)]));

  // 1. Where each repository is, and its tags: once per repository, shared by its projects.
  const repoDirs = new Map<string, Promise<string>>();
  const tagsOf = new Map<string, Promise<RawTag[]>>();
  const infoOf = new Map<string, ReturnType<typeof readRepoInfo>>();
  const jobs: Job[] = [];
  for (const [index, project] of config.projects.entries()) {
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
    })).digest('hex');
    jobs.push({ project, index, repoDir, head: info.head, tags, fingerprint });
  }

  // 2. Skip what has not changed since the last harvest.
  const summaries = new Map<string, ProjectSummary>();
  // Every release of every project, for deployments and the calendar: from the state of skipped
  // projects and from what was just assembled, so no release file is read back.
  const releaseIndex: ReleaseRef[] = [];
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
      summaries.set(job.project.id, { id: job.project.id, releases: p.releaseCount, changed: 0, unreleased, skippedTags: p.skipped.length, sboms: 0, unchanged: true });
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
      const { summary, problems, refs } = await writeProject(job, plan, { commits, changelogs, notesDir, configDir, strict: config.strict, dataDir: opts.dataDir, log: opts.log });
      summaries.set(job.project.id, summary);
      releaseIndex.push(...refs);
      sbomProblems.push(...problems);
    }
  }
  // A strict harvest fails on any rejected SBOM, listing every problem of every file.
  if (config.strict && sbomProblems.length) throw new InputErrors(sbomProblems);

  // Deployments name releases of any project, so they are read once every release is written.
  const deployed = await harvestDeployments(config, configDir, opts.dataDir, releaseIndex);
  if (config.deployments.length) opts.log(`deployments: ${deployed.deployments} record${deployed.deployments === 1 ? '' : 's'}${deployed.problems ? `, ${deployed.problems} skipped (see the environments page)` : ''}`);
  // Freezes, planned and group releases for the calendar: `shipped` and `released` need every release.
  harvestCalendar(config, configDir, opts.dataDir, opts.now, releaseIndex);

  // 4. The portal as a whole, and nothing left of projects that are no longer configured.
  const ids = config.projects.map((p) => p.id);
  writeRecord(opts.dataDir, dataPaths.site, SiteSchema, {
    format: DATA_FORMAT, generator: GENERATOR, title: config.title, site: config.site ?? null,
    accent: config.accent ?? null, logo: copyLogo(config.logo, configDir, opts.dataDir),
    timezone: config.timezone, harvestedAt: opts.now.toISOString(), projects: ids,
  });
  removeOthers(join(opts.dataDir, 'projects'), new Set(ids.map((id) => `${id}.json`)));
  removeOthers(join(opts.dataDir, 'next'), new Set(ids.map((id) => `${id}.json`)));
  removeOthers(join(opts.dataDir, 'releases'), new Set(ids));
  removeOthers(join(opts.dataDir, 'sboms'), new Set(ids));
  removeOthers(join(opts.dataDir, '.state'), new Set(ids.map((id) => `${id}.json`)));
  return ids.map((id) => summaries.get(id)!);
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

async function writeProject(job: Job, plan: ReturnType<typeof planReleases>, ctx: { commits: Map<string, RawCommit>; changelogs: Map<string, string | null>; notesDir: string; configDir: string; strict: boolean; dataDir: string; log: (line: string) => void }): Promise<{ summary: ProjectSummary; problems: InputError[]; refs: ReleaseRef[] }> {
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
  const stateFile = join(ctx.dataDir, dataPaths.state(project.id));
  const refs = releases.map((r) => ({ project: project.id, slug: r.slug, version: r.version, tag: r.tag, commit: r.commit, date: r.date }));
  if (ctx.strict && sboms.problems.length) rmSync(stateFile, { force: true });
  else writeFileAtomic(stateFile, JSON.stringify({ fingerprint: job.fingerprint, releases: refs.map(({ project: _, ...r }) => r) }, null, 2) + '\n');
  return {
    refs,
    summary: { id: project.id, releases: releases.length, changed, unreleased: next?.commitCount ?? 0, skippedTags: plan.skipped.length, sboms: sboms.accepted, unchanged: false },
    problems: sboms.problems,
  };
}
