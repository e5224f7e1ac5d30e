import type { APIContext } from 'astro';
import { jsonResponse, toApiReleaseList } from '../../../../../lib/api/api.ts';
import { getPortal } from '../../../../../lib/model/data.ts';
import { getProjectPaths, resolveProject } from '../../../../../lib/project/routes.ts';

export async function getStaticPaths() {
  return getProjectPaths(await getPortal());
}

export async function GET({ params }: APIContext) {
  const portal = await getPortal();
  return jsonResponse(toApiReleaseList(portal, resolveProject(portal, params.project)));
}
