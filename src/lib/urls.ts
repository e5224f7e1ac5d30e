// Every URL the site links to, in one place. Paths include Astro's `base` and end in "/" for
// pages; `absoluteUrl` turns one into an absolute URL when site.json has `site`.

export interface SitePaths {
  home: string;
  favicon: string;
  project(id: string): string;
  release(id: string, slug: string): string;
  next(id: string): string;
  apiIndex: string;
  apiReleases(id: string): string;
  apiRelease(id: string, slug: string): string;
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
    project: (id) => `${root}projects/${seg(id)}/`,
    release: (id, slug) => `${root}projects/${seg(id)}/${seg(slug)}/`,
    next: (id) => `${root}projects/${seg(id)}/next/`,
    apiIndex: `${root}api/v1/index.json`,
    apiReleases: (id) => `${root}api/v1/projects/${seg(id)}/releases.json`,
    apiRelease: (id, slug) => `${root}api/v1/projects/${seg(id)}/releases/${seg(slug)}.json`,
  };
}

/** PRODUCT.md: `url` in the JSON is absolute when site.json has `site`, else root-relative. */
export function absoluteUrl(path: string, site: string | null): string {
  if (!site) return path;
  return new URL(path, site).href;
}
