// The Atom feeds, read back the way a feed reader reads them: parsed with fast-xml-parser (an
// independent XML parser), every release an entry with its full notes as HTML that went through
// the sanitizer, no e-mail address for the public audience, and the same bytes every time.
import { resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import {
  atomFeedResponse,
  atomId,
  buildAtomFeed,
  compareReleasesForFeed,
  escapeXml,
  toReleaseHtml,
  writeAtom,
} from '../../src/lib/feeds/feeds.ts';
import { renderMarkdown } from '../../src/lib/render/markdown.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import type { Release, Site } from '../../src/schemas/index.ts';
import { auditHtml } from '../helpers/html-audit.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const portalWith = (
  site: Partial<Site> = {},
  audience: 'public' | 'internal' = 'public',
  base = '/',
  releases: Release[] = data.releases,
) => buildPortal({ ...data, releases, site: { ...data.site, ...site }, audience, base, dataDir: SAMPLE });
const portal = portalWith();
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

interface Link {
  '@_rel': string;
  '@_href': string;
  '@_type'?: string;
}
interface Entry {
  id: string;
  title: string;
  updated: string;
  link: Link[];
  author?: { name: string; email?: string }[];
  category: { '@_term': string; '@_label': string }[];
  summary: string;
  content: { '#text': string; '@_type': string };
}
interface Feed {
  id: string;
  title: string;
  updated: string;
  link: Link[];
  author: { name: string }[];
  entry?: Entry[];
}

function parseAtom(xml: string): Feed {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Keep every text as written: versions such as 1.2 must not become numbers.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    isArray: (name) => ['entry', 'link', 'author', 'category'].includes(name),
  });
  const doc = parser.parse(xml) as { feed: Feed & { '@_xmlns': string } };
  expect(doc.feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  return doc.feed;
}

const rel = (links: Link[], name: string) => links.find((l) => l['@_rel'] === name)?.['@_href'];
const xml = buildAtomFeed(portal);
const feed = parseAtom(xml);
const entries = feed.entry ?? [];
const entryOf = (title: string) => entries.find((e) => e.title === title)!;

describe('/feed.xml', () => {
  it('has every release as an entry, newest first by date', () => {
    expect(entries.map((e) => e.title)).toEqual([
      'Acme API 1.2.0+build.5',
      'Acme API 1.1.0',
      'Acme API 1.1.0-rc.1',
      'Acme Web 1.3rc1',
      'Acme API 1.0.0',
      'Acme Web 1.2',
    ]);
    expect(entries).toHaveLength(data.releases.length);
  });

  it('identifies entries by the release page URL and dates them by the release', () => {
    const e = entryOf('Acme API 1.1.0');
    expect(e.id).toBe('https://releases.acme.example/projects/api/1.1.0/');
    expect(rel(e.link, 'alternate')).toBe('https://releases.acme.example/projects/api/1.1.0/');
    expect(e.updated).toBe('2026-02-12T14:30:00+01:00');
    expect(new Set(entries.map((x) => x.id)).size).toBe(entries.length);
    expect(entryOf('Acme API 1.2.0+build.5').id).toBe(
      'https://releases.acme.example/projects/api/1.2.0_build.5/',
    );
  });

  it('is updated at the newest release, links to itself and to the portal', () => {
    expect(feed.updated).toBe('2026-02-21T23:30:00Z');
    expect(feed.id).toBe('https://releases.acme.example/feed.xml');
    expect(rel(feed.link, 'self')).toBe('https://releases.acme.example/feed.xml');
    expect(rel(feed.link, 'alternate')).toBe('https://releases.acme.example/');
    expect(feed.title).toBe('Acme releases');
    expect(feed.author).toEqual([{ name: 'Acme releases' }]);
  });

  it('carries the full notes: the best source, highlights, breaking changes with migration notes, all changes', () => {
    const overlay = entryOf('Acme API 1.2.0+build.5').content;
    expect(overlay['@_type']).toBe('html');
    expect(overlay['#text']).toContain('<h2>Highlights</h2>');
    expect(overlay['#text']).toContain('<li>Pagination for <code>/items</code></li>');
    expect(overlay['#text']).toContain('<h2>Release notes</h2>');
    expect(overlay['#text']).toContain(
      renderMarkdown(data.releases.find((r) => r.slug === '1.2.0_build.5')!.notes.overlay!, {
        headingLevel: 3,
        idPrefix: 'x',
      }),
    );
    expect(overlay['#text']).toContain('Merge-free fix for timeouts');

    const breaking = entryOf('Acme API 1.1.0').content['#text'];
    expect(breaking).toContain('<h2>Breaking changes</h2>');
    expect(breaking).toMatch(
      /<strong>auth:<\/strong> token endpoint .*<strong>Migration:<\/strong><\/p><p><code>\/login<\/code> is gone; call <code>POST \/token<\/code> instead.<\/p>/s,
    );
    expect(breaking).toContain('<h2>Changelog</h2>');
    expect(breaking).toContain('A <code>POST /token</code> endpoint');
    expect(breaking).toContain('<table>');
    expect(breaking.indexOf('Breaking changes')).toBeLessThan(breaking.indexOf('Changelog'));

    expect(entryOf('Acme API 1.1.0-rc.1').content['#text']).toContain('<h2>Tag message</h2>');
    expect(entryOf('Acme API 1.1.0-rc.1').content['#text']).toContain(
      'Please test the new <code>/token</code> endpoint.',
    );
    // Commits are the notes: grouped changes, no empty notes section.
    const commits = entryOf('Acme API 1.0.0').content['#text'];
    expect(commits).toContain('<h3>Features</h3>');
    expect(commits).toContain('first public endpoints');
    expect(commits).not.toContain('<h2>Commits</h2>');
  });

  it('links commits, issues, the previous release and the comparison absolutely', () => {
    const html = entryOf('Acme API 1.1.0').content['#text'];
    expect(html).toContain('href="https://releases.acme.example/projects/api/1.0.0/"');
    expect(html).toContain('href="https://forge.acme.example/acme/api/compare/v1.0.0...v1.1.0"');
    expect(html).toMatch(/href="https:\/\/forge\.acme\.example\/acme\/api\/commit\/[0-9a-f]{40}"/);
    expect(html).toContain('href="https://forge.acme.example/acme/api/issues/15"');
    expect(html).not.toMatch(/href="\//);
  });

  it('lets nothing run: no script, no event handler, no javascript: URL in any entry', () => {
    for (const e of entries) {
      const html = e.content['#text'];
      expect(auditHtml(html), e.title).toEqual([]);
      expect(html, e.title).not.toMatch(/<script/i);
      expect(html, e.title).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(html, e.title).not.toMatch(/(?:href|src)="\s*(?:javascript|data|vbscript):/i);
    }
    // The attempts are shown as text.
    expect(entryOf('Acme API 1.1.0').content['#text']).toContain(
      'escape &lt;script&gt;alert(1)&lt;/script&gt; in titles',
    );
    expect(entryOf('Acme API 1.1.0').content['#text']).toContain('document [x](javascript:alert(3)) links');
    expect(xml).not.toMatch(/<script/i);
  });

  it('public: authors by name only and no e-mail address anywhere', () => {
    expect(xml).not.toMatch(EMAIL);
    expect(xml).not.toContain('<email>');
    expect(entryOf('Acme API 1.1.0').author!.map((a) => a.name)).toEqual([
      'Ada Lovelace',
      'Mallory <img src=x onerror=alert(4)>',
      'Linus Example',
    ]);
    // The changelog's mailto: link lost its address before rendering.
    expect(entryOf('Acme API 1.1.0').content['#text']).toContain('[email hidden]');
  });

  it('internal: still names only for people, repository text whole', () => {
    const internal = buildAtomFeed(portalWith({}, 'internal'));
    expect(internal).not.toContain('<email>');
    expect(parseAtom(internal).entry!.find((e) => e.title === 'Acme API 1.1.0')!.content['#text']).toContain(
      'security@acme.example',
    );
  });

  it('is written entry by entry as the endpoints serve it, with the same bytes', async () => {
    const response = atomFeedResponse(portal);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(await response.text()).toBe(xml);
    expect(await atomFeedResponse(portal, portal.project('web')!).text()).toBe(
      buildAtomFeed(portal, portal.project('web')!),
    );
  });

  it('is the same bytes every time and on any machine', () => {
    expect(buildAtomFeed(portalWith())).toBe(xml);
    const before = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(buildAtomFeed(portalWith())).toBe(xml);
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('/projects/<id>/feed.xml', () => {
  it('has only that project, every release, linked to itself and to the project page', () => {
    const web = parseAtom(buildAtomFeed(portal, portal.project('web')!));
    expect(web.entry!.map((e) => e.title)).toEqual(['Acme Web 1.3rc1', 'Acme Web 1.2']);
    expect(web.id).toBe('https://releases.acme.example/projects/web/feed.xml');
    expect(rel(web.link, 'self')).toBe('https://releases.acme.example/projects/web/feed.xml');
    expect(rel(web.link, 'alternate')).toBe('https://releases.acme.example/projects/web/');
    expect(web.updated).toBe('2026-01-21T09:00:00+01:00');
    expect(web.entry!.every((e) => e.category.some((c) => c['@_term'] === 'web'))).toBe(true);
    // The same release has the same id in both feeds.
    expect(web.entry![0]!.id).toBe(entryOf('Acme Web 1.3rc1').id);
  });
});

describe('a portal without site.json `site`', () => {
  it('links root-relative (with the base path) and uses tag: URIs for ids', () => {
    const bare = parseAtom(buildAtomFeed(portalWith({ site: null }, 'public', '/docs/')));
    expect(rel(bare.link, 'self')).toBe('/docs/feed.xml');
    expect(bare.id).toBe('tag:waybill,2026:feed.xml');
    const e = bare.entry!.find((x) => x.title === 'Acme API 1.1.0')!;
    expect(e.id).toBe('tag:waybill,2026:projects/api/1.1.0/');
    expect(rel(e.link, 'alternate')).toBe('/docs/projects/api/1.1.0/');
    expect(e.content['#text']).toContain('href="/docs/projects/api/1.0.0/"');
    expect(atomId('/x/', 'https://a.example/base/', '/')).toBe('https://a.example/x/');
  });
});

describe('the Atom writer', () => {
  it('stays well-formed whatever repository text holds: "]]>", control characters, lone surrogates', () => {
    const nasty = 'a ]]> b ]]> c \u001b[31mred\u001b[0m \u0000 \ud800 & < > " \u{1F680}';
    const out = writeAtom({
      id: 'tag:x,2026:feed',
      title: nasty,
      subtitle: nasty,
      updated: '2026-01-01T00:00:00Z',
      self: '/feed.xml',
      alternate: '/',
      author: nasty,
      entries: [
        {
          id: 'tag:x,2026:e',
          title: nasty,
          updated: '2026-01-01T00:00:00Z',
          link: '/e/?a=1&b=2',
          authors: [nasty],
          categories: [{ term: 'x"y', label: nasty }],
          summary: nasty,
          html: `<p>${nasty}</p>`,
        },
      ],
    });
    const parsed = parseAtom(out);
    expect(parsed.entry![0]!.content['#text']).toBe('<p>a ]]> b ]]> c [31mred[0m   & < > " \u{1F680}</p>');
    expect(rel(parsed.entry![0]!.link, 'alternate')).toBe('/e/?a=1&b=2');
    expect(escapeXml('R&amp;D')).toBe('R&amp;amp;D');
  });

  it('puts a release with real notes in an overlay through the sanitizer', () => {
    const release = structuredClone(data.releases.find((r) => r.slug === '1.2.0_build.5')!);
    release.notes.overlay = '<img src=x onerror=alert(1)> [x](javascript:alert(2)) ]]> \u0007bell';
    const html = toReleaseHtml(portal, portal.project('api')!, release, {
      releaseUrl: (slug) => `/r/${slug}/`,
    });
    expect(auditHtml(html)).toEqual([]);
    expect(html).toContain('&#x3C;img src=x onerror=alert(1)>');
    const parsed = parseAtom(
      writeAtom({
        id: 'tag:x,2026:f',
        title: 't',
        subtitle: 's',
        updated: release.date,
        self: '/f',
        alternate: '/',
        author: 'a',
        entries: [
          {
            id: 'tag:x,2026:e',
            title: 't',
            updated: release.date,
            link: '/',
            authors: [],
            categories: [],
            summary: 's',
            html,
          },
        ],
      }),
    );
    expect(parsed.entry![0]!.content['#text']).toContain(']]>');
  });

  it('orders releases of the same instant by version, newest first, then by project order', () => {
    const at = '2026-01-01T00:00:00Z';
    const r = (project: string, version: string, date = at) =>
      ({ project, version, tag: `v${version}`, date }) as Release;
    const order = new Map([
      ['api', 0],
      ['web', 1],
    ]);
    const sorted = [
      r('web', '1.0.0'),
      r('api', '1.0.0'),
      r('api', '1.10.0'),
      r('api', '1.9.0'),
      r('api', '0.1.0', '2026-01-01T01:00:00+02:00'),
    ].sort(compareReleasesForFeed(order));
    expect(sorted.map((x) => `${x.project} ${x.version}`)).toEqual([
      'api 1.10.0',
      'api 1.9.0',
      'api 1.0.0',
      'web 1.0.0',
      'api 0.1.0',
    ]);
  });
});
