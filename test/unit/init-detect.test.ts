// `waybill init`'s guesses, as pure functions: tag patterns from tag names, forge links from the
// origin remote, projects from a repository's facts, and the commented config it writes.
import { describe, expect, it } from 'vitest';
import { parseJsonc } from '../../src/config/jsonc.ts';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { forgeLinks, forgeOf, parseRemote } from '../../src/init/forge.ts';
import {
  finishProjects,
  projectId,
  proposeAll,
  proposeRepo,
  renderConfig,
  type RepoFacts,
} from '../../src/init/plan.ts';
import { groupTags, splitTag } from '../../src/init/tags.ts';

const facts = (over: Partial<RepoFacts>): RepoFacts => ({
  repo: '.',
  folder: 'api',
  tags: [],
  remote: null,
  packageName: null,
  workspaces: null,
  packages: [],
  changesets: null,
  ...over,
});

describe('splitTag', () => {
  it.each([
    ['v1.2.3', 'v', '1.2.3'],
    ['1.2.3', '', '1.2.3'],
    ['pkg@1.2.3', 'pkg@', '1.2.3'],
    ['@scope/pkg@1.2.3-rc.1', '@scope/pkg@', '1.2.3-rc.1'],
    ['release-1.2', 'release-', '1.2'],
    ['api-v2.0.0', 'api-v', '2.0.0'],
    ['s3-client-1.0.0', 's3-client-', '1.0.0'],
    ['v1.0rc1', 'v', '1.0rc1'],
  ])('%s is %s + %s', (tag, prefix, version) => {
    expect(splitTag(tag)).toEqual({ prefix, version });
  });

  it('finds no version in a tag without one', () => {
    expect(splitTag('latest')).toBeNull();
    expect(splitTag('pkg@next')).toBeNull();
  });
});

describe('groupTags', () => {
  it('groups by shape, the largest group first, each newest version first', () => {
    const { groups, other } = groupTags(['v1.0.0', 'v1.10.0', 'v1.2.0', 'release-3', 'nightly']);
    expect(groups.map((g) => [g.pattern, g.tags])).toEqual([
      ['v{version}', ['v1.10.0', 'v1.2.0', 'v1.0.0']],
      ['release-{version}', ['release-3']],
    ]);
    expect(other).toEqual(['nightly']);
  });
});

describe('forge links from the origin remote', () => {
  it.each([
    ['https://github.com/acme/api.git', 'https://github.com/acme/api'],
    ['https://x-access-token:s3cret@github.com/acme/api.git', 'https://github.com/acme/api'],
    ['git@github.com:acme/api.git', 'https://github.com/acme/api'],
    [
      'ssh://git@gitlab.example.com:2222/acme/platform/tools.git',
      'https://gitlab.example.com/acme/platform/tools',
    ],
    ['https://gitlab.example.com:8443/acme/api', 'https://gitlab.example.com:8443/acme/api'],
    ['git://codeberg.org/acme/api', 'https://codeberg.org/acme/api'],
  ])('%s is %s, without credentials', (url, web) => {
    expect(parseRemote(url)?.web).toBe(web);
  });

  it('is nothing for a local path', () => {
    expect(parseRemote('/srv/git/api.git')).toBeNull();
    expect(parseRemote('../api')).toBeNull();
    expect(parseRemote('C:/repos/api')).toBeNull();
  });

  it('knows the forges by their host names', () => {
    expect(forgeOf('github.com')).toBe('github');
    expect(forgeOf('gitlab.com')).toBe('gitlab');
    expect(forgeOf('gitlab.acme.example')).toBe('gitlab');
    expect(forgeOf('bitbucket.org')).toBe('bitbucket');
    expect(forgeOf('codeberg.org')).toBe('gitea');
    expect(forgeOf('gitea.acme.example')).toBe('gitea');
    expect(forgeOf('git.acme.example')).toBeNull();
  });

  it('spells each forge’s commit, compare and issue pages', () => {
    expect(forgeLinks('gitlab', 'https://gitlab.com/acme/platform/tools')).toEqual({
      commit: 'https://gitlab.com/acme/platform/tools/-/commit/{hash}',
      compare: 'https://gitlab.com/acme/platform/tools/-/compare/{from}...{to}',
      issue: 'https://gitlab.com/acme/platform/tools/-/issues/{id}',
    });
    expect(forgeLinks('bitbucket', 'https://bitbucket.org/acme/api').compare).toBe(
      'https://bitbucket.org/acme/api/branches/compare/{to}%0D{from}',
    );
    expect(forgeLinks('github', 'https://github.com/acme/api').issue).toBe(
      'https://github.com/acme/api/issues/{id}',
    );
  });
});

describe('proposeRepo', () => {
  it('takes the most common tag shape for a single repository, and says which it left out', () => {
    const p = proposeRepo(
      facts({ tags: ['v1.0.0', 'v1.1.0', 'v2.0.0', 'release-1', 'latest'], packageName: 'acme-api' }),
    );
    expect(p.projects).toHaveLength(1);
    expect(p.projects[0]).toMatchObject({ id: 'acme-api', tags: 'v{version}', newest: 'v2.0.0', path: null });
    expect(p.projects[0]!.tagsWhy).toBe(
      '3 tags, like "v2.0.0"; the other tags ("release-{version}") are left out',
    );
    expect(p.notes).toContain('this repository: 1 tag without a version, left out (like "latest")');
  });

  it('makes one project per tagged workspace package, and one for the repository’s own tags beside them', () => {
    const p = proposeRepo(
      facts({
        tags: ['@acme/core@1.0.0', '@acme/core@1.1.0', 'web@2.0.0', 'v5.0.0'],
        packageName: 'platform',
        workspaces: 'pnpm-workspace.yaml',
        packages: [
          { path: 'packages/core', name: '@acme/core', private: false },
          { path: 'apps/web', name: 'web', private: true },
          { path: 'packages/new', name: '@acme/new', private: false },
        ],
      }),
    );
    expect(p.projects.map((x) => [x.id, x.tags, x.path])).toEqual([
      ['core', '@acme/core@{version}', 'packages/core'],
      ['web', 'web@{version}', 'apps/web'],
      ['platform', 'v{version}', null],
    ]);
    expect(p.notes).toContain(
      'this repository: left out, no tags like "<name>@1.0.0" yet: @acme/new (add them when they have releases)',
    );
  });

  it('proposes what changesets will tag in a monorepo that has no tags yet, leaving out what it ignores', () => {
    const p = proposeRepo(
      facts({
        workspaces: 'package.json workspaces',
        changesets: { ignore: ['@acme/docs'], tagPrivate: false },
        packages: [
          { path: 'packages/core', name: '@acme/core', private: false },
          { path: 'packages/docs', name: '@acme/docs', private: false },
          { path: 'packages/tooling', name: '@acme/tooling', private: true },
        ],
      }),
    );
    expect(p.projects.map((x) => [x.id, x.tags, x.tagsWhy])).toEqual([
      ['core', '@acme/core@{version}', 'as changesets will tag it; no tags yet'],
    ]);
    expect(p.notes).toContain('this repository: @acme/docs left out: changesets ignores it');
  });

  it('gives every project an id of its own across repositories', () => {
    const p = proposeAll([
      facts({ repo: 'api', folder: 'api', tags: ['v1.0.0'] }),
      facts({ repo: 'tools/api', folder: 'api', tags: ['v1.0.0'] }),
    ]);
    expect(p.projects.map((x) => x.id)).toEqual(['api', 'api-2']);
    expect(projectId('@acme/Web_App')).toBe('web-app');
  });
});

describe('the config init writes', () => {
  it('is JSON with comments that the config schema accepts, with path and changelog only where they exist at the newest tag', () => {
    const proposal = proposeRepo(
      facts({
        tags: ['@acme/core@1.0.0', '@acme/cli@0.1.0'],
        remote: 'git@github.com:acme/platform.git',
        workspaces: 'package.json workspaces',
        packages: [
          { path: 'packages/core', name: '@acme/core', private: false },
          { path: 'packages/cli', name: '@acme/cli', private: false },
        ],
      }),
    );
    const present = new Set([
      '@acme/core@1.0.0:packages/core',
      '@acme/core@1.0.0:packages/core/CHANGELOG.md',
    ]);
    const { projects, notes } = finishProjects(proposal, (_, rev, path) => present.has(`${rev}:${path}`));
    const text = renderConfig({ title: 'Acme releases', timezone: 'UTC', timezoneWhy: 'test', projects });
    expect(text).toContain(
      '      // found at @acme/core@1.0.0; relative to "path"\n      "changelog": "CHANGELOG.md",',
    );
    expect(text).toContain('      // GitHub, from the origin remote\n      "links": {');
    expect(notes).toEqual([
      'cli: packages/cli does not exist at @acme/cli@0.1.0, so "path" is left out',
      'cli: no changelog at @acme/cli@0.1.0, so the notes come from tag messages and commits',
    ]);
    const config = ConfigSchema.parse(parseJsonc('waybill.config.json', text));
    expect(config.projects.map((p) => [p.id, p.tags, p.path, p.changelog])).toEqual([
      ['core', '@acme/core@{version}', 'packages/core', 'CHANGELOG.md'],
      ['cli', '@acme/cli@{version}', undefined, undefined],
    ]);
    expect(config.projects[1]!.links.compare).toBe('https://github.com/acme/platform/compare/{from}...{to}');
  });
});
