// `/projects/<id>/<version>/sbom/<id>-<version>.cdx.json` (or `.spdx.json`): the SBOM document
// exactly as harvested, byte for byte, so its SHA-256 is the one the pages show. Only where this
// audience may have it: for the public, not when the document lists internal components.
import type { APIRoute } from 'astro';
import { getPortal, getSbomOriginal } from '../../../../../lib/data.ts';
import { resolveRelease } from '../../../../../lib/routes.ts';
import { getSbomOriginalPaths } from '../../../../../lib/sbom-view.ts';

export async function getStaticPaths() {
  return getSbomOriginalPaths(await getPortal());
}

export const GET: APIRoute = async ({ params }) => {
  const portal = await getPortal();
  const { entry, release } = resolveRelease(portal, params.project, params.release);
  const sbom = entry.sbom(release.slug);
  if (sbom?.status !== 'accepted' || !sbom.originalPublished)
    throw new Error(`waybill: no SBOM document to serve for ${params.project} ${params.release}`);
  const bytes = getSbomOriginal({ project: sbom.project, version: sbom.version, sha256: sbom.sha256 });
  return new Response(new Uint8Array(bytes), { headers: { 'Content-Type': 'application/json' } });
};
