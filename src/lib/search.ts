// The search page, `/search/`: pagefind's Default UI over the index `waybill build` writes to
// `/pagefind/` (src/site/build.ts). Release pages carry the filters `project` (the project's
// name), `major` ("2.x") and `type` (change group titles such as "Features"), and the metadata
// `version`, `date` and `title`.
//
// The page takes `?q=<words>` to search at once, and `?project=`, `?major=`, `?type=` (each may
// repeat) to preselect filters, so a search can be linked to. This module is also bundled into
// the page's script: it imports nothing at run time.
import type { Portal } from './portal.ts';

export const SEARCH_FILTERS = ['project', 'major', 'type'] as const;
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
}

export function toSearchView(portal: Portal): SearchView {
  return {
    bundle: portal.paths.pagefind,
    timeZone: portal.site.timezone,
    projects: portal.projects.map(({ project }) => ({
      name: project.name,
      url: portal.paths.project(project.id),
    })),
  };
}
