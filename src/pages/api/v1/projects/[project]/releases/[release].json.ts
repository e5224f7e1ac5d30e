import type { APIContext } from 'astro';
import { jsonResponse, toApiRelease } from '../../../../../../lib/api/api.ts';
import { getPortal } from '../../../../../../lib/model/data.ts';
import { getReleasePaths, resolveRelease } from '../../../../../../lib/release/routes.ts';

export async function getStaticPaths() {
  return getReleasePaths(await getPortal());
}

export async function GET({ params }: APIContext) {
  const portal = await getPortal();
  return jsonResponse(toApiRelease(portal, resolveRelease(portal, params.project, params.release).release));
}
