// `waybill init` in repositories shaped like real ones: a changesets monorepo, repositories side
// by side, a config already there. The config it writes must harvest on the first try, strict,
// with no warning.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { buildRepo, runGit } from '../../src/demo/git-builder.ts';
import { harvest } from '../../src/harvest/harvest.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'waybill-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const waybill = (cwd: string, args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', TZ: 'Europe/Berlin' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const pkg = (name: string, extra: object = {}) =>
  `${JSON.stringify({ name, version: '0.0.0', ...extra }, null, 2)}\n`;
const changelog = (name: string, versions: string[]) =>
  `# ${name}\n\n${versions.map((v) => `## ${v}\n\n### Patch Changes\n\n- Fixes for ${v}.\n`).join('\n')}`;

/** A pnpm workspace released with changesets: `@acme/core` and `@acme/cli` tagged `<name>@<version>`, a private package never tagged. */
async function changesetsMonorepo(dir: string) {
  await buildRepo(dir, [
    {
      commit: 'chore: set up the workspace',
      files: {
        'package.json': pkg('acme-platform', { private: true }),
        'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n  - '!packages/scratch'\n",
        '.changeset/config.json': JSON.stringify({ baseBranch: 'main', ignore: [], access: 'public' }),
        'packages/core/package.json': pkg('@acme/core'),
        'packages/cli/package.json': pkg('@acme/cli'),
        'packages/tooling/package.json': pkg('@acme/tooling', { private: true }),
        'packages/scratch/package.json': pkg('scratch'),
      },
    },
    { commit: 'feat(core): the client', files: { 'packages/core/index.js': 'export {};\n' } },
    {
      commit: 'Version Packages',
      files: { 'packages/core/CHANGELOG.md': changelog('@acme/core', ['1.0.0']) },
    },
    { tag: '@acme/core@1.0.0' },
    { commit: 'feat(cli): a command line', files: { 'packages/cli/index.js': 'export {};\n' } },
    {
      commit: 'Version Packages',
      files: {
        'packages/core/CHANGELOG.md': changelog('@acme/core', ['1.1.0', '1.0.0']),
        'packages/cli/CHANGELOG.md': changelog('@acme/cli', ['0.1.0']),
      },
    },
    { tag: '@acme/core@1.1.0' },
    { tag: '@acme/cli@0.1.0' },
  ]);
  await runGit(dir, ['remote', 'add', 'origin', 'git@gitlab.com:acme/platform/tools.git']);
}

/** Harvests the config init wrote (strict, as written) and returns every line it logged. */
async function harvestWritten(dir: string) {
  const loaded = await loadConfig(join(dir, 'waybill.config.json'), dir);
  const log: string[] = [];
  const summaries = await harvest(loaded, {
    now: new Date('2026-11-19T00:00:00Z'),
    dataDir: join(dir, 'content/data'),
    log: (l) => log.push(l),
  });
  return { loaded, summaries, log };
}

describe('waybill init', () => {
  it('in a changesets monorepo: one project per tagged package, with its folder, changelog and forge links, that harvests strict without a warning', async () => {
    const dir = join(tmp, 'platform');
    await changesetsMonorepo(dir);
    const r = waybill(dir, ['init', '--yes']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'this repository: GitLab repository https://gitlab.com/acme/platform/tools (the origin remote)',
    );
    expect(r.out).toContain('this repository: 3 workspace packages (pnpm-workspace.yaml)');
    expect(r.out).toContain('this repository: changesets (.changeset/config.json)');
    expect(r.out).toContain('left out, no tags like "<name>@1.0.0" yet: @acme/tooling');
    expect(r.out).toContain('Wrote waybill.config.json.');

    const text = readFileSync(join(dir, 'waybill.config.json'), 'utf8');
    expect(text).toContain(
      '// 2 tags, like "@acme/core@1.1.0", as changesets tags a package\n      "tags": "@acme/core@{version}"',
    );
    expect(text).toContain('"timezone": "Europe/Berlin"');
    const { loaded, summaries, log } = await harvestWritten(dir);
    expect(loaded.config.strict).toBe(true);
    expect(
      loaded.config.projects.map((p) => ({ id: p.id, tags: p.tags, path: p.path, changelog: p.changelog })),
    ).toEqual([
      { id: 'cli', tags: '@acme/cli@{version}', path: 'packages/cli', changelog: 'CHANGELOG.md' },
      { id: 'core', tags: '@acme/core@{version}', path: 'packages/core', changelog: 'CHANGELOG.md' },
    ]);
    expect(loaded.config.projects[1]!.links.commit).toBe(
      'https://gitlab.com/acme/platform/tools/-/commit/{hash}',
    );
    expect(summaries.map((s) => [s.id, s.releases, s.warnings])).toEqual([
      ['cli', 1, []],
      ['core', 2, []],
    ]);
    expect(log.filter((l) => /warning|matches no|exists at no/.test(l))).toEqual([]);
    // The notes come from the changelogs it found.
    const release = JSON.parse(readFileSync(join(dir, 'content/data/releases/core/1.1.0.json'), 'utf8'));
    expect(release.notes.changelog).toContain('Fixes for 1.1.0.');
  });

  it('in a folder holding repositories side by side: one project each, credentials never copied into links, and outside a work tree no word on .gitignore', async () => {
    const dir = join(tmp, 'portal');
    mkdirSync(dir);
    await buildRepo(join(dir, 'api'), [
      { commit: 'feat: orders', files: { 'CHANGELOG.md': '# Changelog\n\n## [1.0.0]\n\n- Orders.\n' } },
      { tag: 'v1.0.0', annotated: { message: 'v1.0.0' } },
      {
        commit: 'fix: totals',
        files: { 'CHANGELOG.md': '# Changelog\n\n## [1.0.1]\n\n- Totals.\n\n## [1.0.0]\n\n- Orders.\n' },
      },
      { tag: 'v1.0.1' },
      { tag: 'nightly' },
    ]);
    await runGit(join(dir, 'api'), [
      'remote',
      'add',
      'origin',
      'https://ci-bot:s3cret@github.com/acme/api.git',
    ]);
    await buildRepo(join(dir, 'web'), [
      { commit: 'first page', files: { 'index.html': '<h1>Acme</h1>\n' } },
      { tag: '2.0' },
      { commit: 'second page', files: { 'about.html': '<h1>About</h1>\n' } },
      { tag: '2.1' },
    ]);
    const r = waybill(dir, ['init', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('.gitignore');
    expect(r.out).toContain('api: GitHub repository https://github.com/acme/api (the origin remote)');
    expect(r.out).toContain(
      'web: no "origin" remote, so no commit, compare or issue links (add "links" by hand)',
    );
    expect(r.out).toContain('api: 1 tag without a version, left out (like "nightly")');
    expect(readFileSync(join(dir, 'waybill.config.json'), 'utf8')).not.toContain('s3cret');
    const { loaded, summaries } = await harvestWritten(dir);
    expect(loaded.config.projects.map((p) => [p.id, p.repo, p.tags, p.changelog ?? null])).toEqual([
      ['api', 'api', 'v{version}', 'CHANGELOG.md'],
      ['web', 'web', '{version}', null],
    ]);
    expect(summaries.map((s) => [s.id, s.releases, s.warnings])).toEqual([
      ['api', 2, []],
      ['web', 2, []],
    ]);
  });

  it('refuses to replace a config without --force, and says how', async () => {
    const dir = join(tmp, 'again');
    await buildRepo(dir, [{ commit: 'one', files: { a: '1' } }, { tag: 'v0.1.0' }]);
    writeFileSync(join(dir, 'waybill.config.json'), '{ "projects": [] }\n');
    const r = waybill(dir, ['init', '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: a config already exists: ${join(dir, 'waybill.config.json')}\n  fix: edit it, or run \`waybill init --force\` to replace it with a new guess\n`,
    );
    expect(readFileSync(join(dir, 'waybill.config.json'), 'utf8')).toBe('{ "projects": [] }\n');
    expect(waybill(dir, ['init', '--yes', '--force']).code).toBe(0);
    expect(readFileSync(join(dir, 'waybill.config.json'), 'utf8')).toContain('"tags": "v{version}"');
  });

  it('will not write a JSON config that a waybill.config.ts beside it would override, even with --force', async () => {
    const dir = join(tmp, 'typed');
    await buildRepo(dir, [{ commit: 'one', files: { a: '1' } }, { tag: 'v0.1.0' }]);
    writeFileSync(join(dir, 'waybill.config.ts'), 'export default { projects: [] };\n');
    const r = waybill(dir, ['init', '--yes', '--force']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: a config already exists: ${join(dir, 'waybill.config.ts')}`);
    expect(r.err).toContain('fix: edit it, or remove it and run `waybill init` again');
    expect(existsSync(join(dir, 'waybill.config.json'))).toBe(false);
  });

  it('says to keep the build output out of git, naming only what .gitignore does not cover yet', async () => {
    const dir = join(tmp, 'ignored');
    await buildRepo(dir, [
      { commit: 'one', files: { a: '1', '.gitignore': 'node_modules\n' } },
      { tag: 'v0.1.0' },
    ]);
    const hint = (what: string) =>
      `Keep what the build writes out of git: add ${what} to .gitignore (the data folder, content/data/, is yours to commit or keep in a CI cache; docs/ci.md).`;
    expect(waybill(dir, ['init', '--yes']).out).toContain(hint('dist/ and .waybill-cache/'));

    writeFileSync(join(dir, '.gitignore'), 'node_modules\n/dist\n');
    expect(waybill(dir, ['init', '--yes', '--force']).out).toContain(hint('.waybill-cache/'));

    writeFileSync(join(dir, '.gitignore'), 'dist/\n.waybill-cache\n');
    expect(waybill(dir, ['init', '--yes', '--force']).out).not.toContain(
      'Keep what the build writes out of git',
    );
  });

  it('says where to run it when there is no repository here or beside', () => {
    const dir = join(tmp, 'empty');
    mkdirSync(join(dir, 'notes'), { recursive: true });
    const r = waybill(dir, ['init', '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: ${dir} is not a git repository, and none of the folders in it is one`);
    expect(r.err).toContain(
      'fix: run `waybill init` in a repository, or in a folder that holds repositories side by side',
    );
    expect(existsSync(join(dir, 'waybill.config.json'))).toBe(false);
  });
});
