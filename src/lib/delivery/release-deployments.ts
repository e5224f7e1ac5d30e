// A release's "Deployed to" (internal audience only): where it runs now and every deployment of it,
// the release page's proof of delivery.
import { environmentIntervals } from '../../core/deployments/index.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { environmentColumns } from './deployment-format.ts';
import { rollbacksOf, toDeploymentView, type DeploymentView } from './deployment-view.ts';

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
