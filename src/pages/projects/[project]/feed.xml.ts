// Atom feed of one project's releases (src/lib/feeds.ts).
import type { APIContext } from 'astro';
import { getPortal } from '../../../lib/data.ts';
import { atomFeedResponse } from '../../../lib/feeds.ts';
import { getProjectPaths, resolveProject } from '../../../lib/routes.ts';

export async function getStaticPaths() {
  return getProjectPaths(await getPortal());
}

export async function GET({ params }: APIContext) {
  const portal = await getPortal();
  return atomFeedResponse(portal, resolveProject(portal, params.project));
}
