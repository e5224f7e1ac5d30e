import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeJson, toApiIndex, toApiRelease, toApiReleaseList } from '../../src/lib/api/api.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const portal = buildPortal({ ...data, audience: 'public', base: '/', dataDir: SAMPLE });
const internal = buildPortal({ ...data, audience: 'internal', base: '/', dataDir: SAMPLE });
const api = portal.project('api')!;

describe('/api/v1/index.json', () => {
  it('lists { id, name, latest, releaseCount, url } with absolute URLs when site.json has a site', () => {
    expect(toApiIndex(portal)).toEqual({
      projects: [
        {
          id: 'api',
          name: 'Acme API',
          latest: '1.2.0+build.5',
          releaseCount: 4,
          url: 'https://releases.acme.example/projects/api/',
        },
        {
          id: 'web',
          name: 'Acme Web',
          latest: '1.3rc1',
          releaseCount: 2,
          url: 'https://releases.acme.example/projects/web/',
        },
      ],
    });
  });

  it('uses root-relative URLs without a site', () => {
    const noSite = buildPortal({
      ...data,
      site: { ...data.site, site: null },
      audience: 'public',
      base: '/',
      dataDir: SAMPLE,
    });
    expect(toApiIndex(noSite).projects[0]!.url).toBe('/projects/api/');
  });
});

describe('/api/v1/projects/<id>/releases.json', () => {
  it('lists releases newest first with exactly the contract fields', () => {
    const list = toApiReleaseList(portal, api);
    expect(list.map((r) => r.version)).toEqual(['1.2.0+build.5', '1.1.0', '1.1.0-rc.1', '1.0.0']);
    expect(list[1]).toEqual({
      version: '1.1.0',
      tag: 'v1.1.0',
      date: '2026-02-12T14:30:00+01:00',
      commit: 'c1'.repeat(20),
      previous: '1.0.0',
      prerelease: false,
      commitCount: 8,
      breakingCount: 1,
      url: 'https://releases.acme.example/projects/api/1.1.0/',
    });
    expect(list[0]!.url).toBe('https://releases.acme.example/projects/api/1.2.0_build.5/');
  });
});

describe('/api/v1/projects/<id>/releases/<slug>.json', () => {
  const full = toApiRelease(portal, api.release('1.1.0')!);

  it('adds changes in page order (breaking first, then by group), contributors and notes', () => {
    expect(Object.keys(full)).toEqual([
      'version',
      'tag',
      'date',
      'commit',
      'previous',
      'prerelease',
      'commitCount',
      'breakingCount',
      'url',
      'changes',
      'contributors',
      'notes',
      'sbom',
      'signature',
    ]);
    expect(full.changes.map((c) => [c.type, c.breaking])).toEqual([
      ['feat', true],
      ['fix', false],
      ['perf', false],
      ['docs', false],
      ['ci', false],
      ['chore', false],
    ]);
    expect(Object.keys(full.changes[0]!)).toEqual([
      'hash',
      'type',
      'scope',
      'subject',
      'breaking',
      'author',
      'refs',
      'pull',
    ]);
    expect(full.changes[1]!.refs[1]).toEqual({
      issue: '7',
      action: null,
      repository: 'acme/web',
      raw: 'acme/web#7',
    });
    expect(full.notes.best).toBe('changelog');
  });

  it('public: people are names only and no e-mail address appears anywhere', () => {
    expect(full.changes[0]!.author).toEqual({ name: 'Ada Lovelace' });
    expect(full.contributors[0]).toEqual({ name: 'Ada Lovelace', commits: 4, firstTime: false, bot: false });
    for (const r of api.releases) {
      expect(serializeJson(toApiRelease(portal, r))).not.toMatch(
        /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/,
      );
    }
    expect(full.notes.tag).toContain('Signed-off-by: Ada Lovelace <[email hidden]>');
  });

  it('internal: e-mail addresses are included', () => {
    const json = toApiRelease(internal, internal.project('api')!.release('1.1.0')!);
    expect(json.changes[0]!.author).toEqual({ name: 'Ada Lovelace', email: 'ada@acme.example' });
    expect(json.contributors[1]).toEqual({
      name: 'Mallory <img src=x onerror=alert(4)>',
      email: 'mallory@evil.example',
      commits: 1,
      firstTime: true,
      bot: false,
    });
  });

  it('keeps untrusted text as data (JSON consumers escape it) and serializes byte-stably', () => {
    expect(full.changes[1]!.subject).toBe('escape <script>alert(1)</script> in titles');
    const bytes = serializeJson(full);
    expect(bytes.endsWith('}\n')).toBe(true);
    expect(bytes).toBe(serializeJson(toApiRelease(portal, api.release('1.1.0')!)));
    expect(bytes).toBe(JSON.stringify(JSON.parse(bytes), null, 2) + '\n');
  });
});

describe('projects marked internal', () => {
  const marked = {
    ...data,
    projects: data.projects.map((p) => (p.id === 'web' ? { ...p, internal: true } : p)),
  };
  it('are left out of the public portal entirely: pages, index and lookups', () => {
    const pub = buildPortal({ ...marked, audience: 'public', base: '/', dataDir: SAMPLE });
    expect(pub.projects.map((p) => p.project.id)).toEqual(['api']);
    expect(pub.project('web')).toBeUndefined();
    expect(toApiIndex(pub).projects.map((p) => p.id)).toEqual(['api']);
  });
  it('are shown to the internal audience', () => {
    const int = buildPortal({ ...marked, audience: 'internal', base: '/', dataDir: SAMPLE });
    expect(int.projects.map((p) => p.project.id)).toEqual(['api', 'web']);
  });
});
