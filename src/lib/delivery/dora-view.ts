// The view model of /metrics/ (internal audience only): the DORA four keys of src/core/dora.ts per
// project and environment tier, each figure with its band, a chart, a sentence saying how it is
// computed, and a link to the rows of the records table behind it.
import { compareTiers, computeDora, type DoraBand } from '../../core/dora.ts';
import { formatDateTime, type DateView } from '../render/format.ts';
import { getMetricsWindows, metricsAnchor, metricsPathOf, type MetricsWindow } from './metrics-windows.ts';
import type { Portal } from '../model/portal.ts';
import type { LinkView } from '../layout/layout.ts';
import { toDoraGroupView, type DoraGroupView } from './dora-group.ts';

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
  groups: DoraGroupView[];
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
  const groups = metrics.map((m) => toDoraGroupView(portal, m, page, span));
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
