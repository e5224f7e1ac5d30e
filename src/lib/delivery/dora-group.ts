// One project in one tier on /metrics/: its four keys (dora-keys.ts) and the records tables behind
// them, the deployments counted, each commit's lead time and each failure's time to restore, every
// row linked to the deployment in the log of /environments/.
import type { DoraMetrics, FailureKind } from '../../core/dora.ts';
import type { DeploymentStatus } from '../../schemas/index.ts';
import { formatDateTime, type DateView } from '../render/format.ts';
import { makeLinker, shortHash } from '../model/links.ts';
import type { Portal } from '../model/portal.ts';
import { deploymentAnchor } from '../model/urls.ts';
import type { LinkView } from '../layout/layout.ts';
import { formatDuration, formatStatus, formatVersionLabel, safeHttpUrl } from './deployment-format.ts';
import { toKeyViews, type KeyView } from './dora-keys.ts';

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

export interface DoraGroupView {
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

const FAILURE_TEXT: Record<FailureKind, string> = {
  failed: 'failed',
  rolled_back: 'rolled back',
  replaced_by_rollback: 'rolled back',
};

export function toDoraGroupView(portal: Portal, m: DoraMetrics, page: string, span: string): DoraGroupView {
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

  return {
    id,
    project: { text: entry.project.name, url: portal.paths.project(m.project) },
    tier: m.tier,
    environments: m.environments,
    keys: toKeyViews(m, { id, projectName: entry.project.name, page, span, timeZone: tz }),
    runs,
    leads,
    restores,
  };
}
