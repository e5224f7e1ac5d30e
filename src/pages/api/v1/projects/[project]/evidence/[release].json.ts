// `/api/v1/projects/<id>/evidence/<version>.json` (internal audience only): the evidence record
// whose SHA-256 is the release JSON's `evidence.sha256`, byte for byte as harvested (RFC 8785
// canonical JSON; the loader checked the bytes are canonical and match the audit chain).
import type { APIContext } from 'astro';
import { canonicalJson } from '../../../../../../core/canonical.ts';
import { getPortal } from '../../../../../../lib/model/data.ts';
import { getReleasePaths, resolveRelease } from '../../../../../../lib/release/routes.ts';

export async function getStaticPaths() {
  const portal = await getPortal();
  if (portal.audience !== 'internal') return [];
  return getReleasePaths(portal).filter(
    ({ params }) => portal.project(params.project)!.evidence(params.release) !== null,
  );
}

export async function GET({ params }: APIContext) {
  const portal = await getPortal();
  const { entry, release } = resolveRelease(portal, params.project, params.release);
  const evidence = entry.evidence(release.slug);
  if (!evidence) throw new Error(`waybill: ${release.project} ${release.version} has no evidence record`);
  return new Response(canonicalJson(evidence.record), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}
