// getStaticPaths of the project pages (`/projects/<id>/`, its list pages, calendar, upgrade page
// and JSON), from the portal. Props carry only ids; pages look the records up in the memoized
// portal, so no view is built before its page renders.
import type { Portal } from '../model/portal.ts';

export interface ProjectParams {
  project: string;
}

export function getProjectPaths(portal: Portal): { params: ProjectParams }[] {
  return portal.projects.map(({ project }) => ({ params: { project: project.id } }));
}

/** The records behind a route, or an error naming the route: a path we generated must resolve. */
export function resolveProject(portal: Portal, id: string | undefined) {
  const entry = id === undefined ? undefined : portal.project(id);
  if (!entry) throw new Error(`waybill: no project "${id}" in the data folder (route /projects/${id}/)`);
  return entry;
}
