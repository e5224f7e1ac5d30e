// The `sbom` field of `/api/v1/projects/<id>/releases/<version>.json` (docs/site.md): the record
// as this audience sees it (src/core/sbom/audience.ts), and where to download the document.
import type { RejectedSbom } from '../../core/sbom/audience.ts';
import type { AcceptedSbom, Component, SbomDiff, Vulnerability } from '../../schemas/index.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { sbomLinks } from '../sbom/sbom-links.ts';

export type ApiSbom =
  | {
      status: 'accepted';
      format: AcceptedSbom['format'];
      specVersion: string;
      sha256: string;
      componentCount: number;
      components: Component[];
      diff: SbomDiff;
      licenseSummary: AcceptedSbom['licenseSummary'];
      vulnerabilities: Vulnerability[];
      /** The original document's URL, absolute when site.json has `site`; null when this audience may not have it. */
      original: string | null;
      /** What this audience downloads: the original (internal), or the document made from this record (public). */
      download: { url: string; format: string; sha256: string; normalized: boolean };
    }
  | { status: 'rejected'; problems: RejectedSbom['problems'] };

/** The release JSON's `sbom{ format, specVersion, sha256, componentCount, components, diff }`, and a little more. */
export function toApiSbom(
  portal: Portal,
  entry: ProjectEntry,
  release: ReleaseSummary,
  absolute: (path: string) => string,
): ApiSbom | null {
  const sbom = entry.sbom(release.slug);
  if (sbom === null) return null;
  if (sbom.status === 'rejected') return { status: 'rejected', problems: sbom.problems };
  return {
    status: 'accepted',
    format: sbom.format,
    specVersion: sbom.specVersion,
    sha256: sbom.sha256,
    componentCount: sbom.componentCount,
    components: sbom.components,
    diff: sbom.diff,
    licenseSummary: sbom.licenseSummary,
    vulnerabilities: sbom.vulnerabilities,
    original: sbom.originalPublished
      ? absolute(portal.paths.sbomOriginal(entry.project.id, release.slug, sbom.format))
      : null,
    download: (({ url, format, sha256, normalized }) => ({ url: absolute(url), format, sha256, normalized }))(
      sbomLinks(portal, entry, release, sbom).download,
    ),
  };
}
