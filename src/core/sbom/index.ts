// The pure SBOM core (docs/sbom.md): recognize, normalize, summarize, diff. The harvest
// (src/harvest/sbom.ts) reads the file, validates it against the official schema and calls these.
import { fromCycloneDx } from './cyclonedx.ts';
import { fromSpdx } from './spdx.ts';
import type { NormalizedBom, SbomKind } from './types.ts';

export { detectSbom, type Detection } from './detect.ts';
export { fromCycloneDx, INTERNAL_PROPERTY } from './cyclonedx.ts';
export { fromSpdx } from './spdx.ts';
export { diffSboms, INACTIVE_STATES } from './diff.ts';
export { componentKey, identityOf, purlIdentity } from './keys.ts';
export {
  normalizeLicenseExpression,
  normalizeLicenseId,
  summarizeLicenses,
  type License,
} from './licenses.ts';
export { compareComponents, compareVulnerabilities } from './order.ts';
export { findJsonSyntaxFault, jsonSyntaxProblem } from './json-syntax.ts';
export { decodeJsonText, toSchemaProblems, type SchemaError } from './problems.ts';
export * from './types.ts';

/** Normalizes a document whose kind `detectSbom` has established. */
export function normalizeSbom(json: unknown, kind: SbomKind): NormalizedBom {
  return kind.format === 'CycloneDX' ? fromCycloneDx(json) : fromSpdx(json);
}

/** Fills `{version}` in a configured SBOM path pattern (`sboms/api-{version}.cdx.json`). */
export function sbomPath(pattern: string, version: string): string {
  // split/join, not String.replace: a version may contain "$", which replace() would interpret.
  return pattern.split('{version}').join(version);
}
