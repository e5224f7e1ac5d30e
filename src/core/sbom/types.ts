// The normalized bill of materials that the pure SBOM functions pass around (docs/sbom.md). The
// record written to the data folder (src/schemas/sbom.ts) adds project, version, source, digest,
// license summary and diff to it.
import type { Component, Vulnerability } from '../../schemas/sbom.ts';

export type SbomFormat = 'CycloneDX' | 'SPDX';

/** The spec versions docs/sbom.md promises: CycloneDX JSON 1.2–1.7 and SPDX JSON 2.2–2.3. */
export const CYCLONEDX_VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'] as const;
export const SPDX_VERSIONS = ['2.2', '2.3'] as const;
export type CycloneDxVersion = (typeof CYCLONEDX_VERSIONS)[number];
export type SpdxVersion = (typeof SPDX_VERSIONS)[number];

/**
 * What a document says it is. `specVersion` is the bare number for both formats (`1.6`, `2.3`), so
 * that `${format} ${specVersion}` reads "SPDX 2.3", not "SPDX SPDX-2.3".
 */
export type SbomKind =
  { format: 'CycloneDX'; specVersion: CycloneDxVersion } | { format: 'SPDX'; specVersion: SpdxVersion };

/** A problem with an SBOM document: where (RFC 6901 JSON pointer, "" for the whole document) and what. */
export interface SbomProblem {
  pointer: string;
  message: string;
}

export interface NormalizedBom {
  format: SbomFormat;
  specVersion: string;
  /**
   * docs/sbom.md: every entry of every CycloneDX `components` array, nested ones included (not
   * `metadata.component`); every SPDX package.
   */
  componentCount: number;
  /** Sorted by name, then version, then key (see `compareComponents`). */
  components: Component[];
  /** Sorted by id (see `compareVulnerabilities`). */
  vulnerabilities: Vulnerability[];
}
