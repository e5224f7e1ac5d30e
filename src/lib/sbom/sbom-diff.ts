// The diff against the previous release's SBOM, as the release page (a few lines per group) and
// the SBOM page (all of them) show it.
import type { AcceptedSbom, SbomDiff } from '../../schemas/index.ts';
import { plural } from '../render/format.ts';
import type { ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { componentLabels, formatComponentName } from './component-names.ts';
import { advisoryUrl } from './vulnerabilities.ts';

export type DiffGroupKey =
  'introduced' | 'added' | 'removed' | 'upgraded' | 'downgraded' | 'licenseChanged' | 'fixed';

export interface DiffItemView {
  name: string;
  /** `2.14.1`, `4.26.0 → 4.28.1`, `MIT → GPL-3.0-only`, or the severity and components of a vulnerability. */
  detail: string;
  /** A vulnerability's advisory page. */
  url: string | null;
}

export interface DiffGroupView {
  key: DiffGroupKey;
  title: string;
  /** Items in the record; `items` may show fewer (see `more`). */
  total: number;
  items: DiffItemView[];
  /** How many are not listed here (the full list is on the SBOM page). */
  more: number;
}

export interface SbomDiffView {
  against: { version: string; url: string | null };
  /** `3 added, 1 removed, 3 upgraded; 1 vulnerability fixed`, or `No changes`. */
  summary: string;
  /** Non-empty groups only; new vulnerabilities first (bad news first, as breaking changes are). */
  groups: DiffGroupView[];
}

const DIFF_TITLES: Record<DiffGroupKey, string> = {
  introduced: 'Vulnerabilities introduced',
  added: 'Added',
  removed: 'Removed',
  upgraded: 'Upgraded',
  downgraded: 'Downgraded',
  licenseChanged: 'License changed',
  fixed: 'Vulnerabilities fixed',
};

const DIFF_ORDER: readonly DiffGroupKey[] = [
  'introduced',
  'added',
  'removed',
  'upgraded',
  'downgraded',
  'licenseChanged',
  'fixed',
];

const orNone = (v: string | null) => v ?? 'no version';
/** A diff entry's `key` is the component's identity: its purl without the version. */
const entryName = (e: { key: string; name: string }) => formatComponentName(e.name, e.key);
const licenseText = (ls: readonly string[]) => (ls.length === 0 ? 'none declared' : ls.join(', '));

/**
 * The diff against the previous release's SBOM, or null for the first one (nothing to compare).
 * `limit` caps each group (the release page); the SBOM page passes Infinity.
 */
export function toSbomDiffView(
  sbom: AcceptedSbom,
  previous: AcceptedSbom | null,
  againstUrl: string | null,
  limit: number,
): SbomDiffView | null {
  const d = sbom.diff;
  if (d.against === null) return null;
  const vulnItem = (id: string, doc: AcceptedSbom | null): DiffItemView => {
    const v = doc?.vulnerabilities.find((x) => x.id === id);
    const labels = doc ? componentLabels(doc.components) : new Map<string, string>();
    const affects = v ? [...new Set(v.affects.map((k) => labels.get(k) ?? k))] : [];
    const detail = [v ? v.severity : null, affects.length > 0 ? `in ${affects.join(', ')}` : null]
      .filter(Boolean)
      .join(' ');
    return { name: id, detail, url: advisoryUrl(id) };
  };
  const items: Record<DiffGroupKey, DiffItemView[]> = {
    introduced: d.vulnerabilitiesIntroduced.map((id) => vulnItem(id, sbom)),
    added: d.added.map((e) => ({ name: entryName(e), detail: orNone(e.version), url: null })),
    removed: d.removed.map((e) => ({ name: entryName(e), detail: orNone(e.version), url: null })),
    upgraded: d.upgraded.map((e) => ({
      name: entryName(e),
      detail: `${orNone(e.from)} → ${orNone(e.to)}`,
      url: null,
    })),
    downgraded: d.downgraded.map((e) => ({
      name: entryName(e),
      detail: `${orNone(e.from)} → ${orNone(e.to)}`,
      url: null,
    })),
    licenseChanged: d.licenseChanged.map((e) => ({
      name: entryName(e),
      detail: `${licenseText(e.from)} → ${licenseText(e.to)}`,
      url: null,
    })),
    fixed: d.vulnerabilitiesFixed.map((id) => vulnItem(id, previous)),
  };
  const groups = DIFF_ORDER.filter((k) => items[k].length > 0).map((key): DiffGroupView => ({
    key,
    title: DIFF_TITLES[key],
    total: items[key].length,
    items: items[key].slice(0, limit),
    more: Math.max(0, items[key].length - limit),
  }));
  return { against: { version: d.against, url: againstUrl }, summary: formatDiffSummary(d), groups };
}

/** `3 added, 1 removed, 2 upgraded, 1 license changed; 1 vulnerability introduced, 1 fixed` */
export function formatDiffSummary(d: SbomDiff): string {
  const parts = [
    d.added.length && `${d.added.length} added`,
    d.removed.length && `${d.removed.length} removed`,
    d.upgraded.length && `${d.upgraded.length} upgraded`,
    d.downgraded.length && `${d.downgraded.length} downgraded`,
    d.licenseChanged.length && `${plural(d.licenseChanged.length, 'license')} changed`,
  ].filter(Boolean);
  const vin = d.vulnerabilitiesIntroduced.length;
  const vfix = d.vulnerabilitiesFixed.length;
  const vulns =
    vin && vfix
      ? `${plural(vin, 'vulnerability', 'vulnerabilities')} introduced, ${vfix} fixed`
      : vin
        ? `${plural(vin, 'vulnerability', 'vulnerabilities')} introduced`
        : vfix
          ? `${plural(vfix, 'vulnerability', 'vulnerabilities')} fixed`
          : '';
  const text = [parts.join(', '), vulns].filter((s) => s !== '').join('; ');
  return text === '' ? 'No changes' : text;
}

/** The SBOM the diff was made against (`diff.against`), when it was accepted, and its release. */
export function previousSbom(
  entry: ProjectEntry,
  sbom: AcceptedSbom,
): { sbom: AcceptedSbom | null; release: ReleaseSummary | null } {
  if (sbom.diff.against === null) return { sbom: null, release: null };
  const release = entry.releases.find((r) => r.version === sbom.diff.against) ?? null;
  const prev = release ? entry.sbom(release.slug) : null;
  return { sbom: prev?.status === 'accepted' ? prev : null, release };
}
