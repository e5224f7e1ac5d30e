// Total, locale-independent orders for everything an SBOM record lists (STYLE.md rule 6): the same
// document gives the same bytes on every machine, whatever its locale.
import type { Component, Vulnerability } from '../../schemas/sbom.ts';
import { compareVersions } from '../version.ts';
import { compareCodeUnits } from '../compare.ts';

/** Names ignoring case first (`jackson` next to `Jackson`), then exactly, so the order stays total. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return compareCodeUnits(a.toLowerCase(), b.toLowerCase()) || compareCodeUnits(a, b);
}

/** Versions in version order (src/core/version.ts), a missing version first. */
export function compareNullableVersions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareVersions(a, b);
}

/**
 * Components by name, version, key; two components equal on those (a document may list the same
 * package twice) by parent, then by their full JSON, which only ever runs on such ties.
 */
export function compareComponents(a: Component, b: Component): number {
  return (
    compareNames(a.name, b.name) ||
    compareNullableVersions(a.version, b.version) ||
    compareCodeUnits(a.key, b.key) ||
    compareCodeUnits(a.parent ?? '', b.parent ?? '') ||
    compareCodeUnits(JSON.stringify(a), JSON.stringify(b))
  );
}

const SEVERITY_RANK: Record<string, number> = {
  critical: 6,
  high: 5,
  medium: 4,
  low: 3,
  info: 2,
  none: 1,
  unknown: 0,
};

/** CycloneDX severities, highest first: critical > high > medium > low > info > none > unknown. */
export const severityRank = (s: string): number => SEVERITY_RANK[s] ?? 0;

/** Vulnerabilities by id, then highest severity first, then by their full JSON (total). */
export function compareVulnerabilities(a: Vulnerability, b: Vulnerability): number {
  return (
    compareCodeUnits(a.id, b.id) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    compareCodeUnits(JSON.stringify(a), JSON.stringify(b))
  );
}
