// Settings that match nothing (src/core/unmatched.ts says how each is worded), from what the
// harvest reads anyway: the tags, the SBOM files it hashes for its fingerprint, and the one
// `cat-file --batch` per repository that reads the changelog at every new tag, which also answers
// whether `path` and the changelog exist at the tags no earlier harvest saw. What an earlier
// harvest found is kept in the project's state (`seen`: a tag where each was found), so an
// incremental run asks git only about new tags, and an unchanged project nothing at all.
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { z } from 'astro/zod';
import type { Config } from '../schemas/config/config.ts';
import type { DeploymentSourceSchema } from '../schemas/config/deployments.ts';
import type { ProjectConfig } from '../schemas/config/projects.ts';
import type { InputError } from '../errors/index.ts';
import type { RawTag } from '../core/releases.ts';
import {
  changelogAtNoTag,
  deploymentsNoFile,
  deploymentsNoProject,
  pathAtNoTag,
  sbomsMatchNothing,
  tagsMatchNothing,
} from '../core/unmatched.ts';
import { compareVersions } from '../core/version.ts';
import { expandSource } from './deployments.ts';
import { sbomFileOf } from './release-sboms.ts';

/** Where a project's `path` and changelog were found: a release tag as `<name>\0<commit>`, or null for nowhere. */
export interface Seen {
  path: string | null;
  changelog: string | null;
}

const keyOf = (t: RawTag) => `${t.name}\0${t.peeled}`;
const releaseTags = (tags: RawTag[]) => tags.filter((t) => t.peeledType === 'commit');

/**
 * Problems known before any repository is read: a tag pattern that matches no tag, an `sboms`
 * pattern that names no file for any release, a deployment source that matches no file or names
 * a project the config does not have.
 */
export function problemsBeforeReading(
  config: Config,
  configDir: string,
  projects: {
    project: ProjectConfig;
    index: number;
    repo: string;
    allTags: RawTag[];
    tags: RawTag[];
    versions: string[];
  }[],
): { byProject: Map<string, InputError[]>; other: InputError[] } {
  const byProject = new Map<string, InputError[]>();
  for (const p of projects) {
    const ref = { id: p.project.id, index: p.index };
    const found: InputError[] = [];
    if (p.tags.length === 0)
      found.push(
        tagsMatchNothing(
          ref,
          p.project.tags,
          p.repo,
          p.allTags.map((t) => t.name),
        ),
      );
    else if (p.project.sboms) {
      const files = [...new Set(p.versions)]
        .sort(compareVersions)
        .map((v) => sbomFileOf(p.project, configDir, v)!);
      if (!files.some((f) => existsSync(f)))
        found.push(
          sbomsMatchNothing(
            ref,
            p.project.sboms,
            files.map((f) => relative(configDir, f).split(sep).join('/')),
            configDir,
          ),
        );
    }
    if (found.length) byProject.set(p.project.id, found);
  }
  const ids = config.projects.map((p) => p.id);
  const other = config.deployments.flatMap((source: z.infer<typeof DeploymentSourceSchema>, i) => [
    ...(expandSource(source.path, configDir).length === 0
      ? [deploymentsNoFile(i, source.path, configDir)]
      : []),
    ...(source.project !== undefined && !ids.includes(source.project)
      ? [deploymentsNoProject(i, source.project, ids)]
      : []),
  ]);
  return { byProject, other };
}

/** What a project's settings ask to be checked at its tags, and what is known already. */
export interface ExistenceCheck {
  /** Known from the state: found at this tag (still there), or null (not at the tags it saw). */
  known: Partial<Seen>;
  /** Tags to ask about, per setting: `path` always by existence; `changelog` beyond those whose section is read anyway. */
  ask: { path: RawTag[]; changelog: RawTag[] };
}

/**
 * Which tags to ask git about. `done` are the tags (`<name>\0<commit>`) whose changelog section
 * is not read this run (the releases an earlier harvest wrote). The state's `seen` is trusted only
 * when it was written with the same settings.
 */
export function plannedChecks(
  project: ProjectConfig,
  tags: RawTag[],
  done: Set<string>,
  before: { settings: string; seen?: Seen | null } | null,
  settings: string,
): ExistenceCheck {
  const releases = releaseTags(tags);
  const keys = new Set(releases.map(keyOf));
  const trusted = before !== null && before.settings === settings && before.seen ? before.seen : null;
  const check: ExistenceCheck = { known: {}, ask: { path: [], changelog: [] } };
  for (const setting of ['path', 'changelog'] as const) {
    if (!project[setting]) continue;
    const was = trusted?.[setting];
    if (was !== undefined && was !== null && keys.has(was)) check.known[setting] = was;
    else if (was === null) {
      // Not at any tag the last harvest saw: only the new tags can change that.
      check.known[setting] = null;
      if (setting === 'path') check.ask.path = releases.filter((t) => !done.has(keyOf(t)));
    } else {
      check.ask[setting] = setting === 'path' ? releases : releases.filter((t) => done.has(keyOf(t)));
    }
  }
  return check;
}

/**
 * Where each setting was found after the batch: known from the state, or the first tag git
 * answered for (`found` holds `<setting>\0<tag key>` for every answer that exists).
 */
export function seenAfter(
  project: ProjectConfig,
  tags: RawTag[],
  check: ExistenceCheck,
  found: Set<string>,
): Seen {
  const first = (setting: keyof Seen) =>
    check.known[setting] ??
    releaseTags(tags)
      .map(keyOf)
      .find((k) => found.has(`${setting}\0${k}`)) ??
    null;
  return {
    path: project.path ? first('path') : null,
    changelog: project.changelog ? first('changelog') : null,
  };
}

/** The problems of a project's path and changelog, once it is known where they were found. */
export function problemsOfSeen(
  ref: { id: string; index: number },
  project: ProjectConfig,
  changelogFile: string | null,
  releases: number,
  seen: Seen,
): InputError[] {
  if (releases === 0) return [];
  return [
    ...(project.path && seen.path === null ? [pathAtNoTag(ref, project.path, releases)] : []),
    ...(project.changelog && changelogFile && seen.changelog === null
      ? [changelogAtNoTag({ ...ref, path: project.path }, project.changelog, changelogFile, releases)]
      : []),
  ];
}

export { keyOf as tagKey };
