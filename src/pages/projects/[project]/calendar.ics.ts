// iCalendar feed of one project's releases (src/lib/calendar/ics.ts).
import type { APIContext } from 'astro';
import { getPortal } from '../../../lib/model/data.ts';
import { buildIcs, icsResponse } from '../../../lib/calendar/ics.ts';
import { getProjectPaths, resolveProject } from '../../../lib/project/routes.ts';

export async function getStaticPaths() {
  return getProjectPaths(await getPortal());
}

export async function GET({ params }: APIContext) {
  const portal = await getPortal();
  return icsResponse(buildIcs(portal, resolveProject(portal, params.project)));
}
