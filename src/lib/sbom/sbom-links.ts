// Where a release's SBOM can be read: the component page, the notice, and the document to
// download (src/lib/sbom/sbom-download.ts).
import type { AcceptedSbom } from '../../schemas/index.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { publicSbomSha256, sbomDownload, type SbomDownload } from './sbom-download.ts';

export interface SbomLinksView {
  components: string;
  notice: string;
  /** The document to download: the original (internal), or one made from the public record. */
  download: SbomDownload & { sha256: string };
}

/** The links of a release's accepted SBOM, as the release page, the SBOM page and the notice show them. */
export function sbomLinks(
  portal: Portal,
  entry: ProjectEntry,
  release: ReleaseSummary,
  sbom: AcceptedSbom & { originalPublished: boolean },
): SbomLinksView {
  const id = entry.project.id;
  const download = sbomDownload(portal, entry, release, sbom);
  return {
    components: portal.paths.sbom(id, release.slug),
    notice: portal.paths.notice(id, release.slug),
    download: {
      ...download,
      sha256: download.normalized ? publicSbomSha256(portal, entry, release) : sbom.sha256,
    },
  };
}
