// The view model of `/environments/` (internal audience only; for the public the portal has no
// deployments, and toEnvironmentsView returns nothing): the matrix of what runs where as of the
// harvest, since when, put there by whom, its time-travel data and interval history, and the log of
// every deployment.
import {
  environmentIntervals,
  formatDeploymentProblem,
  wentLive,
  type EnvironmentInterval,
} from '../../core/deployments/index.ts';
import type { Deployment, DeploymentStatus } from '../../schemas/index.ts';
import { formatDateTime, plural, type DateView } from '../render/format.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import {
  byLine,
  instantToZoned,
  serializeTimeTravel,
  type TimeTravelData,
  type TimeTravelInterval,
} from './time-travel.ts';
import { deploymentAnchor } from '../model/urls.ts';
import type { LinkView } from '../layout/layout.ts';
import { environmentColumns, formatStatus, formatVersionLabel } from './deployment-format.ts';
import { rollbacksOf, toDeploymentView, type DeploymentView } from './deployment-view.ts';

/** What an empty cell of the matrix says. */
export const NOT_DEPLOYED = 'not deployed';

export interface RunningView {
  version: { label: string; url: string | null; unknown: boolean };
  since: DateView;
  /** `by Ada, approved by Grace` */
  by: string;
  /** The deployment that put it there, in the log below. */
  deploymentUrl: string;
}

export interface MatrixCellView {
  environment: string;
  running: RunningView | null;
  /** The latest deployment after it, when that one did not go live: `1.2.0 failed on …`. */
  note: { text: string; url: string; status: DeploymentStatus } | null;
}

export interface MatrixRowView {
  project: LinkView & { id: string };
  cells: MatrixCellView[];
}

export interface HistoryView {
  project: LinkView & { id: string };
  environment: string;
  intervals: {
    version: { label: string; url: string | null; unknown: boolean };
    from: DateView;
    to: DateView | null;
    by: string;
    deploymentUrl: string;
  }[];
}

export interface EnvironmentsView {
  asOf: DateView;
  timeZone: string;
  environments: { id: string; tier: string }[];
  rows: MatrixRowView[];
  history: HistoryView[];
  /** Every deployment in list order (by `at`, then id), as `/api/v1/deployments.json` has them. */
  log: DeploymentView[];
  /** Records the harvest skipped (`"strict": false`), each with its file and line. */
  problems: string[];
  timeTravel: string;
  links: { api: string; metrics: string };
  summary: string;
}

export function toEnvironmentsView(portal: Portal): EnvironmentsView | null {
  if (portal.audience !== 'internal') return null;
  const tz = portal.site.timezone;
  const now = Date.parse(portal.site.harvestedAt);
  // Only what had happened by the harvest counts as "now"; the data cannot hold later records,
  // but a hand-edited folder could, and "now" is the harvest, never the clock.
  const deployments = portal.deployments.filter((d) => Date.parse(d.at) <= now);
  const environments = environmentColumns(portal.deployments);
  const intervals = environmentIntervals(deployments);
  const byId = new Map(portal.deployments.map((d) => [`${d.project}\u0000${d.id}`, d]));
  const first = (i: EnvironmentInterval) => byId.get(`${i.project}\u0000${i.deploymentIds[0]}`)!;
  const rollbacks = rollbacksOf(portal.deployments);
  const projectLink = (entry: ProjectEntry) => ({
    id: entry.project.id,
    text: entry.project.name,
    url: portal.paths.project(entry.project.id),
  });
  const versionOf = (x: Pick<Deployment, 'project' | 'version' | 'ref'>) => {
    const release =
      x.version === null
        ? undefined
        : portal.project(x.project)?.releases.find((r) => r.version === x.version);
    return {
      label: formatVersionLabel(x),
      url: release ? portal.paths.release(x.project, release.slug) : null,
      unknown: x.version === null,
    };
  };
  const logUrl = (d: Deployment) => `${portal.paths.environments}#${deploymentAnchor(d.project, d.id)}`;

  const rows = portal.projects.map((entry): MatrixRowView => ({
    project: projectLink(entry),
    cells: environments.map(({ id: environment }) => {
      const mine = intervals.filter((i) => i.project === entry.project.id && i.environment === environment);
      const current = mine.find((i) => i.to === null) ?? null;
      const put = current && first(current);
      const latest = [...deployments]
        .reverse()
        .find((d) => d.project === entry.project.id && d.environment === environment);
      const note =
        latest && !wentLive(latest) && (!current || Date.parse(latest.at) > Date.parse(current.from))
          ? {
              text:
                latest.status === 'started'
                  ? `${formatVersionLabel(latest)} in progress since ${formatDateTime(latest.startedAt ?? latest.at, tz).text}`
                  : `${formatVersionLabel(latest)} ${formatStatus(latest.status).toLowerCase()} on ${formatDateTime(latest.at, tz).text}`,
              url: logUrl(latest),
              status: latest.status,
            }
          : null;
      return {
        environment,
        running:
          current && put
            ? {
                version: versionOf(current),
                since: formatDateTime(current.from, tz),
                by: byLine(put.actor, put.approvers),
                deploymentUrl: logUrl(put),
              }
            : null,
        note,
      };
    }),
  }));

  const history: HistoryView[] = [];
  for (const entry of portal.projects) {
    for (const { id: environment } of environments) {
      const mine = intervals.filter((i) => i.project === entry.project.id && i.environment === environment);
      if (mine.length === 0) continue;
      history.push({
        project: projectLink(entry),
        environment,
        intervals: mine.map((i) => {
          const put = first(i);
          return {
            version: versionOf(i),
            from: formatDateTime(i.from, tz),
            to: i.to === null ? null : formatDateTime(i.to, tz),
            by: byLine(put.actor, put.approvers),
            deploymentUrl: logUrl(put),
          };
        }),
      });
    }
  }

  const timeTravel: TimeTravelData = {
    timeZone: tz,
    harvestedAt: portal.site.harvestedAt,
    min: instantToZoned(
      intervals.reduce((min, i) => Math.min(min, Date.parse(i.from)), now),
      tz,
    ),
    max: instantToZoned(now, tz),
    empty: NOT_DEPLOYED,
    intervals: intervals.map((i): TimeTravelInterval => {
      const put = first(i);
      const version = versionOf(i);
      return {
        project: i.project,
        environment: i.environment,
        label: version.label,
        url: version.url,
        unknown: version.unknown,
        from: i.from,
        to: i.to,
        since: formatDateTime(i.from, tz).text,
        by: byLine(put.actor, put.approvers),
        anchor: deploymentAnchor(put.project, put.id),
      };
    }),
  };

  const problems = portal.deploymentProblems.map(formatDeploymentProblem);
  return {
    asOf: formatDateTime(portal.site.harvestedAt, tz),
    timeZone: tz,
    environments,
    rows,
    history,
    log: portal.deployments.map((d) => toDeploymentView(portal, d, rollbacks.get(d) ?? null)),
    problems,
    timeTravel: serializeTimeTravel(timeTravel),
    links: { api: portal.paths.apiDeployments, metrics: portal.paths.metrics },
    summary: `${plural(portal.deployments.length, 'deployment')} of ${plural(new Set(portal.deployments.map((d) => d.project)).size, 'project')} to ${plural(environments.length, 'environment')}`,
  };
}
