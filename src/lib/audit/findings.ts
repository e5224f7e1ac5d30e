// The findings of the deployment controls (segregation of duties, approval, freezes) as the
// evidence and the `/audit/` pages list them (internal audience only).
import type { Finding, Release } from '../../schemas/index.ts';
import { formatCompactDateTime, type DateView } from '../render/format.ts';
import type { Portal } from '../model/portal.ts';
import { deploymentLogUrl } from './paths.ts';

const CONTROL_TEXT: Record<Finding['control'], string> = {
  sod: 'Segregation of duties',
  approval: 'No approval',
  freeze: 'Deployed in a freeze',
};

export interface FindingView {
  control: Finding['control'];
  title: string;
  message: string;
  /** Compact (a table cell), the full date as its title. */
  at: DateView;
  environment: string;
  deployment: string;
  /** The deployment's row in the log of /environments/, which says everything about it. */
  deploymentUrl: string;
  release: { text: string; url: string } | null;
}

export function toFindingView(
  portal: Portal,
  f: Finding,
  project: string,
  release: Pick<Release, 'project' | 'version' | 'slug'> | null,
): FindingView {
  const name = release ? (portal.project(release.project)?.project.name ?? release.project) : null;
  return {
    control: f.control,
    title: CONTROL_TEXT[f.control],
    message: f.message,
    at: formatCompactDateTime(f.at, portal.site.timezone),
    environment: f.environment,
    deployment: f.deployment,
    deploymentUrl: deploymentLogUrl(portal, project, f.deployment),
    release:
      release && name
        ? { text: `${name} ${release.version}`, url: portal.paths.release(release.project, release.slug) }
        : null,
  };
}
