// The SBOM page, `/projects/<id>/<version>/sbom/`: every component of a release in a table the
// reader filters by type, scope and license, the full diff, and the known vulnerabilities.
import { formatDateTime, type DateView } from '../render/format.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { releaseLine } from '../model/support.ts';

import type { SearchHooksView } from '../release/search-hooks.ts';
import { SEARCH_KINDS } from '../search/search.ts';
import { componentLabels, componentName } from './component-names.ts';
import { previousSbom, toSbomDiffView, type SbomDiffView } from './sbom-diff.ts';
import { sbomLinks, type SbomLinksView } from './sbom-links.ts';
import { formatSbomSummary } from './sbom-section.ts';
import { isOpenVulnerability, toVulnerabilityViews, type VulnerabilityView } from './vulnerabilities.ts';
import { compareCodeUnits } from '../../core/compare.ts';

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
    name: componentName(c),
    version: c.version ?? '',
    type: c.type,
    scope: c.scope ?? NO_SCOPE,
    licenses: c.licenses.length === 0 ? [NO_LICENSE] : [...new Set(c.licenses.map((l) => l.value))],
    purl: c.purl ?? '',
    parent: c.parent === null ? null : (labels.get(c.parent) ?? c.parent),
    vulnerabilities: [...(openBy.get(c.key) ?? [])].sort(compareCodeUnits),
  }));
  // The record is sorted by its names; a scoped npm name (`@acme/protocol`) sorts by how it is shown.
  const lower = rows.map((r, i) => ({ r, i, k: r.name.toLowerCase() }));
  lower.sort((a, b) => compareCodeUnits(a.k, b.k) || a.i - b.i);
  rows.splice(0, rows.length, ...lower.map((x) => x.r));
  const distinct = (values: string[]) => [...new Set(values)].sort(compareCodeUnits);
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
      ...sbomLinks(portal, entry, release, sbom),
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
