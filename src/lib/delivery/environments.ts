// View models of deployments (internal audience only; for the public the portal has none, and every
// function here returns nothing for it): the matrix of `/environments/` (what runs where as of the
// harvest, since when, put there by whom), its time-travel data and interval history, the log of
// every deployment, and a release's "Deployed to" timeline. Text from logs (actors, descriptions,
// URLs) stays plain text for the pages to escape; a URL is offered as a link only when it is
// http(s).
import {
  environmentIntervals,
  formatDeploymentProblem,
  liveAt,
  wentLive,
  type EnvironmentInterval,
} from '../../core/deployments/index.ts';
import { compareTiers } from '../../core/dora.ts';
import { formatActor, NO_IDENTITIES, type IdentityMap } from '../../core/identities.ts';
import type { Deployment, DeploymentStatus, Release } from '../../schemas/index.ts';
import { formatCompactDateTime, formatDateTime, plural, type DateView } from '../render/format.ts';
import { auditPaths } from '../audit/audit-view.ts';
import { shortHash } from '../model/links.ts';
import type { Portal, ProjectEntry, ReleaseSummary } from '../model/portal.ts';
import {
  byLine,
  instantToZoned,
  serializeTimeTravel,
  type TimeTravelData,
  type TimeTravelInterval,
} from './time-travel.ts';
import { deploymentAnchor } from '../model/urls.ts';
import type { LinkView } from '../layout/layout.ts';

// ---------------------------------------------------------------------------------------------
// Small formats

/** `1.2.0`, or for a record that matched no release `unknown version (sha 1a2b3c4)` (or the tag or version it named). */
export function formatVersionLabel(x: Pick<Deployment, 'version' | 'ref'>): string {
  if (x.version !== null) return x.version;
  if (x.ref.sha !== null) return `unknown version (sha ${shortHash(x.ref.sha)})`;
  if (x.ref.tag !== null) return `unknown version (tag ${x.ref.tag})`;
  if (x.ref.version !== null) return `unknown version (${x.ref.version})`;
  return 'unknown version';
}

/** `45 s`, `12 min`, `1 h 5 min`, `2 d 3 h`: a duration as people say it, rounded down. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A URL from a log, when it is an absolute http(s) URL; anything else (`javascript:`, relative) is not linked. */
export function safeHttpUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const STATUS_TEXT: Record<DeploymentStatus, string> = {
  started: 'In progress',
  success: 'Succeeded',
  failed: 'Failed',
  rolled_back: 'Rolled back',
  canceled: 'Canceled',
};

export function formatStatus(status: DeploymentStatus): string {
  return STATUS_TEXT[status];
}

/** How a status looks: `ok`, `bad` (failed, rolled back), `pending`, `muted` (canceled). */
export type Tone = 'ok' | 'bad' | 'pending' | 'muted';

/**
 * The tone class of a status. Pages style tones, not statuses, so the one stylesheet that both
 * audiences load (the release page's) names no status.
 */
export function toneOf(status: DeploymentStatus): Tone {
  return status === 'success'
    ? 'ok'
    : status === 'failed' || status === 'rolled_back'
      ? 'bad'
      : status === 'started'
        ? 'pending'
        : 'muted';
}

/** `deploys/api.jsonl:4`, `exports/gitlab.json /3`: where a record came from. */
export function formatSource(source: Deployment['source']): string {
  return source.line !== null
    ? `${source.file}:${source.line}`
    : source.pointer
      ? `${source.file} ${source.pointer}`
      : source.file;
}

/** The environments that have deployments, in pipeline order of their tiers (production first), then by id. */
export function environmentColumns(deployments: readonly Deployment[]): { id: string; tier: string }[] {
  const tiers = new Map<string, string>();
  for (const d of deployments) if (!tiers.has(d.environment)) tiers.set(d.environment, d.tier);
  return [...tiers]
    .map(([id, tier]) => ({ id, tier }))
    .sort((a, b) => compareTiers(a.tier, b.tier) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// One deployment, as every list shows it

export interface DeploymentView {
  id: string;
  /** Fragment id of its row in the log on /environments/. */
  anchor: string;
  /** Its row in the log, from any page. */
  logUrl: string;
  project: { id: string; name: string; url: string };
  environment: string;
  tier: string;
  version: { label: string; url: string | null; unknown: boolean };
  status: DeploymentStatus;
  statusText: string;
  /** This deployment put an older version back. */
  rollback: boolean;
  /** It ran, then a rollback replaced it (status rolled_back, or a later rollback deployment). */
  rolledBackBy: { text: string; url: string } | null;
  at: DateView;
  /** `at` as the log's table shows it (formatCompactDateTime): one line, the full date as its title. */
  atCompact: DateView;
  startedAt: DateView | null;
  duration: string | null;
  /** As recorded; `Erin Hoffmann (erin)` where the config's `identities` maps the name (approvers too). */
  actor: string | null;
  /** The actor also wrote a change of the release deployed (matched by name or e-mail user, or as one person of `identities`). */
  actorIsAuthor: boolean;
  approvers: string[];
  url: string | null;
  description: string | null;
  source: string;
  freeze: string | null;
  attempts: { statusText: string; status: DeploymentStatus; at: DateView; source: string }[];
}

function toDeploymentView(portal: Portal, d: Deployment, rolledBackBy: Deployment | null): DeploymentView {
  const tz = portal.site.timezone;
  const entry = portal.project(d.project);
  const release = d.version === null ? undefined : entry?.releases.find((r) => r.version === d.version);
  const anchor = deploymentAnchor(d.project, d.id);
  return {
    id: d.id,
    anchor,
    logUrl: `${portal.paths.environments}#${anchor}`,
    project: { id: d.project, name: entry?.project.name ?? d.project, url: portal.paths.project(d.project) },
    environment: d.environment,
    tier: d.tier,
    version: {
      label: formatVersionLabel(d),
      url: release ? portal.paths.release(d.project, release.slug) : null,
      unknown: d.version === null,
    },
    status: d.status,
    statusText: formatStatus(d.status),
    rollback: d.rollback,
    rolledBackBy: rolledBackBy && {
      text: `rolled back by ${formatVersionLabel(rolledBackBy)} on ${formatDateTime(liveAt(rolledBackBy) ?? rolledBackBy.at, tz).text}`,
      url: `${portal.paths.environments}#${deploymentAnchor(rolledBackBy.project, rolledBackBy.id)}`,
    },
    at: formatDateTime(d.at, tz),
    atCompact: formatCompactDateTime(d.at, tz),
    startedAt: d.startedAt === null ? null : formatDateTime(d.startedAt, tz),
    duration: d.durationSeconds === null ? null : formatDuration(d.durationSeconds),
    // As recorded, with the person's display name first where the config's `identities` maps it.
    actor: d.actor === null ? null : formatActor(d.actor, portal.identities),
    actorIsAuthor: release ? isAuthor(d.actor, portal.record(release), portal.identities) : false,
    approvers: d.approvers.map((a) => formatActor(a, portal.identities)),
    url: safeHttpUrl(d.url),
    description: d.description,
    source: formatSource(d.source),
    freeze: d.freeze?.name ?? null,
    attempts: d.attempts.map((a) => ({
      status: a.status,
      statusText: formatStatus(a.status),
      at: formatDateTime(a.at, tz),
      source: formatSource(a.source),
    })),
  };
}

/**
 * Whether the person who deployed also wrote a change of the release: auditors look for it
 * (separation of duties). Logs name people by display name or by user name (GitLab `username`,
 * GitHub `login`), so either the author's name or the user part of the author's e-mail address
 * matches, ignoring case; so does any author the config's `identities` says is the same person.
 */
export function isAuthor(
  actor: string | null,
  release: Pick<Release, 'changes'>,
  people: IdentityMap = NO_IDENTITIES,
): boolean {
  if (actor === null) return false;
  const who = actor.trim().toLowerCase();
  if (who === '') return false;
  const person = people.ofName(actor);
  return release.changes.some(
    (c) =>
      c.author.name.trim().toLowerCase() === who ||
      c.author.email.split('@')[0]!.toLowerCase() === who ||
      (person !== null && people.ofPerson(c.author)?.index === person.index),
  );
}

/**
 * For each deployment a rollback replaced, the rollback: the deployment that went live just
 * before a rollback deployment, in its project and environment.
 */
function rollbacksOf(deployments: readonly Deployment[]): Map<Deployment, Deployment> {
  const out = new Map<Deployment, Deployment>();
  const last = new Map<string, Deployment>();
  const live = deployments
    .filter(wentLive)
    .sort(
      (a, b) => Date.parse(liveAt(a)!) - Date.parse(liveAt(b)!) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  for (const d of live) {
    const key = `${d.project}\u0000${d.environment}`;
    const before = last.get(key);
    if (d.rollback && before) out.set(before, d);
    last.set(key, d);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// /environments/

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

// ---------------------------------------------------------------------------------------------
// A release's "Deployed to"

export interface ReleaseDeploymentsView {
  /** Environments it runs in now (as of the harvest). */
  runningIn: string[];
  deployments: DeploymentView[];
  environmentsUrl: string;
}

/**
 * Every deployment of the release, oldest first, each with every attempt: the release page's proof
 * of delivery. Null for the public audience and for a release never deployed.
 */
export function toReleaseDeploymentsView(
  portal: Portal,
  entry: ProjectEntry,
  release: ReleaseSummary,
): ReleaseDeploymentsView | null {
  if (portal.audience !== 'internal') return null;
  const mine = entry.deployments(release.version);
  if (mine.length === 0) return null;
  const now = Date.parse(portal.site.harvestedAt);
  const ofProject = portal.deployments.filter(
    (d) => d.project === entry.project.id && Date.parse(d.at) <= now,
  );
  const runningIn = environmentIntervals(ofProject)
    .filter((i) => i.to === null && i.version === release.version)
    .map((i) => i.environment)
    .sort((a, b) => {
      const columns = environmentColumns(ofProject).map((c) => c.id);
      return columns.indexOf(a) - columns.indexOf(b);
    });
  const rollbacks = rollbacksOf(portal.deployments.filter((d) => d.project === entry.project.id));
  return {
    runningIn,
    deployments: mine.map((d) => toDeploymentView(portal, d, rollbacks.get(d) ?? null)),
    environmentsUrl: portal.paths.environments,
  };
}

// ---------------------------------------------------------------------------------------------
// Navigation

/** The internal audience's extra navigation: Environments, Metrics and Audit. Nothing for the public. */
export function internalNav(
  audience: Portal['audience'],
  paths: Pick<Portal['paths'], 'environments' | 'metrics' | 'home'>,
): LinkView[] {
  if (audience !== 'internal') return [];
  return [
    { text: 'Environments', url: paths.environments },
    { text: 'Metrics', url: paths.metrics },
    { text: 'Audit', url: auditPaths(paths.home).audit },
  ];
}

// ---------------------------------------------------------------------------------------------
// Routes: each internal page is a rest route whose only path is the index, so that for the public
// audience getStaticPaths returns nothing and the build writes no file at all (a plain
// `environments.astro` would always be written).

/** `/environments/`, `/metrics/`: one index page for the internal audience, none for the public. */
export function getInternalIndexPaths(portal: Pick<Portal, 'audience'>): { params: { path: undefined } }[] {
  return portal.audience === 'internal' ? [{ params: { path: undefined } }] : [];
}

/** `/api/v1/deployments.json`: the file for the internal audience, none for the public. */
export function getApiDeploymentsPaths(
  portal: Pick<Portal, 'audience'>,
): { params: { deployments: 'deployments' } }[] {
  return portal.audience === 'internal' ? [{ params: { deployments: 'deployments' } }] : [];
}
