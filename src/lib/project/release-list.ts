// The release lists of a project page: paginated, filtered by major line and with or without
// prereleases, as plain static pages so every filter works without JavaScript.
//
//   /projects/<id>/                      every release, page 1
//   /projects/<id>/page/2/               page 2
//   /projects/<id>/stable/[page/2/]      without prereleases
//   /projects/<id>/line/2.x/[page/2/]    the 2.x line
//   /projects/<id>/line/2.x/stable/[page/2/]
//
// A filter only exists (as a route and as a link) when it changes something: no `stable` views for
// a project without prereleases, no line views for a project with a single line. Versions start
// with a digit (VersionSchema), so `page`, `stable` and `line` can never be a release's slug.
import type { Release } from '../../schemas/index.ts';
import type { ProjectEntry, Portal } from '../model/portal.ts';
import { releaseLine } from '../model/support.ts';

/** Releases per page: a year or two of a busy project, and a page that stays small. */
export const PAGE_SIZE = 25;

export interface ReleaseFilter {
  /** A major line (`2.x`), or null for every line. */
  line: string | null;
  /** False: final releases only. */
  prereleases: boolean;
}

export const ALL: ReleaseFilter = { line: null, prereleases: true };

export interface Page<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pageCount: number;
  total: number;
}

/** One page of a list; an empty list is one empty page. */
export function paginate<T>(items: readonly T[], page: number, size: number = PAGE_SIZE): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  if (!Number.isInteger(page) || page < 1 || page > pageCount)
    throw new RangeError(`page ${page} is outside 1..${pageCount}`);
  return { items: items.slice((page - 1) * size, page * size), page, pageCount, total: items.length };
}

/** The major lines of a project's releases, newest first (the releases are newest first). */
export function releaseLines(releases: readonly Pick<Release, 'version' | 'major'>[]): string[] {
  const lines: string[] = [];
  for (const r of releases) {
    const line = releaseLine(r);
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

export function filterReleases<T extends Pick<Release, 'version' | 'major' | 'prerelease'>>(
  releases: readonly T[],
  filter: ReleaseFilter,
): T[] {
  return releases.filter(
    (r) => (filter.prereleases || !r.prerelease) && (filter.line === null || releaseLine(r) === filter.line),
  );
}

/** What a project offers: the filters that change something. */
export function availableFilters(releases: readonly Pick<Release, 'version' | 'major' | 'prerelease'>[]): {
  lines: string[];
  prereleaseToggle: boolean;
} {
  const lines = releaseLines(releases);
  return { lines: lines.length > 1 ? lines : [], prereleaseToggle: releases.some((r) => r.prerelease) };
}

/** The path of a list view below the project's URL (`/projects/<id>/`), which ends in "/". */
export function listPath(projectUrl: string, filter: ReleaseFilter, page = 1): string {
  let path = projectUrl;
  if (filter.line !== null) path += `line/${encodeURIComponent(filter.line)}/`;
  if (!filter.prereleases) path += 'stable/';
  if (page > 1) path += `page/${page}/`;
  return path;
}

/** Route data for the list views other than page 1 of everything (that is index.astro). */
export interface ListParams {
  project: string;
  /** `page/[page].astro`: the page number. */
  page?: string;
  /** `stable/[...rest].astro` and `line/[line]/[...rest].astro`: `page/2`, `stable`, `stable/page/2`, or undefined. */
  rest?: string | undefined;
  line?: string;
}

export interface ListRoute {
  params: ListParams;
  props: { filter: ReleaseFilter; page: number };
}

function* views(entry: ProjectEntry): Generator<{ filter: ReleaseFilter; page: number }> {
  const { lines, prereleaseToggle } = availableFilters(entry.releases);
  const filters: ReleaseFilter[] = [ALL];
  if (prereleaseToggle) filters.push({ line: null, prereleases: false });
  for (const line of lines) {
    filters.push({ line, prereleases: true });
    if (prereleaseToggle) filters.push({ line, prereleases: false });
  }
  for (const filter of filters) {
    const { pageCount } = paginate(filterReleases(entry.releases, filter), 1);
    for (let page = 1; page <= pageCount; page++) yield { filter, page };
  }
}

/** `/projects/<id>/page/<n>/`: every release, pages 2 and up. */
export function getPagePaths(portal: Portal): ListRoute[] {
  return portal.projects.flatMap((entry) =>
    [...views(entry)]
      .filter(({ filter, page }) => filter.line === null && filter.prereleases && page > 1)
      .map(({ filter, page }) => ({
        params: { project: entry.project.id, page: String(page) },
        props: { filter, page },
      })),
  );
}

/** `/projects/<id>/stable/` and its further pages. */
export function getStablePaths(portal: Portal): ListRoute[] {
  return portal.projects.flatMap((entry) =>
    [...views(entry)]
      .filter(({ filter }) => filter.line === null && !filter.prereleases)
      .map(({ filter, page }) => ({
        params: { project: entry.project.id, rest: page > 1 ? `page/${page}` : undefined },
        props: { filter, page },
      })),
  );
}

/** `/projects/<id>/line/<line>/`, with `stable/` and `page/<n>/` below it. */
export function getLinePaths(portal: Portal): ListRoute[] {
  return portal.projects.flatMap((entry) =>
    [...views(entry)]
      .filter(({ filter }) => filter.line !== null)
      .map(({ filter, page }) => {
        const rest = [filter.prereleases ? '' : 'stable', page > 1 ? `page/${page}` : '']
          .filter(Boolean)
          .join('/');
        return {
          params: { project: entry.project.id, line: filter.line!, rest: rest || undefined },
          props: { filter, page },
        };
      }),
  );
}
