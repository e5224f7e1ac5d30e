import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Audience } from '../../src/lib/env.ts';
import { readDataFolder } from '../../src/lib/data-loader.ts';
import { DataError } from '../../src/lib/data-errors.ts';
import { auditHtml } from '../helpers/html-audit.ts';
import { buildPortal, type PortalInput } from '../../src/lib/portal.ts';
import { getNextPaths, getProjectPaths, getReleasePaths } from '../../src/lib/routes.ts';
import { formatNextHint, toLayoutView, toNextView, toPortfolioView, toProjectView, toReleaseView } from '../../src/lib/views.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const input = (audience: Audience = 'public'): PortalInput => ({ ...data, audience, base: '/', dataDir: SAMPLE });
const portal = buildPortal(input());
const api = portal.project('api')!;
const web = portal.project('web')!;
const release = (entry: typeof api, slug: string) => toReleaseView(portal, entry, entry.release(slug)!);

describe('portal', () => {
  it('keeps site.json project order and sorts releases newest first by version', () => {
    expect(portal.projects.map((p) => p.project.id)).toEqual(['api', 'web']);
    expect(api.releases.map((r) => r.version)).toEqual(['1.2.0+build.5', '1.1.0', '1.1.0-rc.1', '1.0.0']);
    expect(web.releases.map((r) => r.version)).toEqual(['1.3rc1', '1.2']);
  });

  it('routes every release by slug, next only where a notice exists', () => {
    expect(getProjectPaths(portal)).toEqual([{ params: { project: 'api' } }, { params: { project: 'web' } }]);
    expect(getReleasePaths(portal).map((p) => `${p.params.project}/${p.params.release}`)).toEqual([
      'api/1.2.0_build.5', 'api/1.1.0', 'api/1.1.0-rc.1', 'api/1.0.0', 'web/1.3rc1', 'web/1.2',
    ]);
    expect(getNextPaths(buildPortal({ ...input(), next: data.next.filter((n) => n.project === 'api') }))).toEqual([{ params: { project: 'api' } }]);
  });

  it.each([
    ['a project listed in site.json without a file', { projects: data.projects.filter((p) => p.id !== 'web') }, /site\.json:\n {2}at \/projects\/1: lists project "web", but projects\/web\.json is missing/],
    ['a release file missing (releaseCount disagrees)', { releases: data.releases.filter((r) => r.slug !== '1.0.0') }, /projects\/api\.json:\n {2}at \/releaseCount: expected 3, the number of files in releases\/api\/, found 4/],
    ['latest naming no release', { projects: data.projects.map((p) => (p.id === 'web' ? { ...p, latest: '9.9' } : p)) }, /at \/latest: "9\.9" is not the version of any file in releases\/web\//],
  ])('fails loudly on %s', (_, change, message) => {
    expect(() => buildPortal({ ...input(), ...change })).toThrow(DataError);
    expect(() => buildPortal({ ...input(), ...change })).toThrow(message);
  });
});

describe('portfolio view', () => {
  it('shows each project with its latest release, count and a hint of what comes next', () => {
    const view = toPortfolioView(portal);
    expect(view.title).toBe('Acme releases');
    expect(view.projects[0]).toMatchObject({
      id: 'api', name: 'Acme API', url: '/projects/api/', releaseCount: 4,
      latest: { version: '1.2.0+build.5', url: '/projects/api/1.2.0_build.5/', date: { iso: '2026-02-21T23:30:00Z', text: '22 February 2026' }, prerelease: false },
      next: { url: '/projects/api/next/', text: '3 unreleased commits: next is 1.3.0 (minor)' },
    });
    expect(view.projects[1]!.next).toEqual({ url: '/projects/web/next/', text: 'No unreleased changes' });
  });

  it('formats the next hint for every case', () => {
    expect(formatNextHint({ commitCount: 1, breakingCount: 1, bump: 'major', predicted: '2.0.0' })).toBe('1 unreleased commit, 1 breaking: next is 2.0.0 (major)');
    expect(formatNextHint({ commitCount: 2, breakingCount: 0, bump: 'patch', predicted: null })).toBe('2 unreleased commits: a patch release');
    expect(formatNextHint({ commitCount: 2, breakingCount: 0, bump: null, predicted: null })).toBe('2 unreleased commits');
  });
});

describe('dates', () => {
  it('are formatted in site.json timezone, never the machine one', () => {
    // 23:30 UTC on 21 February is already 22 February in Berlin.
    expect(toPortfolioView(portal).projects[0]!.latest!.date.text).toBe('22 February 2026');
    const newYork = buildPortal({ ...input(), site: { ...data.site, timezone: 'America/New_York' } });
    expect(toPortfolioView(newYork).projects[0]!.latest!.date.text).toBe('21 February 2026');
    expect(release(api, '1.1.0').date).toEqual({ iso: '2026-02-12T14:30:00+01:00', text: '12 February 2026 at 14:30 CET' });
    expect(toLayoutView(portal).harvested.text).toBe('1 March 2026 at 13:00 CET');
  });
});

describe('project view', () => {
  it('lists releases newest first with badges and counts, and support lines', () => {
    const view = toProjectView(portal, api);
    expect(view.releases.map((r) => [r.version, r.prerelease, r.latest, r.commitCount, r.breakingCount])).toEqual([
      ['1.2.0+build.5', false, true, 3, 0],
      ['1.1.0', false, false, 8, 1],
      ['1.1.0-rc.1', true, false, 1, 1],
      ['1.0.0', false, false, 2, 0],
    ]);
    expect(view.support).toEqual({ lts: ['1.x'], eol: [{ line: '0.x', date: '2026-06-30' }] });
    expect(view.next?.url).toBe('/projects/api/next/');
    expect(view.apiUrl).toBe('/api/v1/projects/api/releases.json');
  });
});

describe('release view', () => {
  const view = release(api, '1.1.0');

  it('links the commit and the comparison with the previous release (not the release candidate)', () => {
    expect(view.commit).toEqual({ hash: 'c1'.repeat(20), short: 'c1c1c1c', url: `https://forge.acme.example/acme/api/commit/${'c1'.repeat(20)}` });
    expect(view.since).toEqual({ version: '1.0.0', url: '/projects/api/1.0.0/', compareUrl: 'https://forge.acme.example/acme/api/compare/v1.0.0...v1.1.0' });
  });

  it('shows breaking changes first with migration notes, then the groups', () => {
    expect(view.changes.breaking.map((c) => [c.short, c.groupTitle, c.migration])).toEqual([
      ['b1b1b1b', 'Features', ['<p><code>/login</code> is gone; call <code>POST /token</code> instead.</p>']],
    ]);
    expect(view.changes.groups.map((g) => g.title)).toEqual(['Bug fixes', 'Performance', 'Documentation', 'Build & CI', 'Other changes']);
    expect(view.changes.count).toBe(6);
  });

  it('links refs of this repository through links.issue and leaves others unlinked', () => {
    const fix = view.changes.groups[0]!.changes[0]!;
    expect(fix.refs).toEqual([
      { text: '#15', url: 'https://forge.acme.example/acme/api/issues/15' },
      { text: 'acme/web#7', url: null },
    ]);
  });

  it('renders the best notes source and keeps every other one', () => {
    expect(view.notes?.source).toBe('changelog');
    expect(view.otherNotes.map((n) => n.label)).toEqual(['Tag message', 'Commits']);
    // When the best source is the commit list, the grouped changes are the notes.
    expect(release(api, '1.0.0').notes).toBeNull();
    expect(release(api, '1.0.0').otherNotes).toEqual([]);
    expect(release(api, '1.2.0_build.5').notes?.label).toBe('Release notes');
    expect(release(api, '1.2.0_build.5').highlights).toEqual(['Pagination for <code>/items</code>', 'Faster timeouts &#x3C;script>alert(1)&#x3C;/script>']);
  });

  it('marks first contributions and shows names only', () => {
    expect(view.contributors).toEqual([
      { name: 'Ada Lovelace', commits: 4, firstTime: false },
      { name: 'Mallory <img src=x onerror=alert(4)>', commits: 1, firstTime: true },
      { name: 'Linus Example', commits: 2, firstTime: true },
    ]);
  });

  it('links the neighbours in version order and the advance notice from the newest release', () => {
    expect([view.older, view.newer]).toEqual([
      { text: '1.1.0-rc.1', url: '/projects/api/1.1.0-rc.1/' },
      { text: '1.2.0+build.5', url: '/projects/api/1.2.0_build.5/' },
    ]);
    expect(release(api, '1.2.0_build.5').next).toEqual({ text: 'Unreleased changes', url: '/projects/api/next/' });
    expect(release(api, '1.0.0').older).toBeNull();
    expect(release(web, '1.3rc1').next).toBeNull(); // web's notice has no commits
  });

  it('gives no link for a javascript: commit template', () => {
    expect(release(web, '1.3rc1').commit.url).toBeNull();
    expect(release(web, '1.3rc1').since?.compareUrl).toBeNull();
  });

  it('lets no unsafe HTML and, for the public audience, no e-mail address through', () => {
    for (const entry of portal.projects) {
      for (const r of entry.releases) {
        const v = toReleaseView(portal, entry, r);
        const html = [...v.highlights, v.notes?.html ?? '', ...v.otherNotes.map((n) => n.html),
          ...[...v.changes.breaking, ...v.changes.groups.flatMap((g) => g.changes)].flatMap((c) => [c.body ?? '', ...c.migration])].join('\n');
        expect(auditHtml(html), `${entry.project.id} ${r.version}`).toEqual([]);
        expect(JSON.stringify(v)).not.toMatch(/@[a-z]+\.example/);
      }
    }
  });

  it('keeps addresses in texts for the internal audience (pages still show names only)', () => {
    const internal = buildPortal(input('internal'));
    const v = toReleaseView(internal, internal.project('api')!, internal.project('api')!.release('1.1.0')!);
    expect(v.otherNotes[0]!.html).toContain('ada@acme.example');
    expect(JSON.stringify(v.contributors)).not.toContain('@');
  });
});

describe('advance notice view', () => {
  it('shows base, predicted bump and version, and grouped changes', () => {
    const view = toNextView(portal, api, api.next!);
    expect(view).toMatchObject({
      base: { text: '1.2.0+build.5', url: '/projects/api/1.2.0_build.5/' },
      bump: 'minor', predicted: '1.3.0', commitCount: 3,
      summary: '3 unreleased commits: next is 1.3.0 (minor)',
    });
    expect(view.changes.groups.map((g) => [g.title, g.changes.map((c) => c.subject)])).toEqual([
      ['Features', ['full-text search']],
      ['Bug fixes', ['handle <img src=x onerror=alert(2)> in queries']],
    ]);
  });
});
