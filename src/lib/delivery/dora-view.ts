// The view model of /metrics/ (internal audience only): the DORA four keys of src/core/dora.ts per
// project and environment tier, each figure with its band, a chart, a sentence saying how it is
// computed, and a link to the rows of the records table behind it.
import {
  compareTiers,
  computeDora,
  type DoraBand,
  type DoraMetrics,
  type FailureKind,
} from '../../core/dora.ts';
import type { DeploymentStatus } from '../../schemas/index.ts';
import { formatDuration, formatStatus, formatVersionLabel, safeHttpUrl } from './environments.ts';
import { formatDateTime, plural, type DateView } from '../render/format.ts';
import { makeLinker, shortHash } from '../model/links.ts';
import { getMetricsWindows, metricsAnchor, metricsPathOf, type MetricsWindow } from './metrics-windows.ts';
import type { Portal, ReleaseSummary } from '../model/portal.ts';
import { columnChart, type Column, type SafeSvg } from '../render/svg-chart.ts';
import { deploymentAnchor } from '../model/urls.ts';
import type { LinkView } from '../layout/layout.ts';

export type KeyId = 'frequency' | 'lead-time' | 'change-failure-rate' | 'time-to-restore';

export interface KeyView {
  id: KeyId;
  name: string;
  /** `0.31 a week`, `5 d 13 h`, `40%`, or `none` when there is nothing to measure. */
  figure: string;
  /** The records table (or its first counted row) behind the figure. */
  figureUrl: string;
  /** `4 deployments went live in 90 days` */
  detail: string;
  band: DoraBand | null;
  bandText: string;
  /** How the figure is computed, in one sentence. */
  how: string;
  chart: SafeSvg;
}

export interface RunRowView {
  anchor: string;
  at: DateView;
  environment: string;
  version: { label: string; url: string | null };
  status: DeploymentStatus;
  statusText: string;
  rollback: boolean;
  /** `went live`, or why not. */
  live: boolean;
  /** Counted in the change failure rate. */
  finished: boolean;
  failure: string | null;
  actor: string | null;
  approvers: string[];
  logUrl: string;
  url: string | null;
}

export interface LeadRowView {
  anchor: string;
  commit: { short: string; hash: string; url: string | null };
  authoredAt: DateView;
  release: { text: string; url: string | null };
  deployment: { text: string; url: string };
  deployedAt: DateView;
  leadTime: string;
  isMedian: boolean;
}

export interface RestoreRowView {
  anchor: string;
  failure: { text: string; url: string };
  failedAt: DateView;
  restoredBy: { text: string; url: string } | null;
  restoredAt: DateView | null;
  took: string | null;
  isMedian: boolean;
}

export interface GroupView {
  /** Fragment id of the group's section; its tables are `<id>-runs`, `<id>-lead`, `<id>-restore`. */
  id: string;
  project: LinkView;
  tier: string;
  environments: string[];
  keys: KeyView[];
  runs: RunRowView[];
  leads: LeadRowView[];
  restores: RestoreRowView[];
}

/** One window the reader can switch to: a static page of its own. */
export interface WindowChoiceView {
  id: string;
  text: string;
  url: string;
  current: boolean;
}

/** One project in one tier, in the summary matrix: its four figures and bands, linked to its section. */
export interface SummaryCellView {
  url: string;
  keys: { name: string; figure: string; band: DoraBand | null; bandText: string }[];
}

export interface MetricsView {
  window: {
    id: string;
    label: string;
    days: number;
    from: DateView;
    to: DateView;
    /** What the end is: `the latest deployment recorded`, or `the end of the quarter`. */
    toWhat: string;
  };
  /** The rolling windows and the quarters, each a page; the current one marked. */
  choices: { rolling: WindowChoiceView[]; quarters: WindowChoiceView[] };
  /** Every project with deployments by every tier: a cell, or null where the project has none in that tier. */
  summary: { tiers: string[]; rows: { project: LinkView; cells: (SummaryCellView | null)[] }[] };
  timeZone: string;
  groups: GroupView[];
  /** Projects with no deployment at all. */
  without: LinkView[];
  bands: {
    band: DoraBand;
    frequency: string;
    leadTime: string;
    changeFailureRate: string;
    timeToRestore: string;
  }[];
  links: { environments: string; api: string };
}

const BAND_TEXT: Record<DoraBand, string> = { elite: 'Elite', high: 'High', medium: 'Medium', low: 'Low' };

const FAILURE_TEXT: Record<FailureKind, string> = {
  failed: 'failed',
  rolled_back: 'rolled back',
  replaced_by_rollback: 'rolled back',
};

const HOUR = 3600;
const DAY = 24 * HOUR;

/** `0.31 a week`, or `2.4 a day` from one a day up. */
export function formatFrequency(perWeek: number): string {
  if (perWeek >= 7) return `${round(perWeek / 7, 1)} a day`;
  return `${round(perWeek, 2)} a week`;
}

/** `40%`, `66.7%`, `0%` */
export function formatRate(rate: number): string {
  return `${round(rate * 100, 1)}%`;
}

function round(x: number, digits: number): string {
  const f = 10 ** digits;
  return String(Math.round(x * f) / f);
}

/** The 2023 report's bands as DORA_THRESHOLDS in src/core/dora.ts applies them (it says why these bounds). */
function bandRows(): MetricsView['bands'] {
  return [
    {
      band: 'elite',
      frequency: 'more than once a day',
      leadTime: 'under 1 day',
      changeFailureRate: 'up to 5%',
      timeToRestore: 'under 1 hour',
    },
    {
      band: 'high',
      frequency: 'once a week to once a day',
      leadTime: '1 day to under 1 week',
      changeFailureRate: 'over 5% up to 10%',
      timeToRestore: '1 hour to under 1 day',
    },
    {
      band: 'medium',
      frequency: 'once in 30 days to once a week',
      leadTime: '1 week to under 30 days',
      changeFailureRate: 'over 10% up to 15%',
      timeToRestore: '1 day to under 1 week',
    },
    {
      band: 'low',
      frequency: 'less than once in 30 days',
      leadTime: '30 days or more',
      changeFailureRate: 'over 15%',
      timeToRestore: '1 week or more',
    },
  ];
}

/** The page of a window: `/metrics/` for the default 90 days, `/metrics/<id>/` for the others. */
export function metricsPageUrl(portal: Pick<Portal, 'paths'>, id: string): string {
  const path = metricsPathOf(id);
  return path === undefined ? portal.paths.metrics : `${portal.paths.metrics}${path}/`;
}

/** `/metrics/` and one page per other window (internal audience only; none for the public). */
export function getMetricsPaths(portal: Portal): { params: { path: string | undefined } }[] {
  if (portal.audience !== 'internal') return [];
  return getMetricsWindows(portal).map((w) => ({ params: { path: metricsPathOf(w.id) } }));
}

/** The window a page's path names (`undefined` is the default 90 days), or an error naming it. */
export function resolveMetricsWindow(portal: Portal, path: string | undefined): MetricsWindow {
  const windows = getMetricsWindows(portal);
  const found = windows.find((w) => metricsPathOf(w.id) === path);
  if (!found)
    throw new Error(`waybill: no metrics window "${path}" (windows: ${windows.map((w) => w.id).join(', ')})`);
  return found;
}

/** The /metrics/ page of one window (the default: the last 90 days), or null for the public audience. */
export function toMetricsView(portal: Portal, path?: string): MetricsView | null {
  if (portal.audience !== 'internal') return null;
  const tz = portal.site.timezone;
  const chosen = resolveMetricsWindow(portal, path);
  const window = chosen.window;
  const page = metricsPageUrl(portal, chosen.id);
  const metrics = computeDora({
    deployments: portal.deployments,
    // Each release's changes are read from its file when the computation reaches it, one at a time.
    releases: portal.projects.flatMap((p) =>
      p.releases.map((r) => ({
        project: r.project,
        version: r.version,
        previous: r.previous,
        get changes() {
          return portal.record(r).changes;
        },
      })),
    ),
    window,
    projects: portal.projects.map((p) => p.project.id),
  });
  const withDeployments = new Set(metrics.map((m) => m.project));
  const span = chosen.kind === 'rolling' ? `${window.days} days` : chosen.label;
  const groups = metrics.map((m) => toGroupView(portal, m, page, span));
  const choice = (w: MetricsWindow): WindowChoiceView => ({
    id: w.id,
    text: w.label,
    url: metricsPageUrl(portal, w.id),
    current: w.id === chosen.id,
  });
  const windows = getMetricsWindows(portal);
  const tiers = [...new Set(metrics.map((m) => m.tier))].sort(compareTiers);
  const projects = portal.projects.filter((p) => withDeployments.has(p.project.id));
  return {
    window: {
      id: chosen.id,
      label: chosen.label,
      days: window.days,
      from: formatDateTime(window.from, tz),
      to: formatDateTime(window.to, tz),
      toWhat:
        window.to === metricsAnchor(portal) ? 'the latest deployment recorded' : 'the end of the quarter',
    },
    choices: {
      rolling: windows.filter((w) => w.kind === 'rolling').map(choice),
      quarters: windows.filter((w) => w.kind === 'quarter').map(choice),
    },
    summary: {
      tiers,
      rows: projects.map((p) => ({
        project: { text: p.project.name, url: portal.paths.project(p.project.id) },
        cells: tiers.map((tier) => {
          const g = groups[metrics.findIndex((m) => m.project === p.project.id && m.tier === tier)];
          return g
            ? {
                url: `#${g.id}`,
                keys: g.keys.map((k) => ({
                  name: k.name,
                  figure: k.figure,
                  band: k.band,
                  bandText: k.bandText,
                })),
              }
            : null;
        }),
      })),
    },
    timeZone: tz,
    groups,
    without: portal.projects
      .filter((p) => !withDeployments.has(p.project.id))
      .map((p) => ({ text: p.project.name, url: portal.paths.project(p.project.id) })),
    bands: bandRows(),
    links: { environments: portal.paths.environments, api: portal.paths.apiDeployments },
  };
}

/** One project in one tier; `page` is the window's page, `span` says the window (`90 days`, `Q3 2026`). */
function toGroupView(portal: Portal, m: DoraMetrics, page: string, span: string): GroupView {
  const tz = portal.site.timezone;
  const entry = portal.project(m.project)!;
  const id = `dora-${m.project}-${m.tier.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  const logUrl = (project: string, deploymentId: string) =>
    `${portal.paths.environments}#${deploymentAnchor(project, deploymentId)}`;
  const rowAnchor = (deploymentId: string) => `${id}-${deploymentAnchor(m.project, deploymentId)}`;
  const releaseUrl = (version: string | null) => {
    const r = version === null ? undefined : entry.releases.find((x) => x.version === version);
    return r ? portal.paths.release(m.project, r.slug) : null;
  };
  const envs = m.environments.join(', ');
  const linker = makeLinker(entry.project.links);
  const byId = new Map(m.deployments.map((d) => [d.deployment.id, d.deployment]));
  const allById = new Map(portal.deployments.filter((d) => d.project === m.project).map((d) => [d.id, d]));

  // The records tables
  const runs: RunRowView[] = m.deployments.map(
    ({ deployment: d, live, finished, failure, rolledBackBy }) => ({
      anchor: rowAnchor(d.id),
      at: formatDateTime(d.at, tz),
      environment: d.environment,
      version: { label: formatVersionLabel(d), url: releaseUrl(d.version) },
      status: d.status,
      statusText: formatStatus(d.status),
      rollback: d.rollback,
      live,
      finished,
      failure:
        failure === null
          ? null
          : failure === 'replaced_by_rollback'
            ? `rolled back by ${rolledBackBy}`
            : FAILURE_TEXT[failure],
      actor: d.actor,
      approvers: d.approvers,
      logUrl: logUrl(d.project, d.id),
      url: safeHttpUrl(d.url),
    }),
  );
  const medianIndexes = (count: number): Set<number> =>
    count === 0 ? new Set() : count % 2 ? new Set([(count - 1) / 2]) : new Set([count / 2 - 1, count / 2]);
  // Samples come longest first; the median rows are the middle of the list either way.
  const leadMedian = medianIndexes(m.leadTime.samples.length);
  const leads: LeadRowView[] = m.leadTime.samples.map((s, i) => ({
    anchor: `${id}-lead-${s.commit.slice(0, 12)}`,
    commit: { short: shortHash(s.commit), hash: s.commit, url: linker.commit(s.commit) },
    authoredAt: formatDateTime(s.authoredAt, tz),
    release: { text: s.release, url: releaseUrl(s.release) },
    deployment: { text: `${s.deployedVersion} (${s.deploymentId})`, url: `#${rowAnchor(s.deploymentId)}` },
    deployedAt: formatDateTime(s.deployedAt, tz),
    leadTime: formatDuration(s.seconds),
    isMedian: leadMedian.has(i),
  }));
  // Restores are in failure order; the median rows are those in the middle by duration.
  const timed = m.timeToRestore.samples
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.seconds !== null)
    .sort((a, b) => a.s.seconds! - b.s.seconds! || a.i - b.i);
  const restoreMedian = new Set([...medianIndexes(timed.length)].map((k) => timed[k]!.i));
  const restores: RestoreRowView[] = m.timeToRestore.samples.map((s, i) => {
    const failure = byId.get(s.failureId)!;
    const restoredBy = s.restoredById === null ? undefined : allById.get(s.restoredById);
    return {
      anchor: `${id}-restore-${deploymentAnchor(m.project, s.failureId)}`,
      failure: {
        text: `${formatVersionLabel(failure)} in ${failure.environment} (${failure.id})`,
        url: `#${rowAnchor(failure.id)}`,
      },
      failedAt: formatDateTime(s.failedAt, tz),
      restoredBy: restoredBy
        ? {
            text: `${formatVersionLabel(restoredBy)} (${restoredBy.id})`,
            url: byId.has(restoredBy.id) ? `#${rowAnchor(restoredBy.id)}` : logUrl(m.project, restoredBy.id),
          }
        : null,
      restoredAt: s.restoredAt === null ? null : formatDateTime(s.restoredAt, tz),
      took: s.seconds === null ? null : formatDuration(s.seconds),
      isMedian: restoreMedian.has(i),
    };
  });

  // The four keys
  const weeks = weekBins(m, tz);
  const f = m.frequency;
  const frequency: KeyView = {
    id: 'frequency',
    name: 'Deployment frequency',
    figure: formatFrequency(f.perWeek),
    figureUrl: `${page}#${id}-runs`,
    detail: `${plural(f.count, 'deployment')} went live in ${span}`,
    // Nothing went live in the window: there is nothing to rank, so no band (not "low").
    band: f.count === 0 ? null : f.band,
    bandText: f.count === 0 ? 'No band' : BAND_TEXT[f.band],
    how: `Deployments to the ${m.tier} tier (${envs}) that went live in the window (succeeded, or succeeded and were rolled back later), divided by the window's ${round(f.weeks, 1)} weeks.`,
    chart: columnChart({
      id: `${id}-chart-frequency`,
      title: `${entry.project.name}, ${m.tier}: deployments that went live, per week`,
      description: weeks.map((w) => `week of ${w.label}: ${w.live}`).join('; '),
      unit: 'went live',
      columns: weeks.map((w): Column => ({ label: w.label, segments: [{ value: w.live, tone: 'ok' }] })),
    }),
  };
  const lt = m.leadTime;
  const leadBuckets = bucket(
    lt.samples.map((s) => s.seconds),
    [DAY, 7 * DAY, 30 * DAY],
    ['< 1 d', '1–7 d', '7–30 d', '≥ 30 d'],
  );
  const leadTime: KeyView = {
    id: 'lead-time',
    name: 'Lead time for changes',
    figure: lt.medianSeconds === null ? 'none' : formatDuration(lt.medianSeconds),
    figureUrl: `${page}#${id}-lead`,
    detail:
      lt.samples.length === 0
        ? 'no commit first went live in the window'
        : `median of ${plural(lt.samples.length, 'commit')}`,
    band: lt.band,
    bandText: lt.band ? BAND_TEXT[lt.band] : 'No band',
    how: `For each commit of a release, from its author date to the first deployment to the ${m.tier} tier that put live a release containing it; the median over the commits whose first such deployment is in the window.`,
    chart: columnChart({
      id: `${id}-chart-lead-time`,
      title: `${entry.project.name}, ${m.tier}: commits by lead time`,
      description: leadBuckets.map((b) => `${b.label}: ${b.count}`).join('; '),
      unit: 'commits',
      columns: leadBuckets.map((b) => ({ label: b.label, segments: [{ value: b.count, tone: 'ok' }] })),
    }),
  };
  const cfr = m.changeFailureRate;
  const changeFailureRate: KeyView = {
    id: 'change-failure-rate',
    name: 'Change failure rate',
    figure: cfr.rate === null ? 'none' : formatRate(cfr.rate),
    figureUrl: `${page}#${id}-runs`,
    detail:
      cfr.total === 0
        ? 'no deployment finished in the window'
        : `${cfr.failures} of ${plural(cfr.total, 'deployment')} failed or were rolled back`,
    band: cfr.band,
    bandText: cfr.band ? BAND_TEXT[cfr.band] : 'No band',
    how: 'Deployments that failed or were rolled back, out of every deployment that finished in the window; canceled and unfinished ones count in neither.',
    chart: columnChart({
      id: `${id}-chart-change-failure-rate`,
      title: `${entry.project.name}, ${m.tier}: finished deployments per week, failures stacked on top`,
      description: weeks
        .map((w) => `week of ${w.label}: ${w.finished - w.failed} fine, ${w.failed} failed`)
        .join('; '),
      unit: 'finished',
      columns: weeks.map((w): Column => ({
        label: w.label,
        segments: [
          { value: w.finished - w.failed, tone: 'ok' },
          { value: w.failed, tone: 'fail' },
        ],
      })),
    }),
  };
  const ttr = m.timeToRestore;
  const open = ttr.samples.filter((s) => s.seconds === null).length;
  const restoreBuckets = bucket(
    ttr.samples.flatMap((s) => (s.seconds === null ? [] : [s.seconds])),
    [HOUR, DAY, 7 * DAY],
    ['< 1 h', '1 h–1 d', '1–7 d', '≥ 7 d'],
  );
  const restored = ttr.samples.length - open;
  const timeToRestore: KeyView = {
    id: 'time-to-restore',
    name: 'Time to restore',
    figure: ttr.medianSeconds === null ? 'none' : formatDuration(ttr.medianSeconds),
    figureUrl: `${page}#${id}-restore`,
    detail:
      ttr.samples.length === 0
        ? 'no failure in the window'
        : `median of ${plural(restored, 'restore')}${open ? `; ${open} not restored by the harvest` : ''}`,
    band: ttr.band,
    bandText: ttr.band ? BAND_TEXT[ttr.band] : 'No band',
    how: `For each failure, from when it started (a rolled-back deployment: from when it went live) to when the next deployment to the same environment went live; the median. A failure not yet followed by one is listed, not counted.`,
    chart: columnChart({
      id: `${id}-chart-time-to-restore`,
      title: `${entry.project.name}, ${m.tier}: failures by time to restore`,
      description: [...restoreBuckets.map((b) => `${b.label}: ${b.count}`), `not restored: ${open}`].join(
        '; ',
      ),
      unit: 'failures',
      columns: [
        ...restoreBuckets.map((b): Column => ({
          label: b.label,
          segments: [{ value: b.count, tone: 'ok' }],
        })),
        { label: 'open', segments: [{ value: open, tone: 'open' }] },
      ],
    }),
  };

  return {
    id,
    project: { text: entry.project.name, url: portal.paths.project(m.project) },
    tier: m.tier,
    environments: m.environments,
    keys: [frequency, leadTime, changeFailureRate, timeToRestore],
    runs,
    leads,
    restores,
  };
}

/** How many values fall below each bound, between bounds, and from the last bound up. */
function bucket(
  values: readonly number[],
  bounds: readonly number[],
  labels: readonly string[],
): { label: string; count: number }[] {
  const counts = labels.map(() => 0);
  for (const v of values) {
    let i = bounds.findIndex((b) => v < b);
    if (i < 0) i = bounds.length;
    counts[i]!++;
  }
  return labels.map((label, i) => ({ label, count: counts[i]! }));
}

/**
 * The window in weeks counted back from its end (the last week ends at the harvest; the first may
 * be shorter), with the deployments of each: went live, finished, failed. Labelled by the day each
 * week starts, in the portal's time zone.
 */
function weekBins(
  m: DoraMetrics,
  timeZone: string,
): { label: string; live: number; finished: number; failed: number }[] {
  const end = Date.parse(m.window.to);
  const start = Date.parse(m.window.from);
  const week = 7 * DAY * 1000;
  const count = Math.ceil((end - start) / week);
  const label = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' });
  const bins = Array.from({ length: count }, (_, i) => {
    const binStart = Math.max(start, end - (count - i) * week);
    return { label: label.format(new Date(binStart)), live: 0, finished: 0, failed: 0 };
  });
  for (const d of m.deployments) {
    const t = Date.parse(d.deployment.at);
    const i = count - 1 - Math.floor((end - t) / week);
    const bin = bins[Math.min(count - 1, Math.max(0, i))]!;
    if (d.live) bin.live++;
    if (d.finished) bin.finished++;
    if (d.failure !== null) bin.failed++;
  }
  return bins;
}
