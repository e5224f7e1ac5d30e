// The routes of a release's SBOM pages (the component page and the notice).
import type { Portal } from '../model/portal.ts';

export interface SbomParams {
  project: string;
  release: string;
}

/** The SBOM and notice pages: one per release with an accepted SBOM. */
export function getSbomPaths(portal: Portal): { params: SbomParams }[] {
  return portal.projects.flatMap((entry) =>
    entry.releases
      .filter((r) => entry.sbom(r.slug)?.status === 'accepted')
      .map((r) => ({ params: { project: entry.project.id, release: r.slug } })),
  );
}
