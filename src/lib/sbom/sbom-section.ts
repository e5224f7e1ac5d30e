// The release page's "Bill of materials" section: counts, the diff against the previous release,
// the most common licenses and the known vulnerabilities, with links to the full pages.
import type { AcceptedSbom } from '../../schemas/index.ts';
import { plural } from '../render/format.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { previousSbom, toSbomDiffView, type SbomDiffView } from './sbom-diff.ts';
import { sbomLinks, type SbomLinksView } from './sbom-links.ts';
import { isOpenVulnerability, toVulnerabilityViews, type VulnerabilityView } from './vulnerabilities.ts';

export interface AcceptedSbomView {
  status: 'accepted';
  /** `CycloneDX 1.5` */
  format: string;
  sha256: string;
  componentCount: number;
  licenseCount: number;
  vulnerabilityCount: number;
  openVulnerabilityCount: number;
  /** `42 components under 7 licenses; 2 known vulnerabilities, 1 open` */
  summary: string;
  diff: SbomDiffView | null;
  /** The most common licenses; `moreLicenses` are on the notice page. */
  licenses: { license: string; count: number }[];
  moreLicenses: number;
  vulnerabilities: VulnerabilityView[];
  links: SbomLinksView;
}

export interface RejectedSbomView {
  status: 'rejected';
  /** The file as configured. */
  source: string;
  problems: { pointer: string; message: string }[];
}

export type SbomSectionView = AcceptedSbomView | RejectedSbomView;

/** Per diff group on the release page; the rest is one click away on the SBOM page. */
export const RELEASE_DIFF_LIMIT = 25;
/** Licenses listed on the release page; all of them are on the notice page. */
export const RELEASE_LICENSE_LIMIT = 10;

/** `42 components under 7 licenses; 2 known vulnerabilities, 1 open` (or `none open`) */
export function formatSbomSummary(
  sbom: Pick<AcceptedSbom, 'componentCount' | 'licenseSummary' | 'vulnerabilities'>,
): string {
  const open = sbom.vulnerabilities.filter(isOpenVulnerability).length;
  const licenses = sbom.licenseSummary.length;
  const head = `${plural(sbom.componentCount, 'component')} under ${plural(licenses, 'license')}`;
  if (sbom.vulnerabilities.length === 0) return `${head}; no known vulnerabilities`;
  return `${head}; ${plural(sbom.vulnerabilities.length, 'known vulnerability', 'known vulnerabilities')}, ${open === 0 ? 'none' : open} open`;
}

/** The release page's "Bill of materials" section, or null when the release has no SBOM. */
export function toSbomSectionView(
  portal: Portal,
  entry: ProjectEntry,
  release: ReleaseSummary,
): SbomSectionView | null {
  const sbom = entry.sbom(release.slug);
  if (sbom === null) return null;
  if (sbom.status === 'rejected') return { status: 'rejected', source: sbom.source, problems: sbom.problems };
  const previous = previousSbom(entry, sbom);
  const againstUrl = previous.release ? portal.paths.release(entry.project.id, previous.release.slug) : null;
  return {
    status: 'accepted',
    format: `${sbom.format} ${sbom.specVersion}`,
    sha256: sbom.sha256,
    componentCount: sbom.componentCount,
    licenseCount: sbom.licenseSummary.length,
    vulnerabilityCount: sbom.vulnerabilities.length,
    openVulnerabilityCount: sbom.vulnerabilities.filter(isOpenVulnerability).length,
    summary: formatSbomSummary(sbom),
    diff: toSbomDiffView(sbom, previous.sbom, againstUrl, RELEASE_DIFF_LIMIT),
    licenses: sbom.licenseSummary.slice(0, RELEASE_LICENSE_LIMIT),
    moreLicenses: Math.max(0, sbom.licenseSummary.length - RELEASE_LICENSE_LIMIT),
    vulnerabilities: toVulnerabilityViews(sbom),
    links: sbomLinks(portal, entry, release, sbom),
  };
}
