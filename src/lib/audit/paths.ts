// Where the internal audit pages and files are (src/lib/model/urls.ts holds the public contract's),
// and the lookups the audit views share.
import { toSlug } from '../../schemas/layout.ts';
import type { Portal } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { deploymentAnchor } from '../model/urls.ts';

export const auditPaths = (base: string) => {
  const root = base.endsWith('/') ? base : `${base}/`;
  const seg = encodeURIComponent;
  return {
    audit: `${root}audit/`,
    auditPage: (n: number) => (n <= 1 ? `${root}audit/` : `${root}audit/page/${n}/`),
    changes: `${root}audit/changes/`,
    auditLog: `${root}api/v1/audit.jsonl`,
    evidencePage: (id: string, slug: string) => `${root}projects/${seg(id)}/${seg(slug)}/evidence/`,
    evidenceJson: (id: string, slug: string) =>
      `${root}api/v1/projects/${seg(id)}/evidence/${seg(slug)}.json`,
    supersededJson: (id: string, slug: string, commit: string) =>
      `${root}api/v1/projects/${seg(id)}/evidence/${seg(slug)}/${commit}.json`,
    /** `period` is `all` or `2026-Q3`. */
    changesFile: (environment: string, period: string, ext: 'csv' | 'json') =>
      `${root}api/v1/audit/changes/${seg(environment)}/${period}.${ext}`,
  };
};

/**
 * A project's release of that version: looked up by its slug (a version and its slug are one to
 * one), not by a scan of the project's releases for every event or deployment.
 */
export function releaseOf(
  portal: Portal,
  project: string,
  version: string | null,
): ReleaseSummary | undefined {
  if (version === null) return undefined;
  const release = portal.project(project)?.release(toSlug(version));
  return release?.version === version ? release : undefined;
}

/** A deployment's row in the log of `/environments/`: where a deployment id links to. */
export function deploymentLogUrl(portal: Pick<Portal, 'paths'>, project: string, id: string): string {
  return `${portal.paths.environments}#${deploymentAnchor(project, id)}`;
}
