// The values of the search page's filters (project, major line, change type), as the release
// pages hand them to pagefind (docs/audiences.md, "Text from the config"). pagefind's Default UI
// writes a filter value into its label as HTML (a Svelte `{@html}`), so a project named
// `<img src=x onerror=alert(1)>` would run there. pagefind stores a value as the element's text
// with HTML entities decoded once more, so the page writes each value escaped twice (Astro escapes
// it a third time for the HTML): pagefind then stores it escaped once, and its label shows the
// text it is. The search page escapes the values it preselects from the address (`?project=`)
// once, so they name the stored ones. This module is bundled into the search page's script: it
// imports only the escaper, which imports nothing.
import { escapeHtml } from '../render/escape-html.ts';

/** A filter value as pagefind stores it, and as its UI compares and shows it: HTML-escaped text. */
export function toFilterValue(text: string): string {
  return escapeHtml(text);
}

/** The text a page puts in its `data-pagefind-filter` element, for pagefind to store `toFilterValue(text)`. */
export function toFilterText(text: string): string {
  return escapeHtml(escapeHtml(text));
}

/** The preselected filters of the address, each value as pagefind stores it. */
export function toFilterValues(filters: Partial<Record<string, string[]>>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(filters).map(([name, values]) => [name, (values ?? []).map(toFilterValue)]),
  );
}
