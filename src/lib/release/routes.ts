// getStaticPaths of the release pages (`/projects/<id>/<slug>/` and what hangs below it) and of
// the advance notice (`/projects/<id>/next/`), from the portal. Props carry only ids; pages look
// the records up in the memoized portal, so no view is built before its page renders.
import type { Portal } from '../model/portal.ts';
import { resolveProject, type ProjectParams } from '../project/routes.ts';

export interface ReleaseParams {
  project: string;
  release: string;
}

/** One path per release; `release` is the slug. */
export function getReleasePaths(portal: Portal): { params: ReleaseParams }[] {
  return portal.projects.flatMap(({ project, releases }) =>
    releases.map((r) => ({ params: { project: project.id, release: r.slug } })),
  );
}

/** Only projects with an advance notice (`next/<id>.json`) get a `/projects/<id>/next/` page. */
export function getNextPaths(portal: Portal): { params: ProjectParams }[] {
  return portal.projects
    .filter((p) => p.next !== null)
    .map(({ project }) => ({ params: { project: project.id } }));
}

/** The records behind a route, or an error naming the route: a path we generated must resolve. */
export function resolveRelease(portal: Portal, id: string | undefined, slug: string | undefined) {
  const entry = resolveProject(portal, id);
  const release = slug === undefined ? undefined : entry.release(slug);
  if (!release) throw new Error(`waybill: no release "${slug}" of project "${id}" in the data folder`);
  return { entry, release };
}

export function resolveNext(portal: Portal, id: string | undefined) {
  const entry = resolveProject(portal, id);
  if (!entry.next) throw new Error(`waybill: project "${id}" has no advance notice (next/${id}.json)`);
  return { entry, next: entry.next };
}
