// The attribution notice, `/projects/<id>/<version>/notice/`: a release's components grouped by
// the license they declare.
import type { Component } from '../../schemas/index.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';

import { componentName } from './component-names.ts';
import { sbomLinks, type SbomLinksView } from './sbom-links.ts';
import { compareCodeUnits } from '../../core/compare.ts';

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
  const label = (c: Component) =>
    c.version === null ? componentName(c) : `${componentName(c)} ${c.version}`;
  for (const c of sbom.components) {
    if (c.licenses.length === 0) unlicensed.add(label(c));
    for (const l of c.licenses) {
      let g = groups.get(l.value);
      if (!g) groups.set(l.value, (g = { url: spdxLicenseUrl(l), components: new Set() }));
      g.components.add(label(c));
    }
  }
  const byText = (a: string, b: string) =>
    compareCodeUnits(a.toLowerCase(), b.toLowerCase()) || compareCodeUnits(a, b);
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
      ...sbomLinks(portal, entry, release, sbom),
      release: portal.paths.release(project.id, release.slug),
    },
  };
}
