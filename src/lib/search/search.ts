// The search page, `/search/`: pagefind's Default UI over the index `waybill build` writes to
// `/pagefind/` (src/site/build.ts). Three kinds of page are indexed: release pages, the advance
// notice (`/projects/<id>/next/`) and bills of materials (`/projects/<id>/<version>/sbom/`). They
// carry the filters `project` (the project's name), `major` ("2.x"), `type` (change group titles
// such as "Features"; a bill of materials has none) and `kind` (SEARCH_KINDS), and the metadata
// `version`, `date` and `title`.
//
// A bill of materials names hundreds of packages, so a word like "retry" matches `p-retry` on
// every SBOM page: the search starts with the `kind` filter "Release notes" ticked, which the
// advance notice carries too, and a reader unticks it to search the bills of materials as well.
// pagefind's Default UI combines ticked filters with AND (docs: "Filtering with the Default UI"),
// so "off by default" is a filter ticked by default rather than one left unticked. The components
// table is also indexed at a low weight (data-pagefind-weight, SEARCH_WEIGHTS), so with every kind
// shown a change still ranks above a package name.
//
// The page takes `?q=<words>` to search at once, and `?project=`, `?major=`, `?type=`, `?kind=`
// (each may repeat) to preselect filters, so a search can be linked to; `?kind=any` searches every
// kind. This module is also bundled into the page's script: it imports nothing at run time.
import type { Portal } from '../model/portal.ts';

export const SEARCH_FILTERS = ['project', 'major', 'type', 'kind'] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];

export interface SearchQuery {
  /** The words to search for, trimmed; empty for none. */
  term: string;
  /** Preselected filter values by filter name, each list without duplicates, in query order. */
  filters: Partial<Record<SearchFilter, string[]>>;
}

/** `?q=webhooks&project=Acme%20API` → `{ term: 'webhooks', filters: { project: ['Acme API'] } }`. */
export function parseSearchQuery(search: string): SearchQuery {
  const params = new URLSearchParams(search);
  const filters: SearchQuery['filters'] = {};
  for (const name of SEARCH_FILTERS) {
    const values = [
      ...new Set(
        params
          .getAll(name)
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      ),
    ];
    if (values.length > 0) filters[name] = values;
  }
  return { term: (params.get('q') ?? '').trim(), filters };
}

/** The values of the `kind` filter: what sort of page a result is. */
export const SEARCH_KINDS = {
  /** Release pages, and the advance notice (what is coming is release notes too). */
  notes: 'Release notes',
  /** The advance notice alone, for a reader who wants only what is not released yet. */
  next: 'Coming next',
  /** The components table of a release's SBOM. */
  sbom: 'Bills of materials',
} as const;

/** `?kind=any`: every kind of page, bills of materials included. */
export const ANY_KIND = 'any';

/**
 * pagefind's `data-pagefind-weight` for parts of pages (0 to 10; 1 is ordinary text and headings
 * weigh more): a package name in a components table counts for a fifth of a word in a change.
 */
export const SEARCH_WEIGHTS = { components: 0.2 } as const;

/**
 * The filters the page starts with: those of the address, and `kind` "Release notes" unless the
 * address names a kind (`?kind=any` for none), so bills of materials are off until asked for.
 */
export function initialFilters(query: SearchQuery): SearchQuery['filters'] {
  const { kind, ...rest } = query.filters;
  if (kind === undefined) return { ...rest, kind: [SEARCH_KINDS.notes] };
  const named = kind.filter((k) => k.toLowerCase() !== ANY_KIND);
  return named.length > 0 && named.length === kind.length ? { ...rest, kind } : rest;
}

/** The query string for a term, keeping every other parameter (filters) as it was. */
export function withSearchTerm(search: string, term: string): string {
  const params = new URLSearchParams(search);
  if (term.trim() === '') params.delete('q');
  else params.set('q', term);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * A result's `date` metadata (ISO 8601 from the release page) as people read it, in the portal's
 * time zone: `2 March 2026`. Anything that is not a date is shown as it came.
 */
export function formatSearchDate(value: string, timeZone: string): string {
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at)) return value;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
}

export interface SearchView {
  bundle: string;
  /** site.json `timezone`, for result dates. */
  timeZone: string;
  /** For readers without JavaScript: every project page. */
  projects: { name: string; url: string }[];
  /** How to search the bills of materials, which are off at first. */
  hint: string;
}

export function toSearchView(portal: Portal): SearchView {
  return {
    bundle: portal.paths.pagefind,
    timeZone: portal.site.timezone,
    projects: portal.projects.map(({ project }) => ({
      name: project.name,
      url: portal.paths.project(project.id),
    })),
    hint: `Results are release notes and what is coming next. To search the bills of materials too, untick "${SEARCH_KINDS.notes}" under kind.`,
  };
}
