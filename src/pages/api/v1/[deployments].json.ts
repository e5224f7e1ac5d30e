// `/api/v1/deployments.json` (internal audience only): every deployment, unknown versions
// included, by `at` then id. A dynamic route so that getStaticPaths can return nothing for the
// public audience: then no file is written, rather than an empty one.
import { jsonResponse, toApiDeployments } from '../../../lib/api/api.ts';
import { getPortal } from '../../../lib/model/data.ts';
import { getApiDeploymentsPaths } from '../../../lib/delivery/internal-routes.ts';

export async function getStaticPaths() {
  return getApiDeploymentsPaths(await getPortal());
}

export async function GET() {
  const list = toApiDeployments(await getPortal());
  if (list === null) throw new Error('waybill: /api/v1/deployments.json is for the internal audience only');
  return jsonResponse(list);
}
