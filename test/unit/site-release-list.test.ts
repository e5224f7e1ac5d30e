// A project's release lists: pages of 25, per-major-line views and views without prereleases, all
// static so they work without JavaScript; routes only for filters that change something.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { buildPortal, type PortalInput } from '../../src/lib/model/portal.ts';
import {
  ALL,
  availableFilters,
  filterReleases,
  getLinePaths,
  getPagePaths,
  getStablePaths,
  listPath,
  paginate,
  releaseLines,
} from '../../src/lib/project/release-list.ts';
import type { Release } from '../../src/schemas/index.ts';
import { formatListSummary, toProjectView } from '../../src/lib/project/project-view.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const input: PortalInput = { ...data, audience: 'public', base: '/', dataDir: SAMPLE };

/** A project with `n` releases: 3.0.0-rc.1, then 2.x and 1.x finals, newest first. */
function bigPortal(n: number) {
  const template = data.releases.find((r) => r.project === 'api' && r.version === '1.0.0')!;
  const versions = [
    '3.0.0-rc.1',
    ...Array.from({ length: n - 1 }, (_, i) => {
      const k = n - 2 - i;
      return k >= 30 ? `2.${k - 30}.0` : `1.${k}.0`;
    }),
  ];
  const releases: Release[] = versions.map((version) => ({
    ...template,
    version,
    slug: version,
    tag: `v${version}`,
    prerelease: version.includes('-'),
    major: version.split('.')[0]!,
    previous: null,
    previousTag: null,
  }));
  const project = { ...data.projects.find((p) => p.id === 'api')!, latest: versions[1]!, releaseCount: n };
  return buildPortal({
    ...input,
    site: { ...data.site, projects: ['api'] },
    projects: [project],
    releases,
    next: [],
    sboms: [],
  });
}

describe('paginate', () => {
  it('cuts pages of 25, 1-based, with an empty list as one empty page', () => {
    const items = Array.from({ length: 60 }, (_, i) => i);
    expect(paginate(items, 1)).toMatchObject({ page: 1, pageCount: 3, total: 60 });
    expect(paginate(items, 3).items).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    expect(paginate([], 1)).toEqual({ items: [], page: 1, pageCount: 1, total: 0 });
    expect(() => paginate(items, 4)).toThrow(/page 4 is outside 1\.\.3/);
  });
});

describe('filters', () => {
  const api = buildPortal(input).project('api')!;
  const web = buildPortal(input).project('web')!;

  it('offer each major line, newest first, and the prerelease toggle only when they change something', () => {
    expect(releaseLines(api.releases)).toEqual(['1.x']);
    expect(availableFilters(api.releases)).toEqual({ lines: [], prereleaseToggle: true });
    expect(availableFilters(web.releases)).toEqual({ lines: [], prereleaseToggle: false });
    const big = bigPortal(40).project('api')!;
    expect(availableFilters(big.releases)).toEqual({ lines: ['3.x', '2.x', '1.x'], prereleaseToggle: true });
    expect(filterReleases(big.releases, { line: '2.x', prereleases: true }).map((r) => r.version)).toEqual([
      '2.8.0',
      '2.7.0',
      '2.6.0',
      '2.5.0',
      '2.4.0',
      '2.3.0',
      '2.2.0',
      '2.1.0',
      '2.0.0',
    ]);
    expect(filterReleases(big.releases, { line: '3.x', prereleases: false })).toEqual([]);
    expect(filterReleases(api.releases, { line: null, prereleases: false }).map((r) => r.version)).toEqual([
      '1.2.0+build.5',
      '1.1.0',
      '1.0.0',
    ]);
  });

  it('have URLs below the project: page/N, stable/, line/<line>/', () => {
    const p = '/projects/sdk/';
    expect(listPath(p, ALL)).toBe('/projects/sdk/');
    expect(listPath(p, ALL, 2)).toBe('/projects/sdk/page/2/');
    expect(listPath(p, { line: null, prereleases: false })).toBe('/projects/sdk/stable/');
    expect(listPath(p, { line: '0.4.x', prereleases: false }, 3)).toBe(
      '/projects/sdk/line/0.4.x/stable/page/3/',
    );
  });
});

describe('routes', () => {
  const big = bigPortal(40);

  it('exist for every further page and every filter that changes something, and nothing else', () => {
    expect(getPagePaths(big).map((r) => r.params)).toEqual([{ project: 'api', page: '2' }]);
    expect(getStablePaths(big).map((r) => r.params)).toEqual([
      { project: 'api', rest: undefined },
      { project: 'api', rest: 'page/2' },
    ]);
    expect(getLinePaths(big).map((r) => `${r.params.line}/${r.params.rest ?? ''}`)).toEqual([
      '3.x/',
      '3.x/stable',
      '2.x/',
      '2.x/stable',
      '1.x/',
      '1.x/page/2',
      '1.x/stable',
      '1.x/stable/page/2',
    ]);
    const sample = buildPortal(input);
    expect(getPagePaths(sample)).toEqual([]);
    expect(getStablePaths(sample).map((r) => r.params)).toEqual([{ project: 'api', rest: undefined }]);
    expect(getLinePaths(sample)).toEqual([]);
  });

  it('carry the filter and page to the view: links keep the other filter, the pager links neighbours', () => {
    const entry = big.project('api')!;
    const route = getLinePaths(big).find((r) => r.params.line === '1.x' && r.params.rest === 'page/2')!;
    const { list } = toProjectView(big, entry, route.props.filter, route.props.page);
    expect(list.releases.map((r) => r.version)).toEqual(['1.4.0', '1.3.0', '1.2.0', '1.1.0', '1.0.0']);
    expect(list.summary).toBe('Releases 26–30 of 30 in 1.x');
    expect(list.newer).toBe('/projects/api/line/1.x/#releases');
    expect(list.older).toBeNull();
    expect(list.pages.map((p) => [p.text, p.url, p.current])).toEqual([
      ['1', '/projects/api/line/1.x/#releases', false],
      ['2', '/projects/api/line/1.x/page/2/#releases', true],
    ]);
    expect(list.lines.map((l) => [l.text, l.url, l.current])).toEqual([
      ['All', '/projects/api/#releases', false],
      ['3.x', '/projects/api/line/3.x/#releases', false],
      ['2.x', '/projects/api/line/2.x/#releases', false],
      ['1.x', '/projects/api/line/1.x/#releases', true],
    ]);
    expect(list.prereleases!.map((l) => [l.text, l.url, l.current])).toEqual([
      ['Shown', '/projects/api/line/1.x/#releases', true],
      ['Hidden', '/projects/api/line/1.x/stable/#releases', false],
    ]);
    // The full list is still there for whoever needs every release.
    expect(toProjectView(big, entry).releases).toHaveLength(40);
  });

  it('say how many releases a view holds, and what an empty one lacks', () => {
    expect(formatListSummary(ALL, 12, 1, 12, 1)).toBe('12 releases');
    expect(formatListSummary({ line: '2.x', prereleases: false }, 1, 1, 1, 1)).toBe('1 final release in 2.x');
    expect(formatListSummary(ALL, 60, 26, 50, 3)).toBe('Releases 26–50 of 60');
    expect(formatListSummary({ line: null, prereleases: false }, 26, 26, 26, 2)).toBe(
      'Final release 26 of 26',
    );
    const entry = big.project('api')!;
    expect(toProjectView(big, entry, { line: '3.x', prereleases: false }).list).toMatchObject({
      releases: [],
      emptyText: 'No final releases in 3.x.',
    });
  });
});
