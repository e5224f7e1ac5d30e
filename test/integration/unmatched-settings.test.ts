// Settings that match nothing are said out loud: a tag pattern no tag fits (with the closest tags),
// a `path` and a `changelog` that exist at none of the release tags, an `sboms` pattern no file
// fits, a deployment source that reads no file or names no project. One warning each, on every
// harvest; with "strict" every one of them at once, exit 1, nothing written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo, runGit } from '../../src/demo/git-builder.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'waybill-unmatched-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const waybill = (args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1795000000' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const config = (strict: boolean) => ({
  title: 'Typos',
  strict,
  projects: [
    {
      id: 'api',
      name: 'API',
      repo: './platform',
      tags: 'api@{version}',
      path: 'packages/apii',
      changelog: 'CHANGES.md',
      sboms: 'sboms/api-{version}.cdx.json',
    },
    { id: 'web', name: 'Web', repo: './platform', tags: 'web-v{version}' },
  ],
  deployments: [
    { format: 'waybill', path: 'deploys/*.jsonl' },
    { format: 'gitlab', path: 'platform/package.json', project: 'apii' },
  ],
});

beforeAll(async () => {
  await buildRepo(join(dir, 'platform'), [
    {
      commit: 'feat(api): orders',
      files: {
        'package.json': '{ "private": true }\n',
        'packages/api/index.js': 'export {};\n',
        'packages/api/CHANGELOG.md': '# api\n\n## 1.0.0\n\n- Orders.\n',
      },
    },
    { tag: 'api@1.0.0' },
    { tag: 'v1.0.0' },
    { commit: 'feat(api): refunds', files: { 'packages/api/index.js': 'export const refunds = 1;\n' } },
    { tag: 'api@1.1.0' },
    { tag: 'v2.0.0' },
  ]);
});

const WARNINGS = [
  'warning: project "api" (projects[0].path): the folder "packages/apii" exists at none of the 2 release tags, so no commit touches it\n' +
    '  fix: set "path" to the folder as it is at those tags, relative to the repository root, or remove it',
  'warning: project "api" (projects[0].changelog): the changelog "CHANGES.md" exists at none of the 2 release tags: looked for packages/apii/CHANGES.md ("changelog" is relative to "path")\n' +
    '  fix: name the file as it is at those tags, relative to "packages/apii", or remove "changelog" (the notes then come from tag messages and commits)',
  'warning: project "api" (projects[0].sboms): "sboms/api-{version}.cdx.json" matches no file: none of the 2 releases has one (looked for sboms/api-1.1.0.cdx.json and 1 other, relative to DIR)\n' +
    '  fix: correct the pattern ("{version}" is the version without the tag prefix, like 1.2.0), or remove "sboms"',
  'warning: project "web" (projects[1].tags): the tag pattern "web-v{version}" matches none of the 4 tags of ./platform; the closest are "v2.0.0", "v1.0.0" and "api@1.1.0"\n' +
    '  fix: set "tags" to how the release tags are named, "{version}" for the version (for "v2.0.0": "v{version}")',
  'warning: deployments[0].path: "deploys/*.jsonl" matches no file (relative to DIR)\n' +
    '  fix: correct the path or the pattern, or remove the source',
  'warning: deployments[1].project: "apii" is not a project of this config\n  fix: use one of: api, web',
];

describe('settings that match nothing', () => {
  it('each print one warning, on every harvest, and the harvest goes on', () => {
    writeFileSync(join(dir, 'waybill.config.json'), JSON.stringify(config(false), null, 2));
    const expected = WARNINGS.map((w) => w.replaceAll('DIR', dir));
    for (const run of ['first', 'unchanged']) {
      const r = waybill(['harvest', '--data', 'data']);
      expect(r.code, `${run}: ${r.err}`).toBe(0);
      const warnings = r.err
        .split(/\n(?=warning: )/)
        .map((w) => w.trimEnd())
        .filter((w) => w.startsWith('warning: '));
      expect(warnings, run).toEqual(expected);
    }
  });

  it('with "strict": true, fail the harvest with all of them listed, before anything is written', () => {
    writeFileSync(join(dir, 'waybill.config.json'), JSON.stringify(config(true), null, 2));
    const r = waybill(['harvest', '--data', 'strict-data']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: 6 problems:\n/);
    for (const w of WARNINGS)
      expect(r.err).toContain(
        `- ${w
          .replace(/^warning: /, '')
          .replaceAll('DIR', dir)
          .replace('\n  fix:', '\n    fix:')}`,
      );
    expect(existsSync(join(dir, 'strict-data'))).toBe(false);
  });
  it('stop when the setting is corrected, or when a new tag brings what was missing', async () => {
    const fixed = config(false);
    fixed.projects[0]!.path = 'packages/api';
    fixed.projects[0]!.changelog = 'CHANGELOG.md';
    writeFileSync(join(dir, 'waybill.config.json'), JSON.stringify(fixed, null, 2));
    let r = waybill(['harvest', '--data', 'data']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(/projects\[0\]\.(path|changelog)/);

    // A changelog the first releases lacked: warned until a tag has it.
    fixed.projects[0]!.changelog = 'NEWS.md';
    writeFileSync(join(dir, 'waybill.config.json'), JSON.stringify(fixed, null, 2));
    r = waybill(['harvest', '--data', 'data']);
    expect(r.err).toContain(
      'project "api" (projects[0].changelog): the changelog "NEWS.md" exists at none of the 2 release tags',
    );
    await runGit(join(dir, 'platform'), ['checkout', '-q', '-b', 'news']);
    writeFileSync(join(dir, 'platform/packages/api/NEWS.md'), '# News\n\n## 1.2.0\n\n- News.\n');
    await runGit(join(dir, 'platform'), ['add', '-A']);
    await runGit(join(dir, 'platform'), [
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@example.com',
      'commit',
      '-qm',
      'news',
    ]);
    await runGit(join(dir, 'platform'), ['tag', 'api@1.2.0']);
    r = waybill(['harvest', '--data', 'data']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('projects[0].changelog');
  });
});
