import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Audience } from '../../src/lib/model/env.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { DataError } from '../../src/errors/index.ts';
import { auditHtml } from '../helpers/html-audit.ts';
import { buildPortal, type PortalInput } from '../../src/lib/model/portal.ts';
import { getProjectPaths } from '../../src/lib/project/routes.ts';
import { getNextPaths, getReleasePaths } from '../../src/lib/release/routes.ts';
import { toPortfolioView } from '../../src/lib/home/portfolio.ts';
import { currentNav, toLogoUrl, toLayoutView } from '../../src/lib/layout/layout.ts';
import { formatNextHint } from '../../src/lib/project/next-hint.ts';
import { toProjectView } from '../../src/lib/project/project-view.ts';
import { isReleaseBump, toChangesView } from '../../src/lib/release/changes-view.ts';
import { toNextView } from '../../src/lib/release/next-view.ts';
import { toReleaseView } from '../../src/lib/release/release-view.ts';
import { makeLinker } from '../../src/lib/model/links.ts';
import { makeRedactor } from '../../src/core/privacy.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const input = (audience: Audience = 'public'): PortalInput => ({
  ...data,
  audience,
  base: '/',
  dataDir: SAMPLE,
});
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
      'api/1.2.0_build.5',
      'api/1.1.0',
      'api/1.1.0-rc.1',
      'api/1.0.0',
      'web/1.3rc1',
      'web/1.2',
    ]);
    expect(
      getNextPaths(buildPortal({ ...input(), next: data.next.filter((n) => n.project === 'api') })),
    ).toEqual([{ params: { project: 'api' } }]);
  });

  it.each([
    [
      'a project listed in site.json without a file',
      { projects: data.projects.filter((p) => p.id !== 'web') },
      /site\.json:\n {2}at \/projects\/1: lists project "web", but projects\/web\.json is missing/,
    ],
    [
      'a release file missing (releaseCount disagrees)',
      { releases: data.releases.filter((r) => r.slug !== '1.0.0') },
      /projects\/api\.json:\n {2}at \/releaseCount: expected 3, the number of files in releases\/api\/, found 4/,
    ],
    [
      'latest naming no release',
      { projects: data.projects.map((p) => (p.id === 'web' ? { ...p, latest: '9.9' } : p)) },
      /at \/latest: "9\.9" is not the version of any file in releases\/web\//,
    ],
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
      id: 'api',
      name: 'Acme API',
      url: '/projects/api/',
      releaseCount: 4,
      latest: {
        version: '1.2.0+build.5',
        url: '/projects/api/1.2.0_build.5/',
        date: { iso: '2026-02-21T23:30:00Z', text: '22 February 2026' },
        prerelease: false,
        support: [{ kind: 'lts', text: 'LTS', date: null }],
      },
      next: {
        url: '/projects/api/next/',
        commitCount: 3,
        text: '3 unreleased commits: next is 1.3.0 (minor)',
      },
      links: { feed: '/projects/api/feed.xml', upgrade: '/projects/api/upgrade/' },
    });
    // The page leaves out a hint with nothing in it.
    expect(view.projects[1]!.next).toEqual({
      url: '/projects/web/next/',
      commitCount: 0,
      text: 'No unreleased changes',
    });
  });

  it('formats the next hint for every case', () => {
    expect(formatNextHint({ commitCount: 1, breakingCount: 1, bump: 'major', predicted: '2.0.0' })).toBe(
      '1 unreleased commit, 1 breaking: next is 2.0.0 (major)',
    );
    expect(formatNextHint({ commitCount: 2, breakingCount: 0, bump: 'patch', predicted: null })).toBe(
      '2 unreleased commits: a patch release',
    );
    expect(formatNextHint({ commitCount: 2, breakingCount: 0, bump: null, predicted: null })).toBe(
      '2 unreleased commits',
    );
  });

  it('names, from a prerelease base, the next prerelease or the final it leads to, and the bump after the last final', () => {
    // sveltejs/kit's adapter-node: the newest tag is 6.0.0-next.8, the last final release 5.5.7.
    expect(
      formatNextHint({
        commitCount: 3,
        breakingCount: 0,
        bump: 'major',
        predicted: '6.0.0',
        base: '6.0.0-next.8',
        bumpFrom: '5.5.7',
        nextPrerelease: '6.0.0-next.9',
      }),
    ).toBe('3 unreleased commits: next is 6.0.0-next.9 or 6.0.0 (major after 5.5.7)');
    // From a final base nothing changes.
    expect(
      formatNextHint({
        commitCount: 1,
        breakingCount: 0,
        bump: 'minor',
        predicted: '1.5.0',
        base: '1.4.2',
        bumpFrom: '1.4.2',
        nextPrerelease: null,
      }),
    ).toBe('1 unreleased commit: next is 1.5.0 (minor)');
  });
});

describe('layout', () => {
  it('links the four site sections, offers the portal feed, and has no theme or logo unless configured', () => {
    const layout = toLayoutView(portal);
    expect(layout.nav.map((n) => [n.text, n.url])).toEqual([
      ['Projects', '/projects/'],
      ['Calendar', '/calendar/'],
      ['Search', '/search/'],
      ['Feed', '/feed.xml'],
    ]);
    expect(layout.feedUrl).toBe('/feed.xml');
    expect([layout.logoUrl, layout.themeCss]).toEqual([null, null]);
  });

  it('serves the logo and the accent under a sub-path base', () => {
    const branded = buildPortal({
      ...input(),
      base: '/releases',
      site: { ...data.site, accent: '#0e7c7b', logo: 'assets/logo.svg' },
    });
    const layout = toLayoutView(branded);
    expect(layout.logoUrl).toBe('/releases/assets/logo.svg');
    expect(layout.nav[1]!.url).toBe('/releases/calendar/');
    expect(layout.themeCss).toContain('--accent:#0e7c7b');
  });

  it('marks the section a page belongs to', () => {
    const { nav } = toLayoutView(portal);
    expect(currentNav(nav, '/', '/')).toBe('projects');
    expect(currentNav(nav, '/projects/api/1.1.0/', '/')).toBe('projects');
    expect(currentNav(nav, '/calendar/2026-11/', '/')).toBe('calendar');
    expect(currentNav(nav, '/search/', '/')).toBe('search');
    const sub = toLayoutView(buildPortal({ ...input(), base: '/docs/' }));
    expect(currentNav(sub.nav, '/docs/search/', '/docs/')).toBe('search');
    expect(currentNav(sub.nav, '/docs/', '/docs/')).toBe('projects');
    expect(currentNav(nav, '/api/v1/index.json', '/')).toBeNull();
  });
});

describe('logo', () => {
  it('is served below the base for a harvested file, kept for an https URL, and dropped otherwise', () => {
    expect(toLogoUrl('assets/logo.svg', '/docs/')).toBe('/docs/assets/logo.svg');
    expect(toLogoUrl('https://cdn.example/acme.svg', '/')).toBe('https://cdn.example/acme.svg');
    expect(toLogoUrl('javascript:alert(1)', '/')).toBeNull();
    expect(toLogoUrl('http://cdn.example/acme.svg', '/')).toBeNull();
    expect(toLogoUrl(null, '/')).toBeNull();
  });
});

describe('dates', () => {
  it('are formatted in site.json timezone, never the machine one', () => {
    // 23:30 UTC on 21 February is already 22 February in Berlin.
    expect(toPortfolioView(portal).projects[0]!.latest!.date.text).toBe('22 February 2026');
    const newYork = buildPortal({ ...input(), site: { ...data.site, timezone: 'America/New_York' } });
    expect(toPortfolioView(newYork).projects[0]!.latest!.date.text).toBe('21 February 2026');
    expect(release(api, '1.1.0').date).toEqual({
      iso: '2026-02-12T14:30:00+01:00',
      text: '12 February 2026 at 14:30 CET',
    });
    expect(toLayoutView(portal).harvested.text).toBe('1 March 2026 at 13:00 CET');
  });
});

describe('project view', () => {
  it('lists releases newest first with badges and counts, and support lines', () => {
    const view = toProjectView(portal, api);
    expect(
      view.releases.map((r) => [r.version, r.prerelease, r.latest, r.commitCount, r.breakingCount]),
    ).toEqual([
      ['1.2.0+build.5', false, true, 3, 0],
      ['1.1.0', false, false, 8, 1],
      ['1.1.0-rc.1', true, false, 1, 1],
      ['1.0.0', false, false, 2, 0],
    ]);
    expect(view.support).toEqual({ lts: ['1.x'], eol: [{ line: '0.x', date: '2026-06-30' }] });
    expect(view.next?.url).toBe('/projects/api/next/');
    expect(view.apiUrl).toBe('/api/v1/projects/api/releases.json');
  });

  it('lists supported versions relative to the harvest day, and links feed, calendar and upgrade page', () => {
    const view = toProjectView(portal, api);
    // Harvested 1 March 2026: 0.x reaches its end of life on 30 June, later that year.
    expect(
      view.supportRows.map((r) => [r.line, r.badges.map((b) => b.text), r.newest?.text ?? null]),
    ).toEqual([
      ['1.x', ['LTS'], '1.2.0+build.5'],
      ['0.x', ['End of life on 30 June 2026'], null],
    ]);
    expect(view.supportRows[1]!.badges[0]!.date).toEqual({ iso: '2026-06-30', text: '30 June 2026' });
    expect(view.links).toEqual({
      feed: '/projects/api/feed.xml',
      calendar: '/projects/api/calendar.ics',
      upgrade: '/projects/api/upgrade/',
    });
    expect(view.list).toMatchObject({ page: 1, pageCount: 1, summary: '4 releases', lines: [], pages: [] });
    expect(view.list.prereleases!.map((p) => p.url)).toEqual([
      '/projects/api/#releases',
      '/projects/api/stable/#releases',
    ]);
    // No policy, no claims.
    expect(toProjectView(portal, web).supportRows).toEqual([]);
  });
});

describe('release view', () => {
  const view = release(api, '1.1.0');

  it('links the commit and the comparison with the previous release (not the release candidate)', () => {
    expect(view.commit).toEqual({
      hash: 'c1'.repeat(20),
      short: 'c1c1c1c',
      url: `https://forge.acme.example/acme/api/commit/${'c1'.repeat(20)}`,
    });
    expect(view.since).toEqual({
      version: '1.0.0',
      url: '/projects/api/1.0.0/',
      compareUrl: 'https://forge.acme.example/acme/api/compare/v1.0.0...v1.1.0',
    });
  });

  it('shows breaking changes first with migration notes, then the groups', () => {
    expect(view.changes.breaking.map((c) => [c.short, c.groupTitle, c.migration])).toEqual([
      ['b1b1b1b', 'Features', ['<p><code>/login</code> is gone; call <code>POST /token</code> instead.</p>']],
    ]);
    expect(view.changes.groups.map((g) => g.title)).toEqual([
      'Bug fixes',
      'Performance',
      'Documentation',
      'Build & CI',
      'Other changes',
    ]);
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
    // The commit list is the page's grouped changes, never repeated as a notes source.
    expect(view.otherNotes.map((n) => n.label)).toEqual(['Tag message']);
    // When the best source is the commit list, the grouped changes are the notes.
    expect(release(api, '1.0.0').notes).toBeNull();
    expect(release(api, '1.0.0').otherNotes).toEqual([]);
    expect(release(api, '1.2.0_build.5').notes?.label).toBe('Release notes');
    expect(release(api, '1.2.0_build.5').highlights).toEqual([
      'Pagination for <code>/items</code>',
      'Faster timeouts &#x3C;script>alert(1)&#x3C;/script>',
    ]);
  });

  it('folds the grouped commits under a changelog section instead of listing every change twice', () => {
    // 1.1.0 shows its changelog section: the commits are one click away, breaking changes stay first.
    expect(view.notes?.source).toBe('changelog');
    expect(view.changesFolded).toBe(true);
    expect(view.changes.breaking.length).toBeGreaterThan(0);
    // Without a changelog section (commits or hand-written notes), the grouped changes are the list.
    expect(release(api, '1.0.0').changesFolded).toBe(false);
    expect(release(api, '1.2.0_build.5').changesFolded).toBe(false);
  });

  it('names a co-author on the commit they are credited for, and on no other', () => {
    const all = [...view.changes.breaking, ...view.changes.groups.flatMap((g) => g.changes)];
    const credited = all.filter((c) => c.coAuthors.length > 0);
    expect(credited.map((c) => [c.author, c.coAuthors])).toEqual([
      ['Mallory <img src=x onerror=alert(4)>', ['Linus Example']],
    ]);
    // The contributors list counts that credit: every count is backed by a commit the page shows.
    for (const person of view.contributors)
      expect(
        all.filter((c) => c.author === person.name || c.coAuthors.includes(person.name)).length,
        person.name,
      ).toBe(person.commits);
  });

  it('marks first contributions and shows names only', () => {
    expect(view.contributors).toEqual([
      { name: 'Ada Lovelace', commits: 4, firstTime: false, bot: false },
      { name: 'Mallory <img src=x onerror=alert(4)>', commits: 1, firstTime: true, bot: false },
      { name: 'Linus Example', commits: 2, firstTime: true, bot: false },
    ]);
  });

  it('links the neighbours in version order and the advance notice from the newest release', () => {
    expect([view.older, view.newer]).toEqual([
      { text: '1.1.0-rc.1', url: '/projects/api/1.1.0-rc.1/' },
      { text: '1.2.0+build.5', url: '/projects/api/1.2.0_build.5/' },
    ]);
    expect(release(api, '1.2.0_build.5').next).toEqual({
      text: 'Unreleased changes',
      url: '/projects/api/next/',
    });
    expect(release(api, '1.0.0').older).toBeNull();
    expect(release(web, '1.3rc1').next).toBeNull(); // web's notice has no commits
  });

  it("shows the support status of the release's line, and offers the upgrade page from the previous release", () => {
    expect(view.line).toBe('1.x');
    expect(view.support.map((b) => b.text)).toEqual(['LTS']);
    expect(view.upgradeUrl).toBe('/projects/api/upgrade/?from=1.0.0&to=1.1.0');
    expect(release(api, '1.2.0_build.5').upgradeUrl).toBe(
      '/projects/api/upgrade/?from=1.1.0&to=1.2.0%2Bbuild.5',
    );
    expect(release(api, '1.0.0').upgradeUrl).toBeNull();
    expect(view.feedUrl).toBe('/projects/api/feed.xml');
  });

  it('gives pagefind the project, major line, change types, version, date and title', () => {
    expect(view.search).toEqual({
      project: 'Acme API',
      major: '1.x',
      types: ['Breaking changes', 'Bug fixes', 'Performance', 'Documentation', 'Build & CI', 'Other changes'],
      kinds: ['Release notes'],
      version: '1.1.0',
      date: '2026-02-12T14:30:00+01:00',
      title: 'Acme API 1.1.0',
    });
    expect(release(web, '1.3rc1').search.major).toBe('1.x');
  });

  it('splits code spans out of subjects and leaves the rest, markup included, as text', () => {
    const fix = view.changes.groups[0]!.changes[0]!;
    expect(fix.subjectParts).toEqual([{ code: false, text: 'escape <script>alert(1)</script> in titles' }]);
  });

  it('mutes release-bump commits without dropping any', () => {
    const bump = (type: string | null, scope: string | null, subject: string, breaking = false) =>
      isReleaseBump({ type, scope, subject, breaking });
    expect(bump('chore', 'release', '2.0.0')).toBe(true);
    expect(bump('release', null, 'v1.2.0')).toBe(true);
    expect(bump('chore', null, '1.4.1')).toBe(true);
    expect(bump(null, null, 'Bump version to 1.2.0')).toBe(true);
    expect(bump(null, null, 'Release 3.0.0-rc.1')).toBe(true);
    expect(bump('chore', 'deps', 'bump semver')).toBe(false);
    expect(bump('feat', 'release', 'release notes page')).toBe(false);
    expect(bump(null, null, 'Release the lock before retrying')).toBe(false);
    expect(bump('chore', 'release', '2.0.0', true)).toBe(false);
    expect(view.changes.count).toBe(6);
  });

  it('gives no link for a javascript: commit template', () => {
    expect(release(web, '1.3rc1').commit.url).toBeNull();
    expect(release(web, '1.3rc1').since?.compareUrl).toBeNull();
  });

  it('lets no unsafe HTML and, for the public audience, no e-mail address through', () => {
    for (const entry of portal.projects) {
      for (const r of entry.releases) {
        const v = toReleaseView(portal, entry, r);
        const html = [
          ...v.highlights,
          v.notes?.html ?? '',
          ...v.otherNotes.map((n) => n.html),
          ...[...v.changes.breaking, ...v.changes.groups.flatMap((g) => g.changes)].flatMap((c) => [
            c.body ?? '',
            ...c.migration,
          ]),
        ].join('\n');
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
      bump: 'minor',
      predicted: '1.3.0',
      commitCount: 3,
      summary: '3 unreleased commits: next is 1.3.0 (minor)',
    });
    expect(view.changes.groups.map((g) => [g.title, g.changes.map((c) => c.subject)])).toEqual([
      ['Features', ['full-text search']],
      ['Bug fixes', ['handle <img src=x onerror=alert(2)> in queries']],
    ]);
  });
});

describe('changes on a page', () => {
  it('show the pull request that merged a change, linked with the project’s templates, and not its number twice', () => {
    const change = {
      hash: 'a'.repeat(40),
      type: 'fix',
      scope: 'router',
      subject: 'keep the hash (#11130)',
      body: '',
      breaking: false,
      breakingNotes: [],
      author: { name: 'Ann', email: 'ann@example.com' },
      committer: { name: 'Ann', email: 'ann@example.com' },
      date: '2026-01-01T00:00:00Z',
      refs: [
        { issue: '11130', action: null, repository: null, raw: '#11130' },
        { issue: '12', action: 'closes', repository: null, raw: '#12' },
      ],
      trailers: {},
      merge: false,
      pull: { id: '11130', raw: '#11130' },
    };
    const linker = makeLinker({
      pull: 'https://forge.example/acme/kit/pull/{id}',
      issue: 'https://forge.example/acme/kit/issues/{id}',
    });
    const view = toChangesView([change], linker, makeRedactor('internal')).groups[0]!.changes[0]!;
    expect(view.pull).toEqual({ text: '#11130', url: 'https://forge.example/acme/kit/pull/11130' });
    expect(view.refs).toEqual([{ text: '#12', url: 'https://forge.example/acme/kit/issues/12' }]);
    const gitlab = toChangesView(
      [{ ...change, refs: [], pull: { id: '42', raw: '!42' } }],
      makeLinker({ issue: 'https://x.example/issues/{id}' }),
      makeRedactor('internal'),
    );
    expect(gitlab.groups[0]!.changes[0]!.pull).toEqual({ text: '!42', url: null });
  });
});
