// iCalendar feed of one project's releases (src/lib/ics.ts).
import type { APIContext } from 'astro';
import { getPortal } from '../../../lib/data.ts';
import { buildIcs, icsResponse } from '../../../lib/ics.ts';
import { getProjectPaths, resolveProject } from '../../../lib/routes.ts';

export async function getStaticPaths() {
  return getProjectPaths(await getPortal());
}

export async function GET({ params }: APIContext) {
  const portal = await getPortal();
  return icsResponse(buildIcs(portal, resolveProject(portal, params.project)));
}
