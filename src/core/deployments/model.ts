// From status records to deployments (docs/deployments.md): tie each to a release, merge the records of one
// deployment, mark rollbacks, sort; and the intervals during which each version ran where. Pure:
// every input is passed in, nothing is read, the clock is not consulted.
import type { Deployment, DeploymentProblem, DeploymentStatus } from '../../schemas/deployment.ts';
import { compareVersions } from '../version.ts';
import { epochOf } from './dates.ts';
import type { RawDeployment } from './types.ts';
import { compareCodeUnits } from '../compare.ts';

/** What `buildDeployments` needs of a release record. */
export interface DeployableRelease {
  project: string;
  version: string;
  tag: string;
  /** Full commit SHA of the tagged commit. */
  commit: string;
}

export interface EnvironmentRef {
  id: string;
  tier: string;
}

// --- Matching records to releases -----------------------------------------------------------------

interface ReleaseIndex {
  byVersion: Map<string, DeployableRelease>;
  byTag: Map<string, DeployableRelease>;
  /** Full SHA → the releases tagged on it. */
  byCommit: Map<string, DeployableRelease[]>;
  /** First 7 hex digits → full SHAs, for abbreviated SHAs. */
  byPrefix: Map<string, string[]>;
}

function indexReleases(releases: readonly DeployableRelease[]): Map<string, ReleaseIndex> {
  const out = new Map<string, ReleaseIndex>();
  for (const r of releases) {
    let ix = out.get(r.project);
    if (!ix)
      out.set(
        r.project,
        (ix = { byVersion: new Map(), byTag: new Map(), byCommit: new Map(), byPrefix: new Map() }),
      );
    ix.byVersion.set(r.version, r);
    ix.byTag.set(r.tag, r);
    const commit = r.commit.toLowerCase();
    const list = ix.byCommit.get(commit);
    if (list) list.push(r);
    else {
      ix.byCommit.set(commit, [r]);
      const prefix = commit.slice(0, 7);
      ix.byPrefix.set(prefix, [...(ix.byPrefix.get(prefix) ?? []), commit]);
    }
  }
  return out;
}

const stripRefsTags = (s: string) => s.replace(/^refs\/tags\//, '');

/**
 * The release a commit SHA (full, or abbreviated to 7 or more hex digits) names. An abbreviation
 * that fits two tagged commits names neither. Several releases on one commit (2.0.0-rc.3 and 2.0.0
 * tagged together): the highest version, the one a deployment of that commit ships as.
 */
function releaseOfSha(ix: ReleaseIndex, sha: string): DeployableRelease | null {
  let commit: string | undefined;
  if (ix.byCommit.has(sha)) commit = sha;
  else if (sha.length >= 7) {
    const candidates = (ix.byPrefix.get(sha.slice(0, 7)) ?? []).filter((c) => c.startsWith(sha));
    if (candidates.length === 1) commit = candidates[0];
  }
  const list = commit === undefined ? undefined : ix.byCommit.get(commit);
  if (!list) return null;
  return list.reduce((best, r) => (compareVersions(r.version, best.version) > 0 ? r : best));
}

/**
 * The release a record names, trying what it says in order of precision: its version (or a tag
 * written as the version), its tag, a ref that is a release's tag or version (GitLab's `ref` for a
 * tag pipeline, an Argo CD Helm revision), then its commit SHA(s).
 */
function matchRelease(
  ix: ReleaseIndex | undefined,
  ref: RawDeployment['ref'],
): { release: DeployableRelease | null; nameIs: 'tag' | 'version' | null } {
  if (!ix) return { release: null, nameIs: null };
  if (ref.version !== null) {
    const r = ix.byVersion.get(ref.version) ?? ix.byTag.get(ref.version);
    if (r) return { release: r, nameIs: null };
  }
  if (ref.tag !== null) {
    const r = ix.byTag.get(stripRefsTags(ref.tag));
    if (r) return { release: r, nameIs: null };
  }
  if (ref.name !== null) {
    const name = stripRefsTags(ref.name);
    const byTag = ix.byTag.get(name);
    if (byTag) return { release: byTag, nameIs: 'tag' };
    const byVersion = ix.byVersion.get(name);
    if (byVersion) return { release: byVersion, nameIs: 'version' };
  }
  for (const sha of ref.sha === null ? ref.moreShas : [ref.sha, ...ref.moreShas]) {
    const r = releaseOfSha(ix, sha);
    if (r) return { release: r, nameIs: null };
  }
  return { release: null, nameIs: null };
}

// --- Merging status records -----------------------------------------------------------------------

interface Timed {
  raw: RawDeployment;
  t: number;
  order: number;
}

/** A status that has not finished sorts before one that has, at the same instant. */
const rank = (s: DeploymentStatus) => (s === 'started' ? 0 : 1);

const lastOf = <T>(xs: Timed[], get: (r: RawDeployment) => T | null): T | null => {
  for (let i = xs.length - 1; i >= 0; i--) {
    const v = get(xs[i].raw);
    if (v !== null) return v;
  }
  return null;
};

function minIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return epochOf(b) < epochOf(a) ? b : a;
}

function merge(group: Timed[], ix: ReleaseIndex | undefined, tiers: Map<string, string>): Deployment {
  group.sort((a, b) => a.t - b.t || rank(a.raw.status) - rank(b.raw.status) || a.order - b.order);
  const attempts: Deployment['attempts'] = [];
  const seen = new Set<string>();
  for (const { raw, t } of group) {
    // The same status at the same instant twice is one attempt read twice (a deployment in a
    // `deployment` payload and again in its `deployment_status` payload).
    const key = `${raw.status}\u0000${t}`;
    if (seen.has(key)) continue;
    seen.add(key);
    attempts.push({ status: raw.status, at: raw.at, source: raw.source });
  }
  const final = group[group.length - 1].raw;
  const status = final.status;
  let startedAt: string | null = null;
  for (const { raw } of group)
    startedAt = minIso(startedAt, raw.startedAt ?? (raw.status === 'started' ? raw.at : null));
  if (startedAt === null && attempts.length > 1) startedAt = attempts[0].at;
  const finishedAt = status === 'started' ? null : (final.finishedAt ?? final.at);
  const at = finishedAt ?? startedAt ?? final.at;
  const durationSeconds =
    startedAt !== null && finishedAt !== null
      ? Math.max(0, (epochOf(finishedAt) - epochOf(startedAt)) / 1000)
      : null;

  const ref: RawDeployment['ref'] = {
    version: lastOf(group, (r) => r.ref.version),
    tag: lastOf(group, (r) => r.ref.tag),
    sha: lastOf(group, (r) => r.ref.sha),
    name: lastOf(group, (r) => r.ref.name),
    moreShas: [...new Set(group.flatMap((g) => g.raw.ref.moreShas))],
  };
  const { release, nameIs } = matchRelease(ix, ref);
  const approvers: string[] = [];
  for (const { raw } of group) for (const a of raw.approvers) if (!approvers.includes(a)) approvers.push(a);
  const environment = final.environment;
  return {
    id: final.id,
    project: final.project,
    version: release?.version ?? null,
    ref: {
      version: ref.version ?? (nameIs === 'version' ? ref.name : null),
      tag: ref.tag ?? (nameIs === 'tag' ? ref.name : null),
      sha: ref.sha ?? ref.moreShas[0] ?? null,
    },
    environment,
    tier: tiers.get(environment) ?? 'other',
    status,
    at,
    startedAt,
    finishedAt,
    durationSeconds,
    // Who deployed is who started it; later records are often written by a bot.
    actor: group.find((g) => g.raw.actor !== null)?.raw.actor ?? null,
    approvers,
    url: lastOf(group, (r) => r.url),
    description: lastOf(group, (r) => r.description),
    rollback: false,
    attempts,
    source: final.source,
    data: lastOf(group, (r) => r.data),
    freeze: null,
  };
}

const compareSource = (a: Deployment['source'], b: Deployment['source']) =>
  compareCodeUnits(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareCodeUnits(a.pointer, b.pointer);

const compareSameInstant = (a: Deployment, b: Deployment) =>
  compareCodeUnits(a.id, b.id) ||
  compareCodeUnits(a.project, b.project) ||
  compareCodeUnits(a.environment, b.environment) ||
  compareSource(a.source, b.source);

/** By `at` (the instant, not the text), then id, project, environment and source: a total order. */
export function compareDeployments(a: Deployment, b: Deployment): number {
  return epochOf(a.at) - epochOf(b.at) || compareSameInstant(a, b);
}

/** `compareDeployments` order, each `at` parsed once rather than in every comparison. */
function sortDeployments(list: Deployment[]): Deployment[] {
  return list
    .map((d) => ({ d, t: epochOf(d.at) }))
    .sort((a, b) => a.t - b.t || compareSameInstant(a.d, b.d))
    .map((x) => x.d);
}

/**
 * One record per deployment: the status records of one project with the same id are merged
 * (attempts oldest first, final status the last one, start and finish times, duration); each is
 * tied to a release of its project by version, tag or commit SHA, or keeps `version: null`; the
 * tier comes from the config's environments (`other` when unlisted); a successful deployment of
 * an older version than the one running before it in its project and environment is a rollback.
 * Sorted by `at`, then id. Nothing is dropped: every record is in one deployment.
 */
export function buildDeployments(input: {
  raw: RawDeployment[];
  releases: DeployableRelease[];
  environments: EnvironmentRef[];
}): Deployment[] {
  const index = indexReleases(input.releases);
  const tiers = new Map(input.environments.map((e) => [e.id, e.tier]));
  const groups = new Map<string, Timed[]>();
  input.raw.forEach((raw, order) => {
    const key = `${raw.project}\u0000${raw.id}`;
    const timed = { raw, t: epochOf(raw.at), order };
    const g = groups.get(key);
    if (g) g.push(timed);
    else groups.set(key, [timed]);
  });
  const deployments = sortDeployments(
    [...groups.values()].map((g) => merge(g, index.get(g[0].raw.project), tiers)),
  );
  markRollbacks(deployments);
  return deployments;
}

/** Whether a deployment ran in its environment: it succeeded, or succeeded and was later rolled back. */
export function wentLive(d: Pick<Deployment, 'status'>): boolean {
  return d.status === 'success' || d.status === 'rolled_back';
}

/** When a deployment that went live started running: its success, not the later rollback; null when it never ran. */
export function liveAt(d: Pick<Deployment, 'status' | 'at' | 'startedAt' | 'attempts'>): string | null {
  if (d.status === 'success') return d.at;
  if (d.status !== 'rolled_back') return null;
  return d.attempts.find((a) => a.status === 'success')?.at ?? d.startedAt ?? d.at;
}

/** The deployments that went live, in the order they went live (then `compareDeployments` order). */
function liveInOrder(deployments: readonly Deployment[]): { d: Deployment; from: string }[] {
  return deployments
    .filter(wentLive)
    .map((d) => ({ d, from: liveAt(d)!, t: epochOf(liveAt(d)!) }))
    .sort((a, b) => a.t - b.t || compareDeployments(a.d, b.d))
    .map(({ d, from }) => ({ d, from }));
}

/**
 * `rollback` on each deployment that put live a lower version than the one running before it. A
 * deployment that finished `rolled_back` did run, so it counts as what was running.
 */
function markRollbacks(sorted: Deployment[]): void {
  const running = new Map<string, string | null>();
  for (const { d } of liveInOrder(sorted)) {
    const key = `${d.project}\u0000${d.environment}`;
    const before = running.get(key) ?? null;
    d.rollback = before !== null && d.version !== null && compareVersions(d.version, before) < 0;
    running.set(key, d.version);
  }
}

// --- What ran where, when ------------------------------------------------------------------------

/** A version running in one environment of one project from `from` until `to` (exclusive; null: still running). */
export interface EnvironmentInterval {
  project: string;
  environment: string;
  tier: string;
  /** The release, or null when the deployment matched none (then `ref` says what it named). */
  version: string | null;
  ref: Deployment['ref'];
  from: string;
  to: string | null;
  /** The successful deployments of this version in the interval, oldest first: the first one put it there. */
  deploymentIds: string[];
}

/** What a deployment put in place: its version, else the commit it named, else only itself. */
const identity = (d: Deployment) =>
  d.version !== null ? `v:${d.version}` : d.ref.sha !== null ? `sha:${d.ref.sha}` : `id:${d.id}`;

/**
 * Per project and environment, the intervals [from, to) during which each version ran: each
 * deployment that went live (success, or later rolled back: it ran until the rollback) replaces
 * what ran before it from the moment it went live; a failed or canceled one changes nothing, and
 * redeploying the running version extends its interval. Sorted by project, environment, `from`.
 */
export function environmentIntervals(deployments: readonly Deployment[]): EnvironmentInterval[] {
  const byPlace = new Map<string, { d: Deployment; from: string }[]>();
  for (const live of liveInOrder(deployments)) {
    const key = `${live.d.project}\u0000${live.d.environment}`;
    const list = byPlace.get(key);
    if (list) list.push(live);
    else byPlace.set(key, [live]);
  }
  const out: EnvironmentInterval[] = [];
  const keys = [...byPlace.keys()].sort();
  for (const key of keys) {
    let current: EnvironmentInterval | null = null;
    let currentIdentity = '';
    for (const { d, from } of byPlace.get(key)!) {
      if (current && identity(d) === currentIdentity) {
        current.deploymentIds.push(d.id);
        continue;
      }
      if (current) current.to = from;
      current = {
        project: d.project,
        environment: d.environment,
        tier: d.tier,
        version: d.version,
        ref: d.ref,
        from,
        to: null,
        deploymentIds: [d.id],
      };
      currentIdentity = identity(d);
      out.push(current);
    }
  }
  return out;
}

/** The intervals running at `instant` (an ISO date and time or epoch milliseconds): one per project and environment at most. */
export function intervalsAt(
  intervals: readonly EnvironmentInterval[],
  instant: string | number,
): EnvironmentInterval[] {
  const t = typeof instant === 'number' ? instant : epochOf(instant);
  return intervals.filter((i) => epochOf(i.from) <= t && (i.to === null || t < epochOf(i.to)));
}

/** Problems for records whose project the config does not define (a typo would otherwise make a page of its own). */
export function unknownProjectProblems(
  raw: readonly RawDeployment[],
  projectIds: readonly string[],
): DeploymentProblem[] {
  const known = new Set(projectIds);
  const list = [...known]
    .sort()
    .map((p) => JSON.stringify(p))
    .join(', ');
  return raw
    .filter((r) => !known.has(r.project))
    .map((r) => ({
      file: r.source.file,
      line: r.source.line,
      pointer: r.source.format === 'waybill' ? '/project' : r.source.pointer,
      message: `expected the id of a project in the config (${list}), found ${JSON.stringify(r.project)}`,
    }));
}
