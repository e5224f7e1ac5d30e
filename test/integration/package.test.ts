// waybill as a user installs it: the tarball `npm pack` makes, installed into a changesets
// monorepo of their own with nothing else (and node@24: this machine has Node 20). There
// `npx waybill init --yes`, `npx waybill build` and `npx waybill verify` must work on the first
// try and write nothing under node_modules; and an Astro site of their own (examples/astro-site)
// must build its release pages through `waybill/loader` from the same installed package.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo, runGit } from '../../src/demo/git-builder.ts';
import { installTarball, packedTarball, ROOT, run, snapshot } from '../helpers/package.ts';

const tmp = mkdtempSync(join(tmpdir(), 'waybill-package-'));
const repo = join(tmp, 'platform');
let tarball: string;
let before: Map<string, string>;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `npx <args>` in the project, as a user runs it (npx puts node_modules/.bin, and so Node 24, first). */
const npx = (args: string[], cwd = repo) =>
  run('npx', ['--no-install', ...args], cwd, { CI: 'true', SOURCE_DATE_EPOCH: '1795000000', TZ: 'UTC' });

const pkg = (name: string) => `${JSON.stringify({ name, version: '0.0.0' }, null, 2)}\n`;
const changelog = (name: string, entries: [string, string][]) =>
  `# ${name}\n\n${entries.map(([v, text]) => `## ${v}\n\n### Minor Changes\n\n- ${text}\n`).join('\n')}`;

beforeAll(async () => {
  tarball = packedTarball();
  // A pnpm workspace released with changesets: two packages tagged `<name>@<version>`, a
  // prerelease, changelogs the Version Packages commits write, on GitHub.
  await buildRepo(repo, [
    {
      commit: 'chore: set up the workspace',
      files: {
        'package.json': `${JSON.stringify({ name: 'acme-platform', private: true }, null, 2)}\n`,
        'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n",
        '.changeset/config.json': '{ "baseBranch": "main", "ignore": [] }\n',
        'packages/core/package.json': pkg('@acme/core'),
        'packages/ui/package.json': pkg('@acme/ui'),
      },
    },
    { commit: 'feat(core): orders client (#12)', files: { 'packages/core/index.js': 'export {};\n' } },
    {
      commit: 'Version Packages',
      files: { 'packages/core/CHANGELOG.md': changelog('@acme/core', [['1.0.0', 'An orders client.']]) },
    },
    { tag: '@acme/core@1.0.0', annotated: { message: '@acme/core@1.0.0' } },
    { commit: 'feat(ui): order table', files: { 'packages/ui/index.js': 'export {};\n' } },
    {
      commit: 'Version Packages',
      files: { 'packages/ui/CHANGELOG.md': changelog('@acme/ui', [['0.1.0', 'An order table.']]) },
    },
    { tag: '@acme/ui@0.1.0' },
    {
      commit: 'feat(core)!: refunds replace credits\n\nBREAKING CHANGE: `credit()` is gone; use `refund()`.',
      files: { 'packages/core/index.js': 'export const refund = 1;\n' },
    },
    {
      commit: 'Version Packages',
      files: {
        'packages/core/CHANGELOG.md': changelog('@acme/core', [
          ['2.0.0-rc.1', 'Refunds replace credits.'],
          ['1.0.0', 'An orders client.'],
        ]),
      },
    },
    { tag: '@acme/core@2.0.0-rc.1' },
    {
      commit: 'Version Packages',
      files: {
        'packages/core/CHANGELOG.md': changelog('@acme/core', [
          ['2.0.0', 'Refunds replace credits <script>alert(1)</script>.'],
          ['2.0.0-rc.1', 'Refunds replace credits.'],
          ['1.0.0', 'An orders client.'],
        ]),
      },
    },
    { tag: '@acme/core@2.0.0', annotated: { message: '@acme/core@2.0.0' } },
  ]);
  await runGit(repo, ['remote', 'add', 'origin', 'git@github.com:acme/platform.git']);
  installTarball(repo, tarball);
  before = snapshot(join(repo, 'node_modules'));
}, 900_000);

describe('the package', () => {
  it('holds what runs: the command line compiled, the site, the types of the public exports; no tests, fixtures, bench or images', () => {
    const files = run('tar', ['tzf', tarball], tmp).stdout.split('\n').filter(Boolean);
    for (const f of [
      'package/bin/waybill.js',
      'package/build/cli/entry.js',
      'package/build/index.js',
      'package/build/index.d.ts',
      'package/build/loader/index.js',
      'package/build/loader/index.d.ts',
      'package/src/pages/index.astro',
      'package/src/lib/model/data-loader.ts',
      'package/public/favicon.svg',
      'package/astro.config.mjs',
      'package/waybill.config.schema.json',
    ])
      expect(files, f).toContain(f);
    expect(
      files.filter((f) =>
        /^package\/(test|scripts|examples|docs\/.*\.png|\.waybill-cache|content\/data)\//.test(f),
      ),
    ).toEqual([]);
    expect(files.filter((f) => f.endsWith('.test.ts'))).toEqual([]);
    // The command line is there compiled, not a second time as source.
    expect(
      files.filter((f) => /^package\/src\/(cli|demo|harvest|init|loader|site|verify)\//.test(f)),
    ).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(repo, 'node_modules/waybill/package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.engines.node).toBe('>=22.12.0');
    expect(Object.keys(manifest.exports)).toEqual([
      '.',
      './loader',
      './package.json',
      './waybill.config.schema.json',
    ]);
  });

  it('on a Node older than 22.12 says in one line what is needed, what it found and the fix, and exits 1', () => {
    // The machine's own Node (20 here) when there is one on PATH, else Node 24 told it is 20.11.1.
    const old = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((d) => !d.includes('node_modules'))
      .map((d) => join(d, 'node'))
      .find((n) => {
        const v = spawnSync(n, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
        return v && /^(1\d|20|21|22\.([0-9]|1[01]))\./.test(v);
      });
    const fake = join(tmp, 'node-20.mjs');
    writeFileSync(fake, "Object.defineProperty(process.versions, 'node', { value: '20.11.1' });\n");
    const r = spawnSync(
      old ?? process.execPath,
      [...(old ? [] : ['--import', fake]), join(repo, 'node_modules/waybill/bin/waybill.js'), '--help'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^waybill needs Node\.js 22\.12 or newer \(for Astro 7\), but this is Node\.js \d+\.\d+\.\d+: .*`npm install --save-dev node@24`/,
    );
  });

  it('init --yes, build and verify in the user’s repository: the portal has the release pages and the JSON API, and nothing is written under node_modules', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(npx(['waybill', '--version']).stdout).toBe(`${version}\n`);
    const init = npx(['waybill', 'init', '--yes']);
    expect(init.stdout).toContain('this repository: changesets (.changeset/config.json)');
    expect(init.stdout).toContain('Wrote waybill.config.json.');
    const build = npx(['waybill', 'build']);
    expect(build.stdout).toContain(`built ${join(repo, 'dist')}`);
    expect(build.stderr).not.toMatch(/warning|error/i);
    expect(npx(['waybill', 'verify']).stdout).toMatch(
      /^verify: ok: \d+ audit events and 4 evidence records in /m,
    );

    const dist = join(repo, 'dist');
    const index = JSON.parse(readFileSync(join(dist, 'api/v1/index.json'), 'utf8'));
    expect(
      index.projects.map((p: { id: string; latest: string; releaseCount: number }) => [
        p.id,
        p.latest,
        p.releaseCount,
      ]),
    ).toEqual([
      ['core', '2.0.0', 3],
      ['ui', '0.1.0', 1],
    ]);
    const releases = JSON.parse(readFileSync(join(dist, 'api/v1/projects/core/releases.json'), 'utf8'));
    expect(
      releases.map((r: { version: string; previous: string | null }) => [r.version, r.previous]),
    ).toEqual([
      ['2.0.0', '1.0.0'],
      ['2.0.0-rc.1', '1.0.0'],
      ['1.0.0', null],
    ]);
    const page = readFileSync(join(dist, 'projects/core/2.0.0/index.html'), 'utf8');
    expect(page).toContain('Refunds replace credits');
    // The compare link, with the tag names URL-encoded.
    expect(page).toContain(
      'https://github.com/acme/platform/compare/%40acme%2Fcore%401.0.0...%40acme%2Fcore%402.0.0',
    );
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(existsSync(join(dist, 'pagefind/pagefind-entry.json'))).toBe(true);

    // Every cache is in the user's folder; node_modules is as npm left it.
    expect(snapshot(join(repo, 'node_modules'))).toEqual(before);
    for (const own of ['.waybill-cache/site', 'content/data/audit.jsonl'])
      expect(existsSync(join(repo, own)), own).toBe(true);
  }, 600_000);

  it('builds an Astro site of the user’s own (examples/astro-site) whose release pages come through waybill/loader', () => {
    const site = join(repo, 'site');
    cpSync(join(ROOT, 'examples/astro-site'), site, { recursive: true });
    // The site resolves `astro` and `waybill` from the project's node_modules, one folder up.
    run(process.execPath, [join(repo, 'node_modules/astro/bin/astro.mjs'), 'build'], site, {
      WAYBILL_DATA: join(repo, 'content/data'),
      ASTRO_TELEMETRY_DISABLED: '1',
    });
    const list = readFileSync(join(site, 'dist/index.html'), 'utf8');
    expect(list).toContain('href="/releases/core/2.0.0/"');
    expect(list).toContain('href="/releases/ui/0.1.0/"');
    const page = readFileSync(join(site, 'dist/releases/core/2.0.0/index.html'), 'utf8');
    expect(page).toContain('<h1>core 2.0.0</h1>');
    // The changelog section, rendered by the loader and sanitized: the script is text, not markup.
    expect(page).toMatch(
      /<li>Refunds replace credits &#x3C;script>alert\(1\)&#x3C;\/script>\.<\/li>|<li>Refunds replace credits &lt;script&gt;alert\(1\)&lt;\/script&gt;\.<\/li>/,
    );
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('<strong>Breaking: </strong>refunds replace credits');
  }, 600_000);

  it('fails the Astro site’s build with the file and the fix when the data folder is missing, instead of an empty collection', () => {
    const site = join(repo, 'site');
    const r = spawnSync(process.execPath, [join(repo, 'node_modules/astro/bin/astro.mjs'), 'build'], {
      cwd: site,
      encoding: 'utf8',
      env: { ...process.env, WAYBILL_DATA: join(tmp, 'nowhere'), ASTRO_TELEMETRY_DISABLED: '1' },
    });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(`waybillReleases: no data folder at ${join(tmp, 'nowhere')}`);
    expect(`${r.stdout}${r.stderr}`).toContain('Run `npx waybill harvest`');
  }, 600_000);
});
