// Filter values for pagefind (src/lib/search/search-filters.ts): what a page writes, what pagefind then
// stores (the element's text, entities decoded once more), and what its Default UI shows (the
// stored value as HTML).
import { describe, expect, it } from 'vitest';
import { toFilterText, toFilterValue, toFilterValues } from '../../src/lib/search/search-filters.ts';

/** Astro's escaping of `{text}`, the browser's (and pagefind's) parse of it, and pagefind's extra decode. */
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const decode = (s: string) =>
  s.replace(
    /&(lt|gt|amp|quot|#39);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[e]!,
  );
const stored = (pageText: string) => decode(decode(escape(pageText)));
/** What the label shows: the stored value read as HTML, for text without tags. */
const shown = (value: string) => decode(value);

describe('pagefind filter values', () => {
  it.each([
    '<img src=x onerror=alert(1)>',
    'Build & CI',
    '&lt;img src=x onerror=alert(1)&gt;',
    `"quoted" 'name'`,
    'Acme API',
  ])('%s: stored escaped, so the label shows it as written, and the address names it', (name) => {
    const value = stored(toFilterText(name));
    expect(value).toBe(toFilterValue(name));
    expect(value).not.toMatch(/[<>]/);
    expect(shown(value)).toBe(name);
    expect(toFilterValues({ project: [name] })).toEqual({ project: [value] });
  });
});
