// What the search index reads from a page (pagefind filters and metadata, src/lib/search/search.ts).
import type { ChangesView } from './changes-view.ts';

/**
 * What pagefind reads from a release page, an advance notice or a bill of materials (the search
 * page filters and shows these; keep the names, src/lib/search/search.ts): filters `project` (the
 * project's name), `major` (`2.x`; none on the advance notice), `type` (one per change group
 * present: `Breaking changes`, `Features`, …; none on a bill of materials), `kind`
 * (SEARCH_KINDS); metadata `version`, `date` (ISO 8601; none on the advance notice), `title`.
 */
export interface SearchHooksView {
  project: string;
  major: string | null;
  types: string[];
  kinds: string[];
  version: string;
  date: string | null;
  title: string;
}

/** The `type` filter values of a page's changes: the change groups it shows, breaking changes first. */
export function searchTypes(changes: ChangesView): string[] {
  return [
    ...(changes.breaking.length > 0 ? ['Breaking changes'] : []),
    ...changes.groups.map((g) => g.title),
  ];
}
