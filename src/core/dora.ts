// The DORA four keys (docs/site.md, "Delivery metrics"), per project and environment tier, over a window of time. Pure:
// the deployments, the releases and the window come in; nothing reads a file or the clock.
//
// Definitions (each one is also said in words on /metrics/, src/lib/delivery/dora-keys.ts):
//
// - A deployment is *in the window* when its `at` (the instant it reached its final status) is
//   after `window.from` and not after `window.to`.
// - A deployment *went live* when it finished with `success`, or with `rolled_back` (it ran, then
//   was rolled back). It went live at `at` for a success, and at its first `success` attempt (else
//   its start) for one rolled back. `failed`, `canceled` and `started` deployments never went live.
// - **Deployment frequency**: deployments that went live in the window, per week.
// - **Lead time for changes**: for each commit of a release (the release records' `changes`, with
//   the author date), the time from the author date to the first deployment that went live in the
//   tier of a release that contains the commit: the release whose `changes` list it, or any later
//   release whose `previous` chain leads back to that one. Counted in the window of that first
//   deployment; the figure is the median over those commits.
// - **Change failure rate**: of the deployments in the window that finished (`success`, `failed`,
//   `rolled_back`; not `canceled`, not still `started`), the share that failed: `failed`,
//   `rolled_back`, or replaced by a later rollback deployment (`rollback: true`) in the same
//   project and environment.
// - **Time to restore**: for each such failure in the window, from when it started (a rolled-back
//   one: from when it went live) to when the next deployment in the same project and environment
//   went live; the figure is the median. A failure not yet followed by one is listed, not counted.
//
// Bands: the software delivery performance levels of Google Cloud's "Accelerate State of DevOps
// Report 2023" (DORA), table "Software delivery performance metrics by cluster":
//
//   level   deployment frequency                      change lead time              change failure rate   failed deployment recovery time
//   elite   on demand (multiple deploys per day)      less than one day             5%                    less than one hour
//   high    between once per day and once per week    between one day and one week  10%                   less than one day
//   medium  between once per week and once per month  between one week and one month 15%                 between one day and one week
//   low     between once per week and once per month  between one week and one month 64%                 between one month and six months
//
// The report gives ranges that leave gaps and (for low) repeat medium's, and a typical rate per
// cluster rather than a range for failures. So the bands here are the report's upper bounds, each
// band starting where the one above ends: frequency elite above one a day, high from one a week,
// medium from one in 30 days, low below; lead time elite under 1 day, high under 7 days, medium
// under 30 days, low from 30 days; change failure rate elite up to 5%, high up to 10%, medium up
// to 15%, low above; time to restore elite under 1 hour, high under 1 day, medium under 7 days,
// low from 7 days (the report's low starts at a month; between a week and a month is no band of
// its own there, and is not medium).
import type { Deployment, Release } from '../schemas/index.ts';
import { liveAt, wentLive } from './deployments/index.ts';
import { compareVersions } from './version.ts';
import { compareCodeUnits } from './compare.ts';

/** The default window: DORA's surveys ask about the last few months; a quarter is the convention of most dashboards. */
export const DORA_WINDOW_DAYS = 90;

export type DoraBand = 'elite' | 'high' | 'medium' | 'low';
export const DORA_BANDS: readonly DoraBand[] = ['elite', 'high', 'medium', 'low'];

const HOUR = 3600;
const DAY = 24 * HOUR;

/** The thresholds above, in one place; src/lib/delivery/dora-view.ts prints them. */
export const DORA_THRESHOLDS = {
  /** Deployments per day: elite above 1, high from 1/7, medium from 1/30. */
  frequencyPerDay: { elite: 1, high: 1 / 7, medium: 1 / 30 },
  /** Seconds: elite under 1 day, high under 7 days, medium under 30 days. */
  leadTimeSeconds: { elite: DAY, high: 7 * DAY, medium: 30 * DAY },
  /** Share of deployments: elite up to 0.05, high up to 0.10, medium up to 0.15. */
  changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
  /** Seconds: elite under 1 hour, high under 1 day, medium under 7 days. */
  restoreSeconds: { elite: HOUR, high: DAY, medium: 7 * DAY },
} as const;

export function frequencyBand(perDay: number): DoraBand {
  const t = DORA_THRESHOLDS.frequencyPerDay;
  return perDay > t.elite ? 'elite' : perDay >= t.high ? 'high' : perDay >= t.medium ? 'medium' : 'low';
}

export function leadTimeBand(seconds: number): DoraBand {
  const t = DORA_THRESHOLDS.leadTimeSeconds;
  return seconds < t.elite ? 'elite' : seconds < t.high ? 'high' : seconds < t.medium ? 'medium' : 'low';
}

export function changeFailureBand(rate: number): DoraBand {
  const t = DORA_THRESHOLDS.changeFailureRate;
  return rate <= t.elite ? 'elite' : rate <= t.high ? 'high' : rate <= t.medium ? 'medium' : 'low';
}

export function restoreBand(seconds: number): DoraBand {
  const t = DORA_THRESHOLDS.restoreSeconds;
  return seconds < t.elite ? 'elite' : seconds < t.high ? 'high' : seconds < t.medium ? 'medium' : 'low';
}

export interface DoraWindow {
  /** Exclusive start, ISO 8601. */
  from: string;
  /** Inclusive end, ISO 8601 (the harvest time). */
  to: string;
  days: number;
}

/** The `days` ending at `to` (the harvest time, never the clock). */
export function doraWindow(to: string, days: number = DORA_WINDOW_DAYS): DoraWindow {
  const end = Date.parse(to);
  return { from: new Date(end - days * DAY * 1000).toISOString(), to: new Date(end).toISOString(), days };
}

/** The tiers in pipeline order; any other tier name sorts after them, by name. */
const TIER_ORDER = ['production', 'staging', 'testing', 'development', 'other'];

export function compareTiers(a: string, b: string): number {
  const ia = TIER_ORDER.indexOf(a);
  const ib = TIER_ORDER.indexOf(b);
  if (ia !== ib) return (ia < 0 ? TIER_ORDER.length : ia) - (ib < 0 ? TIER_ORDER.length : ib);
  return compareCodeUnits(a, b);
}

const epoch = (iso: string) => Date.parse(iso);

/** `<project>\0<environment>`: where a deployment ran. */
const placeOf = (d: Pick<Deployment, 'project' | 'environment'>) => `${d.project}\u0000${d.environment}`;

export type FailureKind = 'failed' | 'rolled_back' | 'replaced_by_rollback';

export interface DoraDeployment {
  deployment: Deployment;
  live: boolean;
  /** Counts in the change failure rate (finished: not canceled, not still running). */
  finished: boolean;
  /** Why it counts as a change failure, or null. */
  failure: FailureKind | null;
  /** For `replaced_by_rollback`: the rollback deployment's id. */
  rolledBackBy: string | null;
}

export interface LeadTimeSample {
  commit: string;
  /** Author date of the commit, as recorded. */
  authoredAt: string;
  /** The release whose changes list the commit (the lowest version when several do). */
  release: string;
  /** The deployment that first put a release containing it live in this tier. */
  deploymentId: string;
  deployedVersion: string;
  deployedAt: string;
  seconds: number;
}

export interface RestoreSample {
  failureId: string;
  failedAt: string;
  /** The next deployment that went live in the same project and environment, or null when none has yet. */
  restoredById: string | null;
  restoredAt: string | null;
  seconds: number | null;
}

export interface DoraMetrics {
  project: string;
  tier: string;
  /** The environments of this tier that have deployments of this project, by id. */
  environments: string[];
  window: DoraWindow;
  /** Every deployment of the project in this tier in the window, in list order. */
  deployments: DoraDeployment[];
  frequency: { count: number; weeks: number; perWeek: number; band: DoraBand };
  leadTime: { samples: LeadTimeSample[]; medianSeconds: number | null; band: DoraBand | null };
  changeFailureRate: { failures: number; total: number; rate: number | null; band: DoraBand | null };
  timeToRestore: { samples: RestoreSample[]; medianSeconds: number | null; band: DoraBand | null };
}

/** The median of some numbers: the middle one, or the mean of the two middle ones; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const byListOrder = (a: Deployment, b: Deployment) =>
  epoch(a.at) - epoch(b.at) || compareCodeUnits(a.id, b.id);

export interface DoraInput {
  deployments: readonly Deployment[];
  /** Every release of the projects (only `project`, `version`, `previous` and `changes` are read). */
  releases: readonly Pick<Release, 'project' | 'version' | 'previous' | 'changes'>[];
  window: DoraWindow;
  /** Project order of the result (site.json order); projects without deployments are left out. */
  projects: readonly string[];
}

/**
 * The four keys for every project and tier that has deployments (at any time: a tier with none in
 * the window still gets its row, with nothing to count), in project order, then tier order.
 */
export function computeDora(input: DoraInput): DoraMetrics[] {
  const out: DoraMetrics[] = [];
  for (const project of input.projects) {
    const mine = input.deployments.filter((d) => d.project === project).sort(byListOrder);
    if (mine.length === 0) continue;
    const releases = input.releases.filter((r) => r.project === project);
    const tiers = [...new Set(mine.map((d) => d.tier))].sort(compareTiers);
    for (const tier of tiers)
      out.push(
        computeGroup(
          project,
          tier,
          mine.filter((d) => d.tier === tier),
          releases,
          input.window,
        ),
      );
  }
  return out;
}

function computeGroup(
  project: string,
  tier: string,
  all: Deployment[],
  releases: DoraInput['releases'],
  window: DoraWindow,
): DoraMetrics {
  const from = epoch(window.from);
  const to = epoch(window.to);
  const inWindow = (d: Deployment) => epoch(d.at) > from && epoch(d.at) <= to;

  // A rollback deployment that went live marks the deployment that was live just before it, in its
  // project and environment, as a change failure (the log may not say `rolled_back` itself).
  const replacedBy = new Map<Deployment, Deployment>();
  const live = all
    .filter(wentLive)
    .sort((a, b) => epoch(liveAt(a)!) - epoch(liveAt(b)!) || byListOrder(a, b));
  const lastLive = new Map<string, Deployment>();
  for (const d of live) {
    const before = lastLive.get(placeOf(d));
    if (d.rollback && before) replacedBy.set(before, d);
    lastLive.set(placeOf(d), d);
  }

  const deployments: DoraDeployment[] = all.filter(inWindow).map((d) => {
    const rollback = replacedBy.get(d);
    const failure: FailureKind | null =
      d.status === 'failed'
        ? 'failed'
        : d.status === 'rolled_back'
          ? 'rolled_back'
          : rollback
            ? 'replaced_by_rollback'
            : null;
    return {
      deployment: d,
      live: wentLive(d),
      finished: d.status === 'success' || d.status === 'failed' || d.status === 'rolled_back',
      failure,
      rolledBackBy: failure === 'replaced_by_rollback' ? rollback!.id : null,
    };
  });

  // Deployment frequency
  const count = deployments.filter((d) => d.live).length;
  const weeks = window.days / 7;
  const frequency = { count, weeks, perWeek: count / weeks, band: frequencyBand(count / window.days) };

  // Change failure rate
  const finished = deployments.filter((d) => d.finished);
  const failures = finished.filter((d) => d.failure !== null);
  const rate = finished.length === 0 ? null : failures.length / finished.length;
  const changeFailureRate = {
    failures: failures.length,
    total: finished.length,
    rate,
    band: rate === null ? null : changeFailureBand(rate),
  };

  // Time to restore
  const restores: RestoreSample[] = failures.map(({ deployment: f }) => {
    const failedAt = f.status === 'failed' ? (f.startedAt ?? f.at) : (liveAt(f) ?? f.startedAt ?? f.at);
    const next = live.find(
      (d) => d !== f && placeOf(d) === placeOf(f) && epoch(liveAt(d)!) > epoch(failedAt),
    );
    const restoredAt = next ? liveAt(next)! : null;
    return {
      failureId: f.id,
      failedAt,
      restoredById: next?.id ?? null,
      restoredAt,
      seconds: restoredAt === null ? null : (epoch(restoredAt) - epoch(failedAt)) / 1000,
    };
  });
  const restoreMedian = median(restores.flatMap((r) => (r.seconds === null ? [] : [r.seconds])));
  const timeToRestore = {
    samples: restores,
    medianSeconds: restoreMedian,
    band: restoreMedian === null ? null : restoreBand(restoreMedian),
  };

  // Lead time for changes
  const samples = leadTimes(releases, live, inWindow);
  const leadMedian = median(samples.map((s) => s.seconds));
  const leadTime = {
    samples,
    medianSeconds: leadMedian,
    band: leadMedian === null ? null : leadTimeBand(leadMedian),
  };

  return {
    project,
    tier,
    environments: [...new Set(all.map((d) => d.environment))].sort(),
    window,
    deployments,
    frequency,
    leadTime,
    changeFailureRate,
    timeToRestore,
  };
}

/**
 * Each commit's lead time to the first deployment, in this tier, that put a release containing it
 * live; only commits whose first such deployment is in the window. `live` is sorted by live time.
 *
 * "Contains" follows `previous`: the releases form a forest (each release points at its previous
 * one), and a release contains its own changes and those of every release below it. So the first
 * live deployment of anything containing release R is the earliest over R and R's descendants,
 * computed once per release, bottom-up, instead of once per commit.
 */
function leadTimes(
  releases: DoraInput['releases'],
  live: Deployment[],
  inWindow: (d: Deployment) => boolean,
): LeadTimeSample[] {
  const firstLive = new Map<string, Deployment>();
  for (const d of live) if (d.version !== null && !firstLive.has(d.version)) firstLive.set(d.version, d);
  const timeOf = (d: Deployment) => epoch(liveAt(d)!);
  const earlier = (a: Deployment | undefined, b: Deployment | undefined) =>
    !a
      ? b
      : !b
        ? a
        : timeOf(a) !== timeOf(b)
          ? timeOf(a) < timeOf(b)
            ? a
            : b
          : byListOrder(a, b) <= 0
            ? a
            : b;

  const byVersion = new Map(releases.map((r) => [r.version, r]));
  const children = new Map<string, string[]>();
  for (const r of releases) {
    if (r.previous !== null && byVersion.has(r.previous))
      children.set(r.previous, [...(children.get(r.previous) ?? []), r.version]);
  }
  // Earliest live deployment containing each release, by an iterative post-order walk (a history
  // of thousands of releases would overflow a recursive one). `entered` guards against a cycle
  // of `previous` links, which a hand-edited data folder could have.
  const containing = new Map<string, Deployment | undefined>();
  const entered = new Set<string>();
  for (const root of releases) {
    if (entered.has(root.version)) continue;
    const stack: [string, boolean][] = [[root.version, false]];
    while (stack.length) {
      const [v, done] = stack.pop()!;
      if (done) {
        let best = firstLive.get(v);
        for (const c of children.get(v) ?? []) best = earlier(best, containing.get(c));
        containing.set(v, best);
      } else if (!entered.has(v)) {
        entered.add(v);
        stack.push([v, true]);
        for (const c of children.get(v) ?? []) if (!entered.has(c)) stack.push([c, false]);
      }
    }
  }
  // A commit listed by several releases (a prerelease and the final release after it) counts
  // once, with the earliest deployment of any release that lists it.
  const byCommit = new Map<string, { authoredAt: string; releases: string[] }>();
  for (const r of releases) {
    for (const c of r.changes) {
      const seen = byCommit.get(c.hash);
      if (seen) seen.releases.push(r.version);
      else byCommit.set(c.hash, { authoredAt: c.date, releases: [r.version] });
    }
  }
  const samples: LeadTimeSample[] = [];
  for (const [commit, { authoredAt, releases: listed }] of byCommit) {
    let first: Deployment | undefined;
    for (const v of listed) first = earlier(first, containing.get(v));
    if (!first || !inWindow(first)) continue;
    const deployedAt = liveAt(first)!;
    samples.push({
      commit,
      authoredAt,
      // The lowest version that lists it: the prerelease that brought it, not the final release after.
      release: listed.reduce((best, v) => (compareVersions(v, best) < 0 ? v : best)),
      deploymentId: first.id,
      deployedVersion: first.version!,
      deployedAt,
      seconds: (epoch(deployedAt) - epoch(authoredAt)) / 1000,
    });
  }
  // Longest wait first, then by commit: the order of the table on /metrics/.
  return samples.sort((a, b) => b.seconds - a.seconds || compareCodeUnits(a.commit, b.commit));
}
