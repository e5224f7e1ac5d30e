// What lets a harvest skip work the last one did: each project's state file (`.state/<id>.json`,
// src/schemas/state.ts), the fingerprint that says a project is unchanged since, which releases
// already written may be kept, and whether the audit chain still vouches for them
// (docs/data-folder.md, "Caches are not content"; docs/audit.md, "The audit chain").
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../schemas/config/config.ts';
import type { ProjectConfig } from '../schemas/config/projects.ts';
import { contributorKeys } from '../core/assemble.ts';
import { releaseOrder, type PlannedRelease, type RawTag, type ReleasePlan } from '../core/releases.ts';
import { DATA_FORMAT, dataPaths } from '../schemas/layout.ts';
import { NextSchema, ProjectSchema } from '../schemas/project.ts';
import type { Release } from '../schemas/release.ts';
import { StateSchema, type ReleaseRef, type State } from '../schemas/state.ts';
import { commitTypeWarnings } from './assemble.ts';
import { GENERATOR } from './data-format.ts';
import type { EvidenceState } from './evidence-state.ts';
import type { Job, ProjectSummary } from './job.ts';
import { overlayFingerprint } from './overlays.ts';
import { sbomFingerprint } from './release-sboms.ts';
import { sealJson, unsealJson } from './sealed-json.ts';
import type { SignatureKeys } from './signatures.ts';
import type { SigningKey } from './ssh-keygen.ts';
import { checkKeptRecords, stateDisagreesWithTags, type ChainRead } from './trust.ts';
import { writeFileAtomic } from './write.ts';
import { sha256Hex } from '../core/canonical.ts';

/**
 * The release rules a data folder was assembled by (docs/releases-from-git.md): a harvest by other
 * rules assembles every release again rather than keep records the rules now read differently.
 * 3: release records carry `contains` and `received` (docs/data-folder.md, "What a release
 * contains"), so the first harvest after it writes them into every record kept so far.
 */
const HARVEST_RULES = 3;

const sha256Json = (value: unknown) => sha256Hex(JSON.stringify(value));

/** `<kind>:<sha256>` of each signature key file (`-` when missing): new or changed keys change what a signature's status is. */
export function keyDigests(keys: SignatureKeys): string[] {
  return Object.entries(keys).map(
    ([k, file]) => `${k}:${existsSync(file) ? sha256Hex(readFileSync(file)) : '-'}`,
  );
}

/**
 * What a project's state compares with the last harvest's: `settings` (everything but the tags,
 * the branch head, the SBOM files and the overlays), the SBOM files' and overlays' digests, and
 * the `fingerprint` of all of them together.
 */
export function fingerprintsOf(input: {
  project: ProjectConfig;
  config: Config;
  configDir: string;
  notesDir: string;
  keyDigests: string[];
  head: string | null;
  tags: RawTag[];
  versions: string[];
}): Pick<Job, 'fingerprint' | 'settings' | 'sboms' | 'overlays'> {
  const { project, config } = input;
  // New or changed signing keys change what a signature's status is: verify again.
  const settings = sha256Json({
    format: DATA_FORMAT,
    generator: GENERATOR,
    rules: HARVEST_RULES,
    project,
    bots: config.bots,
    // Left out when empty, so a config without them keeps the fingerprint it had before.
    ...(config.identities.length ? { identities: config.identities } : {}),
    keys: input.keyDigests,
  });
  const sboms = sbomFingerprint(project, input.configDir, input.versions);
  const overlays = overlayFingerprint(input.notesDir, project.id);
  const fingerprint = sha256Json({
    settings,
    head: input.head,
    tags: input.tags.map((t) => [t.name, t.object]),
    overlays,
    sboms,
  });
  return { fingerprint, settings, sboms, overlays };
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

/**
 * Records the last harvest wrote are kept only when they are what the audit chain covers (up to
 * its last signed head: what came after was appended without the key). A project whose records
 * do not check is marked `untrusted`: its releases are assembled again from git.
 */
export function markUntrusted(
  jobs: Job[],
  chain: ChainRead | null,
  written: EvidenceState,
  signingKey: SigningKey | null,
  dataDir: string,
  warn: (line: string) => void,
): void {
  const signedTo = chain?.heads.at(-1)?.seq;
  if (chain && signedTo !== undefined && signedTo < chain.events.length)
    warn(
      `${dataPaths.audit}: ${signedTo + 1 === chain.events.length ? `line ${signedTo + 1} comes` : `lines ${signedTo + 1}–${chain.events.length} come`} after its last signed head (line ${signedTo}): what ${signedTo + 1 === chain.events.length ? 'it records' : 'they record'} is read again from git${signingKey ? ' before this harvest signs a head over it' : ''}`,
    );
  for (const job of chain ? jobs : []) {
    if (!job.before) continue;
    const problems = checkKeptRecords(dataDir, job.project.id, job.before.releases, chain!.anchored, written);
    if (problems.length === 0) continue;
    job.untrusted = true;
    warn(
      `${job.project.id}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}: its releases are read again from git`,
    );
  }
}

/**
 * Whether a project is unchanged since the last harvest, so it is not read again: nothing changed
 * in its sources and every file the last harvest wrote is there. The state stands in for git only
 * here: its releases must be the repository's tags as git lists them now (a state edited to move
 * or drop a tag must not become a `tag.moved` or `tag.deleted` event); one that does not is warned
 * about and the project marked `untrusted`.
 */
export function isUnchanged(
  job: Job,
  dataDir: string,
  warn: (line: string) => void,
): job is Job & { before: State } {
  const { before } = job;
  const projectFile = join(dataDir, dataPaths.project(job.project.id));
  const intact = () =>
    existsSync(projectFile) &&
    before!.releases.every((r) => existsSync(join(dataDir, dataPaths.release(job.project.id, r.slug))));
  const disagrees =
    before?.fingerprint === job.fingerprint ? stateDisagreesWithTags(before.releases, job.tags) : null;
  if (disagrees) {
    job.untrusted = true;
    warn(
      `${dataPaths.state(job.project.id)} does not agree with the repository (${disagrees}): the project is read again from git`,
    );
  }
  return !job.untrusted && before?.fingerprint === job.fingerprint && intact();
}

/** The summary of a project unchanged since the last harvest, from the records it wrote. */
export function unchangedSummary(job: Job & { before: State }, dataDir: string): ProjectSummary {
  const p = ProjectSchema.parse(
    JSON.parse(readFileSync(join(dataDir, dataPaths.project(job.project.id)), 'utf8')),
  );
  const nextFile = join(dataDir, dataPaths.next(job.project.id));
  const unreleased = existsSync(nextFile)
    ? NextSchema.parse(JSON.parse(readFileSync(nextFile, 'utf8'))).commitCount
    : 0;
  return {
    id: job.project.id,
    releases: p.releaseCount,
    changed: 0,
    added: 0,
    warnings: [
      ...p.skipped.map((t) => `skipped tag ${t.tag}: ${t.reason}`),
      ...commitTypeWarnings(job.before.unusedCommitTypes, job.index),
    ],
    unreleased,
    skippedTags: p.skipped.length,
    sboms: 0,
    unchanged: true,
  };
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

/**
 * The state a harvest leaves of a project it assembled: every release (kept ones as they were),
 * and every contributor so far.
 */
export function stateAfter(
  job: Job,
  fullPlan: ReleasePlan,
  releases: Release[],
  kept: Set<string> | null,
  unusedCommitTypes: string[],
): State {
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
  const contributors = [
    ...new Set([
      ...(kept ? job.before!.contributors : []),
      ...releases.flatMap((r) => r.contributors.flatMap(contributorKeys)),
    ]),
  ].sort();
  return {
    fingerprint: job.fingerprint,
    settings: job.settings,
    sboms: job.sboms,
    overlays: job.overlays,
    releases: fullPlan.releases.map((r) => written.get(r.slug) ?? old.get(r.slug)!),
    contributors,
    unusedCommitTypes,
    seen: job.seen,
  };
}

/** Writes the state, sealed with its digest (src/harvest/sealed-json.ts). */
export function writeState(dataDir: string, projectId: string, state: State): void {
  writeFileAtomic(join(dataDir, dataPaths.state(projectId)), sealJson(state));
}
