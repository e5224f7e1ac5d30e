// The search page's own logic: what `?q=` and the filter parameters preselect, how the address
// bar follows the box, and where the pagefind bundle is under a base path.
import { resolve } from 'node:path';
import { makePaths } from '../../src/lib/model/urls.ts';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import {
  formatSearchDate,
  initialFilters,
  parseSearchQuery,
  SEARCH_FILTERS,
  SEARCH_KINDS,
  toSearchView,
  withSearchTerm,
} from '../../src/lib/search/search.ts';
import { toSbomPageView } from '../../src/lib/sbom/sbom-page.ts';
import { toNextView } from '../../src/lib/release/next-view.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);

describe('the search query in the address', () => {
  it('reads the words from ?q= and the filters the release pages carry', () => {
    expect(SEARCH_FILTERS).toEqual(['project', 'major', 'type', 'kind']);
    expect(
      parseSearchQuery(
        '?q=%20webhooks%20&project=Acme%20API&type=Bug+fixes&type=Features&type=Features&major=2.x&other=1',
      ),
    ).toEqual({
      term: 'webhooks',
      filters: { project: ['Acme API'], major: ['2.x'], type: ['Bug fixes', 'Features'] },
    });
  });

  it('is empty without parameters, and ignores empty values', () => {
    expect(parseSearchQuery('')).toEqual({ term: '', filters: {} });
    expect(parseSearchQuery('?q=&project=')).toEqual({ term: '', filters: {} });
  });

  it('follows the box: ?q= set, replaced or removed, other parameters kept', () => {
    expect(withSearchTerm('', 'webhooks')).toBe('?q=webhooks');
    expect(withSearchTerm('?q=old&project=Acme+API', 'new words')).toBe('?q=new+words&project=Acme+API');
    expect(withSearchTerm('?q=old&project=Acme+API', '  ')).toBe('?project=Acme+API');
    expect(withSearchTerm('?q=old', '')).toBe('');
  });
});

describe('what a search starts with', () => {
  it('leaves the bills of materials out until the address asks for them', () => {
    expect(initialFilters(parseSearchQuery('?q=retry'))).toEqual({ kind: ['Release notes'] });
    expect(initialFilters(parseSearchQuery('?q=retry&project=Acme+SDK'))).toEqual({
      project: ['Acme SDK'],
      kind: ['Release notes'],
    });
  });

  it('keeps a kind the address names, and searches every kind for ?kind=any', () => {
    expect(initialFilters(parseSearchQuery('?kind=Bills+of+materials'))).toEqual({
      kind: ['Bills of materials'],
    });
    expect(initialFilters(parseSearchQuery('?kind=any&type=Features'))).toEqual({ type: ['Features'] });
    expect(initialFilters(parseSearchQuery('?kind=ANY&kind=Release+notes'))).toEqual({});
  });
});

describe('the search page', () => {
  it('loads pagefind from under the base path and offers every project without JavaScript', () => {
    expect(makePaths('/')).toMatchObject({ search: '/search/', pagefind: '/pagefind/' });
    const portal = buildPortal({ ...data, audience: 'public', base: '/docs', dataDir: SAMPLE });
    expect(toSearchView(portal)).toEqual({
      bundle: '/docs/pagefind/',
      timeZone: 'Europe/Berlin',
      projects: [
        { name: 'Acme API', url: '/docs/projects/api/' },
        { name: 'Acme Web', url: '/docs/projects/web/' },
      ],
      hint: 'Results are release notes and what is coming next. To search the bills of materials too, untick "Release notes" under kind.',
    });
  });
});

describe('what pagefind reads from each kind of page', () => {
  const portal = buildPortal({ ...data, audience: 'public', base: '/', dataDir: SAMPLE });
  const api = portal.project('api')!;

  it('a bill of materials is its own kind, with no change type', () => {
    const release = api.releases.find((r) => r.version === '1.1.0')!;
    const hooks = toSbomPageView(portal, api, release).search;
    expect(hooks).toMatchObject({ project: 'Acme API', major: '1.x', kinds: [SEARCH_KINDS.sbom], types: [] });
  });

  it('the advance notice is release notes (and "Coming next"), with the change types it holds', () => {
    const entry = portal.projects.find((p) => p.next !== null)!;
    const hooks = toNextView(portal, entry, entry.next!).search;
    expect(hooks.kinds).toEqual(['Release notes', 'Coming next']);
    expect(hooks.major).toBeNull();
    expect(hooks.date).toBeNull();
    expect(hooks.title).toBe(`${entry.project.name}: coming next`);
    expect(hooks.types.length).toBeGreaterThan(0);
    expect(hooks.types).not.toContain('Components');
  });
});

describe('result dates', () => {
  it("are shown in the portal time zone, not the reader's", () => {
    expect(formatSearchDate('2026-02-21T23:30:00Z', 'Europe/Berlin')).toBe('22 February 2026');
    expect(formatSearchDate('2026-02-21T23:30:00Z', 'America/New_York')).toBe('21 February 2026');
    expect(formatSearchDate('2026-03-02T10:15:00+01:00', 'Europe/Berlin')).toBe('2 March 2026');
    expect(formatSearchDate('2 March 2026', 'Europe/Berlin')).toBe('2 March 2026');
    expect(formatSearchDate('', 'UTC')).toBe('');
  });
});
