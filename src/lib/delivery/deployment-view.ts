// One deployment as every list of deployments shows it (the log on /environments/, a release's
// "Deployed to"): text from logs (actors, descriptions, URLs) stays plain text for the pages to
// escape; a URL is offered as a link only when it is http(s).
import { liveAt, wentLive } from '../../core/deployments/index.ts';
import { formatActor, NO_IDENTITIES, type IdentityMap } from '../../core/identities.ts';
import type { Deployment, DeploymentStatus, Release } from '../../schemas/index.ts';
import { formatCompactDateTime, formatDateTime, type DateView } from '../render/format.ts';
import type { Portal } from '../model/portal.ts';
import { deploymentAnchor } from '../model/urls.ts';
import {
  formatDuration,
  formatSource,
  formatStatus,
  formatVersionLabel,
  safeHttpUrl,
} from './deployment-format.ts';
import { compareCodeUnits } from '../../core/compare.ts';

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

export function toDeploymentView(
  portal: Portal,
  d: Deployment,
  rolledBackBy: Deployment | null,
): DeploymentView {
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
export function rollbacksOf(deployments: readonly Deployment[]): Map<Deployment, Deployment> {
  const out = new Map<Deployment, Deployment>();
  const last = new Map<string, Deployment>();
  const live = deployments
    .filter(wentLive)
    .sort((a, b) => Date.parse(liveAt(a)!) - Date.parse(liveAt(b)!) || compareCodeUnits(a.id, b.id));
  for (const d of live) {
    const key = `${d.project}\u0000${d.environment}`;
    const before = last.get(key);
    if (d.rollback && before) out.set(before, d);
    last.set(key, d);
  }
  return out;
}
