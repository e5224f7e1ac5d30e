// Version order for the site: the one place pages sort versions. The order itself is the
// project's (src/core/version.ts: SemVer precedence for two SemVer versions, GNU `sort -V`
// otherwise, and a total order for ties), so the site and the harvest never disagree.
import { compareVersions } from '../../core/version.ts';
import { compareCodeUnits } from '../../core/compare.ts';

export { compareVersions };

/**
 * Releases newest first: by version, then by tag, so the same data always gives the same page
 * even for two records that claim the same version.
 */
export function compareReleasesNewestFirst(
  a: { version: string; tag: string },
  b: { version: string; tag: string },
): number {
  return compareVersions(b.version, a.version) || compareCodeUnits(a.tag, b.tag);
}
