// The reverse look-up pages (docs/sbom.md, "Which releases ship it"): `/components/` (split by
// first letter when long), `/components/<slug>/`, `/licenses/`, `/licenses/<slug>/`,
// and the index they share (the vulnerability pages are in ./lookup-vulnerabilities.ts). Both
// audiences, each from its own SBOMs: for the public, a component only internal releases ship (or
// only as an internal component) has no page, no link and no row. Pure.
import { formatDate, plural, type DateView } from '../render/format.ts';
import {
  createLookupIndex,
  type ComponentEntry,
  type LicenseEntry,
  type LookupIndex,
  type LookupRelease,
} from './lookup.ts';
import type { Portal } from '../model/portal.ts';
import { spdxLicenseUrl } from './notice-page.ts';

const indexes = new WeakMap<Portal, LookupIndex>();

/** The look-up index of the portal's SBOMs as its audience sees them, made once per build. */
export function getLookupIndex(portal: Portal): LookupIndex {
  let index = indexes.get(portal);
  if (!index) {
    const builder = createLookupIndex();
    for (const entry of portal.projects)
      for (const r of entry.releases) {
        const sbom = entry.sbom(r.slug);
        if (sbom?.status === 'accepted')
          builder.add(
            {
              project: entry.project.id,
              projectName: entry.project.name,
              version: r.version,
              slug: r.slug,
              tag: r.tag,
              date: r.date,
            },
            sbom,
          );
      }
    indexes.set(portal, (index = builder.finish()));
  }
  return index;
}

/** More components than this, and `/components/` lists letters, each on a page of its own. */
export const COMPONENTS_PER_PAGE = 500;

export const lookupPaths = (base: string) => {
  const root = base.endsWith('/') ? base : `${base}/`;
  return {
    components: `${root}components/`,
    letter: (letter: string) => `${root}components/${letter}/`,
    component: (slug: string) => `${root}components/${slug}/`,
    licenses: `${root}licenses/`,
    license: (slug: string) => `${root}licenses/${slug}/`,
    vulnerabilities: `${root}vulnerabilities/`,
    vulnerability: (slug: string) => `${root}vulnerabilities/${slug}/`,
  };
};

/** The letter a component is listed under: a–z, 0–9, or `other`. */
export function letterOf(name: string): string {
  const c = name.replace(/^@/, '').charAt(0).toLowerCase();
  return /[a-z0-9]/.test(c) ? c : 'other';
}

export interface ReleaseLink {
  project: string;
  version: string;
  url: string;
  date: DateView;
}

export function releaseLink(portal: Portal, r: LookupRelease): ReleaseLink {
  return {
    project: r.projectName,
    version: r.version,
    url: portal.paths.release(r.project, r.slug),
    date: formatDate(r.date, portal.site.timezone),
  };
}

// ---------------------------------------------------------------------------------------------
// Components

export interface ComponentRow {
  name: string;
  url: string;
  purl: string | null;
  /** The purl type (`npm`, `maven`) or, without a purl, the component type. */
  ecosystem: string;
  releaseCount: number;
  /** `4.17.20 – 4.17.21` or one version: the lowest and highest it ships in, as text. */
  versions: string;
  projects: string[];
}

const ecosystemOf = (c: ComponentEntry) => (c.purl ? (/^pkg:([^/]+)\//.exec(c.purl)?.[1] ?? c.type) : c.type);

function componentRow(portal: Portal, index: LookupIndex, c: ComponentEntry): ComponentRow {
  const versions = [...new Set(c.uses.flatMap((u) => u.versions))].filter((v) => v !== '');
  const newest = c.uses[0]?.versions.at(-1) ?? '';
  return {
    name: c.name,
    url: lookupPaths(portal.paths.home).component(c.slug),
    purl: c.purl,
    ecosystem: ecosystemOf(c),
    releaseCount: c.uses.length,
    versions:
      versions.length <= 1 ? (versions[0] ?? '') : `${plural(versions.length, 'version')}, latest ${newest}`,
    projects: [...new Set(c.uses.map((u) => index.releases[u.release]!.projectName))],
  };
}

export interface ComponentsIndexView {
  total: number;
  /** Every letter with components, and how many. */
  letters: { letter: string; count: number; url: string; current: boolean }[];
  /** The components of this page: all of them, or one letter's. */
  rows: ComponentRow[];
  letter: string | null;
  links: { licenses: string; vulnerabilities: string | null };
}

/** `/components/` (every component, or the letters when there are many) or `/components/<letter>/`. */
export function toComponentsIndexView(
  portal: Portal,
  letter: string | null,
  index: LookupIndex = getLookupIndex(portal),
): ComponentsIndexView {
  const paths = lookupPaths(portal.paths.home);
  const counts = new Map<string, number>();
  for (const c of index.components) counts.set(letterOf(c.name), (counts.get(letterOf(c.name)) ?? 0) + 1);
  const paged = index.components.length > COMPONENTS_PER_PAGE;
  const shown =
    letter !== null
      ? index.components.filter((c) => letterOf(c.name) === letter)
      : paged
        ? []
        : index.components;
  return {
    total: index.components.length,
    letters: paged
      ? [...counts]
          .sort(([a], [b]) => (a === 'other' ? 1 : b === 'other' ? -1 : a < b ? -1 : 1))
          .map(([l, count]) => ({ letter: l, count, url: paths.letter(l), current: l === letter }))
      : [],
    rows: shown.map((c) => componentRow(portal, index, c)),
    letter,
    links: {
      licenses: paths.licenses,
      vulnerabilities: index.vulnerabilities.length ? paths.vulnerabilities : null,
    },
  };
}

const bySlug = new WeakMap<LookupIndex, Map<string, ComponentEntry>>();
const componentsBySlug = (index: LookupIndex) => {
  let m = bySlug.get(index);
  if (!m) bySlug.set(index, (m = new Map(index.components.map((c) => [c.slug, c]))));
  return m;
};

export interface ComponentPageView {
  name: string;
  purl: string | null;
  type: string;
  ecosystem: string;
  summary: string;
  /** Per project (site order), its releases newest first. */
  projects: {
    name: string;
    url: string;
    releases: (ReleaseLink & { componentVersions: string[]; licenses: { text: string; url: string }[] })[];
  }[];
  links: { components: string };
}

export function toComponentPageView(portal: Portal, slug: string): ComponentPageView {
  const index = getLookupIndex(portal);
  const c = componentsBySlug(index).get(slug);
  if (!c) throw new Error(`waybill: no component with the URL /components/${slug}/`);
  const paths = lookupPaths(portal.paths.home);
  const licenseSlug = new Map(index.licenses.map((l) => [l.license, l.slug]));
  const byProject = new Map<string, ComponentPageView['projects'][number]>();
  for (const u of c.uses) {
    const r = index.releases[u.release]!;
    let p = byProject.get(r.project);
    if (!p)
      byProject.set(
        r.project,
        (p = { name: r.projectName, url: portal.paths.project(r.project), releases: [] }),
      );
    p.releases.push({
      ...releaseLink(portal, r),
      componentVersions: u.versions.filter((v) => v !== ''),
      licenses: u.licenses.map((l) => ({ text: l, url: paths.license(licenseSlug.get(l)!) })),
    });
  }
  const projects = [...byProject.values()];
  return {
    name: c.name,
    purl: c.purl,
    type: c.type,
    ecosystem: ecosystemOf(c),
    summary: `${plural(c.uses.length, 'release')} of ${plural(projects.length, 'project')} ship${c.uses.length === 1 ? 's' : ''} ${c.name}`,
    projects,
    links: { components: paths.components },
  };
}

/** `/components/<letter>/` when the list is split, and `/components/<slug>/` for every component. */
export function getComponentPaths(
  portal: Portal,
  index: LookupIndex = getLookupIndex(portal),
): { params: { component: string }; props: { letter: string | null } }[] {
  const letters =
    index.components.length > COMPONENTS_PER_PAGE
      ? [...new Set(index.components.map((c) => letterOf(c.name)))]
      : [];
  return [
    ...letters.map((l) => ({ params: { component: l }, props: { letter: l } })),
    ...index.components.map((c) => ({ params: { component: c.slug }, props: { letter: null } })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Licenses

export interface LicensesIndexView {
  rows: { license: string; url: string; spdx: string | null; components: number; releases: number }[];
  links: { components: string };
}

const spdxOf = (l: LicenseEntry) => spdxLicenseUrl({ kind: l.kind, value: l.license });

export function toLicensesIndexView(portal: Portal): LicensesIndexView {
  const index = getLookupIndex(portal);
  const paths = lookupPaths(portal.paths.home);
  return {
    rows: index.licenses.map((l) => ({
      license: l.license,
      url: paths.license(l.slug),
      spdx: spdxOf(l),
      components: new Set(l.uses.flatMap((u) => u.components.map((c) => c.component))).size,
      releases: l.uses.length,
    })),
    links: { components: paths.components },
  };
}

export interface LicensePageView {
  license: string;
  spdx: string | null;
  summary: string;
  releases: (ReleaseLink & { components: { name: string; url: string; versions: string }[] })[];
  links: { licenses: string };
}

export function toLicensePageView(portal: Portal, slug: string): LicensePageView {
  const index = getLookupIndex(portal);
  const l = index.licenses.find((x) => x.slug === slug);
  if (!l) throw new Error(`waybill: no license with the URL /licenses/${slug}/`);
  const paths = lookupPaths(portal.paths.home);
  return {
    license: l.license,
    spdx: spdxOf(l),
    summary: `${plural(l.uses.length, 'release')} ${l.uses.length === 1 ? 'carries' : 'carry'} components under ${l.license}`,
    releases: l.uses.map((u) => ({
      ...releaseLink(portal, index.releases[u.release]!),
      components: u.components.map((c) => {
        const e = index.components[c.component]!;
        return {
          name: e.name,
          url: paths.component(e.slug),
          versions: c.versions.filter((v) => v !== '').join(', '),
        };
      }),
    })),
    links: { licenses: paths.licenses },
  };
}

/** A license's page, by the license as the records write it (null when no release carries it). */
export function licenseUrls(portal: Portal): (license: string) => string | null {
  const paths = lookupPaths(portal.paths.home);
  const bySlug = new Map(getLookupIndex(portal).licenses.map((l) => [l.license, paths.license(l.slug)]));
  return (license) => bySlug.get(license) ?? null;
}

export const getLicensePaths = (portal: Portal) =>
  getLookupIndex(portal).licenses.map((l) => ({ params: { license: l.slug } }));
