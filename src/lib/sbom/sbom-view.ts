// A release's bill of materials on the site: what each audience may see of it, the view models of
// the release page's "Bill of materials" section, the full component page
// (`/projects/<id>/<version>/sbom/`), the attribution notice (`…/notice/`), the `sbom` field of the
// release JSON, and the routes. Pure: records in, plain data out.
//
// BOM fields (names, versions, purls, licenses, descriptions, problems) are untrusted text: they
// stay plain text here and pages escape them with `{}`. For the public audience every one of them
// has e-mail addresses hidden (src/lib/model/privacy.ts), and nothing marked internal survives: not the
// component, not a component nested in it, not a diff line or a vulnerability that names only
// internal components, not the original document (which still lists them).
import { summarizeLicenses } from '../../core/sbom/licenses.ts';
import type { AcceptedSbom, Component, Release, Sbom, SbomDiff, Vulnerability } from '../../schemas/index.ts';
import type { Audience } from '../model/env.ts';
import { formatDateTime, plural, type DateView } from '../render/format.ts';
import type { Portal, ProjectEntry, ReleaseSummary } from '../model/portal.ts';
import { makeRedactor, type Redact } from '../model/privacy.ts';
import { releaseLine } from '../model/support.ts';
import { publicSbomSha256, sbomDownload, type SbomDownload } from './sbom-download.ts';
import { compareStrings } from '../model/version-order.ts';
import type { SearchHooksView } from '../release/search-hooks.ts';
import { SEARCH_KINDS } from '../search/search.ts';

export type RejectedSbom = Extract<Sbom, { status: 'rejected' }>;

/** An SBOM as one audience sees it. */
export type PortalSbom =
  | (AcceptedSbom & {
      /** The original document may be served: the internal audience only. */
      originalPublished: boolean;
    })
  | RejectedSbom;

// ---------------------------------------------------------------------------------------------
// Audiences

/**
 * Keys of components the public must not see: those marked internal and everything nested in
 * them (a nested component's `parent` would name its internal parent). A key that a visible
 * component also carries stays visible.
 */
export function hiddenComponentKeys(components: readonly Component[]): Set<string> {
  const byKey = new Map<string, Component[]>();
  for (const c of components) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
  const memo = new Map<Component, boolean>();
  const hidden = (c: Component, seen: Set<Component>): boolean => {
    const known = memo.get(c);
    if (known !== undefined) return known;
    // A parent chain that loops (a broken document) cannot hide anything by itself.
    if (seen.has(c)) return false;
    seen.add(c);
    const result =
      c.internal || (c.parent !== null && (byKey.get(c.parent) ?? []).some((p) => hidden(p, seen)));
    memo.set(c, result);
    return result;
  };
  const visible = new Set<string>();
  const out = new Set<string>();
  for (const c of components) (hidden(c, new Set()) ? out : visible).add(c.key);
  for (const key of visible) out.delete(key);
  return out;
}

/**
 * The record as `audience` may see it. Internal: as harvested. Public: internal components (and
 * their nested ones) removed, and with them their diff lines and the vulnerabilities that affect
 * only them; `componentCount` and the license summary count what is left; e-mail addresses in
 * every text hidden. `previous` is the SBOM the diff was made against (`diff.against`), whose
 * internal components decide which removals and fixed vulnerabilities are hidden.
 */
export function toAudienceSbom(sbom: Sbom, audience: Audience, previous: Sbom | null): PortalSbom {
  if (audience === 'internal')
    return sbom.status === 'accepted' ? { ...sbom, originalPublished: true } : sbom;
  const redact = makeRedactor(audience);
  if (sbom.status === 'rejected') {
    return {
      ...sbom,
      source: redact(sbom.source),
      problems: sbom.problems.map((p) => ({ pointer: redact(p.pointer), message: redact(p.message) })),
    };
  }
  const hidden = hiddenComponentKeys(sbom.components);
  const before = previous?.status === 'accepted' ? previous : null;
  const hiddenBefore = before ? hiddenComponentKeys(before.components) : new Set<string>();
  const onlyHidden = (v: Vulnerability, keys: Set<string>) =>
    v.affects.length > 0 && v.affects.every((k) => keys.has(k));
  const vulnerabilities = sbom.vulnerabilities.filter((v) => !onlyHidden(v, hidden));
  const dropped = new Set(sbom.vulnerabilities.filter((v) => onlyHidden(v, hidden)).map((v) => v.id));
  const droppedBefore = new Set(
    (before?.vulnerabilities ?? []).filter((v) => onlyHidden(v, hiddenBefore)).map((v) => v.id),
  );
  const components = sbom.components.filter((c) => !hidden.has(c.key));
  const removedCount = sbom.components.length - components.length;
  // Diff entries are keyed by identity across releases (the purl without its version), not by
  // component key, so they are matched by what they name: name and version, or the name alone.
  const now = hiddenNames(sbom.components, hidden);
  const then = hiddenNames(before?.components ?? [], hiddenBefore);
  const diff: SbomDiff = {
    against: sbom.diff.against,
    added: sbom.diff.added.filter((e) => !now.versions.has(label(e.name, e.version))),
    removed: sbom.diff.removed.filter((e) => !then.versions.has(label(e.name, e.version))),
    upgraded: sbom.diff.upgraded.filter(
      (e) => !now.versions.has(label(e.name, e.to)) && !then.versions.has(label(e.name, e.from)),
    ),
    downgraded: sbom.diff.downgraded.filter(
      (e) => !now.versions.has(label(e.name, e.to)) && !then.versions.has(label(e.name, e.from)),
    ),
    licenseChanged: sbom.diff.licenseChanged.filter((e) => !now.names.has(e.name)),
    vulnerabilitiesIntroduced: sbom.diff.vulnerabilitiesIntroduced.filter((id) => !dropped.has(id)),
    vulnerabilitiesFixed: sbom.diff.vulnerabilitiesFixed.filter((id) => !droppedBefore.has(id)),
  };
  return {
    ...sbom,
    source: redact(sbom.source),
    componentCount: Math.max(0, sbom.componentCount - removedCount),
    components: components.map((c) => redactComponent(c, redact)),
    licenseSummary:
      removedCount === 0
        ? sbom.licenseSummary.map((l) => ({ license: redact(l.license), count: l.count }))
        : summarizeLicenses(components).map((l) => ({ license: redact(l.license), count: l.count })),
    vulnerabilities: vulnerabilities.map((v) => ({
      ...v,
      id: redact(v.id),
      affects: v.affects.filter((k) => !hidden.has(k)).map(redact),
      description: v.description === null ? null : redact(v.description),
    })),
    diff: redactDiff(diff, redact),
    // The original lists authors, properties and internal components: the public downloads the
    // document made from this record instead (src/lib/sbom/sbom-download.ts).
    originalPublished: false,
  };
}

const label = (name: string, version: string | null) => `${name}\u0000${version ?? ''}`;

/**
 * What hidden components are called: `name version` pairs, and names, that only hidden
 * components carry (a name a visible component shares stays visible).
 */
function hiddenNames(
  components: readonly Component[],
  hidden: Set<string>,
): { versions: Set<string>; names: Set<string> } {
  const shown = { versions: new Set<string>(), names: new Set<string>() };
  const out = { versions: new Set<string>(), names: new Set<string>() };
  for (const c of components) {
    const to = hidden.has(c.key) ? out : shown;
    to.versions.add(label(c.name, c.version));
    to.names.add(c.name);
  }
  for (const v of shown.versions) out.versions.delete(v);
  for (const n of shown.names) out.names.delete(n);
  return out;
}

function redactComponent(c: Component, redact: Redact): Component {
  const maybe = (s: string | null) => (s === null ? null : redact(s));
  return {
    ...c,
    key: redact(c.key),
    name: redact(c.name),
    version: maybe(c.version),
    purl: maybe(c.purl),
    type: redact(c.type),
    scope: maybe(c.scope),
    licenses: c.licenses.map((l) => ({ kind: l.kind, value: redact(l.value) })),
    parent: maybe(c.parent),
  };
}

function redactDiff(d: SbomDiff, redact: Redact): SbomDiff {
  const maybe = (s: string | null) => (s === null ? null : redact(s));
  const base = <T extends { key: string; name: string }>(e: T): T => ({
    ...e,
    key: redact(e.key),
    name: redact(e.name),
  });
  return {
    against: d.against,
    added: d.added.map((e) => ({ ...base(e), version: maybe(e.version) })),
    removed: d.removed.map((e) => ({ ...base(e), version: maybe(e.version) })),
    upgraded: d.upgraded.map((e) => ({ ...base(e), from: maybe(e.from), to: maybe(e.to) })),
    downgraded: d.downgraded.map((e) => ({ ...base(e), from: maybe(e.from), to: maybe(e.to) })),
    licenseChanged: d.licenseChanged.map((e) => ({
      ...base(e),
      from: e.from.map(redact),
      to: e.to.map(redact),
    })),
    vulnerabilitiesIntroduced: d.vulnerabilitiesIntroduced.map(redact),
    vulnerabilitiesFixed: d.vulnerabilitiesFixed.map(redact),
  };
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * A component's name as its ecosystem writes it. CycloneDX keeps an npm scope in `group`, so the
 * record says `protocol` for `@acme/protocol`; the purl still has the scope (`pkg:npm/%40acme/
 * protocol@2.0.0`, or a diff entry's versionless identity), and npm users know the package only
 * by the scoped name. Every other ecosystem keeps the name as recorded (`log4j-core`).
 */
export function formatComponentName(name: string, purlOrIdentity: string | null): string {
  const m =
    purlOrIdentity === null ? null : /^pkg:npm\/(?:%40|@)([^/@?#]+)\/([^/@?#]+)/i.exec(purlOrIdentity);
  if (!m) return name;
  let scope: string;
  let base: string;
  try {
    scope = decodeURIComponent(m[1]!);
    base = decodeURIComponent(m[2]!);
  } catch {
    return name;
  }
  return base === name ? `@${scope}/${name}` : name;
}

const nameOf = (c: Pick<Component, 'name' | 'purl'>) => formatComponentName(c.name, c.purl);

// ---------------------------------------------------------------------------------------------
// Vulnerabilities

/** VEX states that mean "this release is not exposed"; anything else (or no analysis) is open. */
const CLOSED_STATES = new Set(['resolved', 'resolved_with_pedigree', 'not_affected', 'false_positive']);
const SEVERITY_RANK = ['critical', 'high', 'medium', 'low', 'info', 'none', 'unknown'];

export function isOpenVulnerability(v: Pick<Vulnerability, 'state'>): boolean {
  return v.state === null || !CLOSED_STATES.has(v.state);
}

/** The advisory page for well-known identifiers; null for anything else (never a URL built from free text). */
export function advisoryUrl(id: string): string | null {
  if (/^CVE-\d{4}-\d{4,}$/.test(id)) return `https://nvd.nist.gov/vuln/detail/${id}`;
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/.test(id)) return `https://github.com/advisories/${id}`;
  return null;
}

/** `exploitable` → `Exploitable`, `in_triage` → `In triage`; null when the BOM has no analysis. */
export function formatVexState(state: string | null): string | null {
  if (state === null) return null;
  const text = state.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface VulnerabilityView {
  id: string;
  url: string | null;
  severity: string;
  /** The badge class for the severity: `sev-critical`, … `sev-unknown`. */
  severityClass: string;
  state: string | null;
  open: boolean;
  /** The affected components as `name version`. */
  affects: string[];
  description: string | null;
}

function toVulnerabilityViews(sbom: AcceptedSbom): VulnerabilityView[] {
  const label = componentLabels(sbom.components);
  const rank = (s: string) => {
    const i = SEVERITY_RANK.indexOf(s);
    return i === -1 ? SEVERITY_RANK.length : i;
  };
  return [...sbom.vulnerabilities]
    .sort(
      (a, b) =>
        Number(isOpenVulnerability(b)) - Number(isOpenVulnerability(a)) ||
        rank(a.severity) - rank(b.severity) ||
        compareStrings(a.id, b.id),
    )
    .map((v) => ({
      id: v.id,
      url: advisoryUrl(v.id),
      severity: v.severity,
      severityClass: `sev-${SEVERITY_RANK.includes(v.severity) ? v.severity : 'unknown'}`,
      state: formatVexState(v.state),
      open: isOpenVulnerability(v),
      affects: [...new Set(v.affects.map((k) => label.get(k) ?? k))],
      description: v.description,
    }));
}

/** Component key → `name version`, for lists that name components by key. */
function componentLabels(components: readonly Component[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of components)
    if (!out.has(c.key)) out.set(c.key, c.version === null ? nameOf(c) : `${nameOf(c)} ${c.version}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The diff

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

// ---------------------------------------------------------------------------------------------
// The release page's section

export interface SbomLinksView {
  components: string;
  notice: string;
  /** The document to download: the original (internal), or one made from the public record. */
  download: SbomDownload & { sha256: string };
}

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

function previousSbom(
  entry: ProjectEntry,
  sbom: AcceptedSbom,
): { sbom: AcceptedSbom | null; release: ReleaseSummary | null } {
  if (sbom.diff.against === null) return { sbom: null, release: null };
  const release = entry.releases.find((r) => r.version === sbom.diff.against) ?? null;
  const prev = release ? entry.sbom(release.slug) : null;
  return { sbom: prev?.status === 'accepted' ? prev : null, release };
}

function linksOf(
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
    links: linksOf(portal, entry, release, sbom),
  };
}

// ---------------------------------------------------------------------------------------------
// The SBOM page: `/projects/<id>/<version>/sbom/`

export interface ComponentRowView {
  name: string;
  version: string;
  type: string;
  scope: string;
  /** Declared licenses, each an id, an expression (`MIT OR Apache-2.0`) or a name; `[NO_LICENSE]` for none. */
  licenses: string[];
  purl: string;
  /** `name version` of the component this one is nested in. */
  parent: string | null;
  /** Open vulnerabilities affecting it, by id. */
  vulnerabilities: string[];
}

export interface SbomPageView {
  project: { id: string; name: string; url: string };
  version: string;
  release: { url: string; date: DateView };
  format: string;
  sha256: string;
  componentCount: number;
  summary: string;
  /** By name as shown, case-insensitively, then as the record orders them (version, key). */
  rows: ComponentRowView[];
  /** The distinct values of the filterable columns, sorted; the filters' options. */
  filters: { types: string[]; scopes: string[]; licenses: string[] };
  diff: SbomDiffView | null;
  vulnerabilities: VulnerabilityView[];
  links: SbomLinksView & { release: string; json: string };
  search: SearchHooksView;
}

/** Shown in the scope column when the document does not say. */
export const NO_SCOPE = '—';
export const NO_LICENSE = 'none declared';

export function toSbomPageView(portal: Portal, entry: ProjectEntry, release: ReleaseSummary): SbomPageView {
  const sbom = entry.sbom(release.slug);
  if (sbom === null || sbom.status !== 'accepted') {
    throw new Error(
      `waybill: ${entry.project.id} ${release.version} has no accepted SBOM (route /projects/${entry.project.id}/${release.slug}/sbom/)`,
    );
  }
  const { project } = entry;
  const labels = componentLabels(sbom.components);
  const openBy = new Map<string, string[]>();
  for (const v of sbom.vulnerabilities) {
    if (!isOpenVulnerability(v)) continue;
    for (const k of new Set(v.affects)) openBy.set(k, [...(openBy.get(k) ?? []), v.id]);
  }
  const rows = sbom.components.map((c): ComponentRowView => ({
    name: nameOf(c),
    version: c.version ?? '',
    type: c.type,
    scope: c.scope ?? NO_SCOPE,
    licenses: c.licenses.length === 0 ? [NO_LICENSE] : [...new Set(c.licenses.map((l) => l.value))],
    purl: c.purl ?? '',
    parent: c.parent === null ? null : (labels.get(c.parent) ?? c.parent),
    vulnerabilities: [...(openBy.get(c.key) ?? [])].sort(compareStrings),
  }));
  // The record is sorted by its names; a scoped npm name (`@acme/protocol`) sorts by how it is shown.
  const lower = rows.map((r, i) => ({ r, i, k: r.name.toLowerCase() }));
  lower.sort((a, b) => compareStrings(a.k, b.k) || a.i - b.i);
  rows.splice(0, rows.length, ...lower.map((x) => x.r));
  const distinct = (values: string[]) => [...new Set(values)].sort(compareStrings);
  const previous = previousSbom(entry, sbom);
  const againstUrl = previous.release ? portal.paths.release(project.id, previous.release.slug) : null;
  return {
    project: { id: project.id, name: project.name, url: portal.paths.project(project.id) },
    version: release.version,
    release: {
      url: portal.paths.release(project.id, release.slug),
      date: formatDateTime(release.date, portal.site.timezone),
    },
    format: `${sbom.format} ${sbom.specVersion}`,
    sha256: sbom.sha256,
    componentCount: sbom.componentCount,
    summary: formatSbomSummary(sbom),
    rows,
    filters: {
      types: distinct(rows.map((r) => r.type)),
      scopes: distinct(rows.map((r) => r.scope)),
      licenses: distinct(
        sbom.components.flatMap((c) =>
          c.licenses.length === 0 ? [NO_LICENSE] : c.licenses.map((l) => l.value),
        ),
      ),
    },
    diff: toSbomDiffView(sbom, previous.sbom, againstUrl, Infinity),
    vulnerabilities: toVulnerabilityViews(sbom),
    links: {
      ...linksOf(portal, entry, release, sbom),
      release: portal.paths.release(project.id, release.slug),
      json: portal.paths.apiRelease(project.id, release.slug),
    },
    // The search page lists this page under the kind "Bills of materials" (off until the reader
    // asks for it, src/lib/search/search.ts), so "log4j-core 2.14.1" or "GPL-3.0" finds every release
    // whose table has it, filtered by project like the notes. It has no change type: it lists
    // components, not changes.
    search: {
      project: project.name,
      major: releaseLine(release),
      types: [],
      kinds: [SEARCH_KINDS.sbom],
      version: release.version,
      date: release.date,
      title: `${project.name} ${release.version}: bill of materials`,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The notice: `/projects/<id>/<version>/notice/`

export interface NoticeGroupView {
  license: string;
  /** The SPDX license page for a plain SPDX id; null for expressions, free text and LicenseRef-s. */
  url: string | null;
  /** `name version`, each once, sorted. */
  components: string[];
}

export interface NoticeView {
  project: { id: string; name: string; url: string };
  version: string;
  format: string;
  componentCount: number;
  /** By license, case-insensitively; components that declare none come last. */
  groups: NoticeGroupView[];
  unlicensed: string[];
  links: SbomLinksView & { release: string };
}

/** `https://spdx.org/licenses/MIT.html` for an SPDX license id, else null. */
export function spdxLicenseUrl(license: { kind: string; value: string }): string | null {
  if (
    license.kind !== 'id' ||
    !/^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(license.value) ||
    /^(LicenseRef|DocumentRef)-/.test(license.value)
  )
    return null;
  return `https://spdx.org/licenses/${license.value.replace(/\+$/, '')}.html`;
}

export function toNoticeView(portal: Portal, entry: ProjectEntry, release: ReleaseSummary): NoticeView {
  const sbom = entry.sbom(release.slug);
  if (sbom === null || sbom.status !== 'accepted') {
    throw new Error(
      `waybill: ${entry.project.id} ${release.version} has no accepted SBOM (route /projects/${entry.project.id}/${release.slug}/notice/)`,
    );
  }
  const { project } = entry;
  const groups = new Map<string, { url: string | null; components: Set<string> }>();
  const unlicensed = new Set<string>();
  const label = (c: Component) => (c.version === null ? nameOf(c) : `${nameOf(c)} ${c.version}`);
  for (const c of sbom.components) {
    if (c.licenses.length === 0) unlicensed.add(label(c));
    for (const l of c.licenses) {
      let g = groups.get(l.value);
      if (!g) groups.set(l.value, (g = { url: spdxLicenseUrl(l), components: new Set() }));
      g.components.add(label(c));
    }
  }
  const byText = (a: string, b: string) =>
    compareStrings(a.toLowerCase(), b.toLowerCase()) || compareStrings(a, b);
  return {
    project: { id: project.id, name: project.name, url: portal.paths.project(project.id) },
    version: release.version,
    format: `${sbom.format} ${sbom.specVersion}`,
    componentCount: sbom.componentCount,
    groups: [...groups]
      .sort(([a], [b]) => byText(a, b))
      .map(([license, g]) => ({ license, url: g.url, components: [...g.components].sort(byText) })),
    unlicensed: [...unlicensed].sort(byText),
    links: {
      ...linksOf(portal, entry, release, sbom),
      release: portal.paths.release(project.id, release.slug),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// JSON: the `sbom` field of `/api/v1/projects/<id>/releases/<version>.json`

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
      linksOf(portal, entry, release, sbom).download,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Routes

export interface SbomParams {
  project: string;
  release: string;
}

/** The SBOM and notice pages: one per release with an accepted SBOM. */
export function getSbomPaths(portal: Portal): { params: SbomParams }[] {
  return portal.projects.flatMap((entry) =>
    entry.releases
      .filter((r) => entry.sbom(r.slug)?.status === 'accepted')
      .map((r) => ({ params: { project: entry.project.id, release: r.slug } })),
  );
}
