// The site's shared paths (`SitePaths`, made once per portal by `makePaths`: `portal.paths`), and
// two names URLs carry: a deployment row's fragment (`deploymentAnchor`) and an original SBOM's
// file name (`sbomOriginalFile`). Paths include Astro's `base` and end in "/" for pages;
// `absoluteUrl` turns one into an absolute URL when site.json has `site`. Not every URL: a path
// only one area makes is made there, like a project's filtered and further list pages
// (src/lib/project/release-list.ts `listPath`), the audit pages (src/lib/audit/paths.ts
// `auditPaths`) and the metrics windows (src/lib/delivery/metrics-windows.ts).
import type { SbomFormat } from '../../core/sbom/types.ts';

export interface SitePaths {
  home: string;
  favicon: string;
  /** Every project, with its latest release. */
  projects: string;
  project(id: string): string;
  release(id: string, slug: string): string;
  /** A release's bill of materials: every component, filterable and sortable. */
  sbom(id: string, slug: string): string;
  /** A release's attribution notice: each license and the components under it. */
  notice(id: string, slug: string): string;
  /** The SBOM to download: the original (internal) or the public document (`sbomOriginalFile` names it). */
  sbomOriginal(id: string, slug: string, format: SbomFormat): string;
  next(id: string): string;
  apiIndex: string;
  apiReleases(id: string): string;
  apiRelease(id: string, slug: string): string;
  feed: string;
  projectFeed(id: string): string;
  calendar: string;
  /** `yyyy-mm` */
  month(month: string): string;
  calendarIcs: string;
  projectCalendarIcs(id: string): string;
  /** Internal audience only: one environment's deployments as iCalendar. */
  environmentCalendarIcs(id: string): string;
  /** Every group release (release train), upcoming first. */
  groups: string;
  /** A group release (release train): its member versions and combined notes. */
  group(id: string): string;
  search: string;
  /** Where pagefind writes its index and UI bundle. */
  pagefind: string;
  /** The upgrade page, with the pickers preset when a range is given. */
  upgrade(id: string, range?: { from: string | null; to: string }): string;
  /** Internal audience only: what runs where, now and at any past moment. */
  environments: string;
  /** Internal audience only: the DORA four keys. */
  metrics: string;
  /** Internal audience only: every deployment as JSON. */
  apiDeployments: string;
}

/**
 * The fragment id of a deployment's row (`dep-api-gitlab-42` for `gitlab:42` of project `api`):
 * a deployment is its project and id. Ids come from logs, so anything outside `[A-Za-z0-9_-]`
 * becomes "-", and then a short digest of the id keeps two ids that differ only there apart.
 * Deterministic: the same deployment has the same anchor on every page and in every build.
 */
export function deploymentAnchor(project: string, id: string): string {
  const safe = id
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return safe === id ? `dep-${project}-${id}` : `dep-${project}-${safe}-${fnv1a(id)}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable short tag, not a security digest. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The file name an original SBOM is served under, in the conventions of each format
 * (`api-1.2.0.cdx.json`, `api-1.2.0.spdx.json`), so a saved copy says what it is.
 */
export function sbomOriginalFile(id: string, slug: string, format: SbomFormat): string {
  return `${id}-${slug}.${format === 'SPDX' ? 'spdx' : 'cdx'}.json`;
}

/** `base` is Astro's BASE_URL (`/`, or `/docs` or `/docs/` for a sub-path deployment). */
export function makePaths(base: string): SitePaths {
  const root = base.endsWith('/') ? base : `${base}/`;
  // Ids are [a-z0-9-] and slugs [A-Za-z0-9._-] (schemas), so they need no escaping; encoding
  // anyway keeps a broken record from making a broken URL.
  const seg = encodeURIComponent;
  return {
    home: root,
    favicon: `${root}favicon.svg`,
    projects: `${root}projects/`,
    project: (id) => `${root}projects/${seg(id)}/`,
    release: (id, slug) => `${root}projects/${seg(id)}/${seg(slug)}/`,
    sbom: (id, slug) => `${root}projects/${seg(id)}/${seg(slug)}/sbom/`,
    notice: (id, slug) => `${root}projects/${seg(id)}/${seg(slug)}/notice/`,
    sbomOriginal: (id, slug, format) =>
      `${root}projects/${seg(id)}/${seg(slug)}/sbom/${seg(sbomOriginalFile(id, slug, format))}`,
    next: (id) => `${root}projects/${seg(id)}/next/`,
    apiIndex: `${root}api/v1/index.json`,
    apiReleases: (id) => `${root}api/v1/projects/${seg(id)}/releases.json`,
    apiRelease: (id, slug) => `${root}api/v1/projects/${seg(id)}/releases/${seg(slug)}.json`,
    feed: `${root}feed.xml`,
    projectFeed: (id) => `${root}projects/${seg(id)}/feed.xml`,
    calendar: `${root}calendar/`,
    month: (month) => `${root}calendar/${seg(month)}/`,
    calendarIcs: `${root}calendar.ics`,
    projectCalendarIcs: (id) => `${root}projects/${seg(id)}/calendar.ics`,
    environmentCalendarIcs: (id) => `${root}environments/${seg(id)}/calendar.ics`,
    groups: `${root}groups/`,
    group: (id) => `${root}groups/${seg(id)}/`,
    search: `${root}search/`,
    pagefind: `${root}pagefind/`,
    upgrade: (id, range) => {
      const url = `${root}projects/${seg(id)}/upgrade/`;
      if (!range) return url;
      const q = new URLSearchParams();
      if (range.from !== null) q.set('from', range.from);
      q.set('to', range.to);
      return `${url}?${q}`;
    },
    environments: `${root}environments/`,
    metrics: `${root}metrics/`,
    apiDeployments: `${root}api/v1/deployments.json`,
  };
}

/** docs/site.md: `url` in the JSON is absolute when site.json has `site`, else root-relative. */
export function absoluteUrl(path: string, site: string | null): string {
  if (!site) return path;
  return new URL(path, site).href;
}
