// `/projects/<id>/<version>/sbom/<id>-<version>.cdx.json` (or `.spdx.json`): the SBOM to download.
// Internal: the document exactly as harvested, byte for byte, so its SHA-256 is the one the
// evidence records. Public: the CycloneDX document made from the public record, without the
// original's authors, properties and internal components (src/lib/sbom/sbom-download.ts).
import type { APIRoute } from 'astro';
import { getPortal, getSbomOriginal } from '../../../../../lib/model/data.ts';
import { resolveRelease } from '../../../../../lib/release/routes.ts';
import { getSbomDownloadPaths, publicSbomText } from '../../../../../lib/sbom/sbom-download.ts';

export async function getStaticPaths() {
  return getSbomDownloadPaths(await getPortal());
}

export const GET: APIRoute = async ({ params }) => {
  const portal = await getPortal();
  const { entry, release } = resolveRelease(portal, params.project, params.release);
  const sbom = entry.sbom(release.slug);
  if (sbom?.status !== 'accepted')
    throw new Error(`waybill: no SBOM document to serve for ${params.project} ${params.release}`);
  const bytes = sbom.originalPublished
    ? getSbomOriginal({ project: sbom.project, version: sbom.version, sha256: sbom.sha256 })
    : Buffer.from(publicSbomText(portal, entry, release));
  return new Response(new Uint8Array(bytes), { headers: { 'Content-Type': 'application/json' } });
};
