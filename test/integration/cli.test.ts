// The command line as scripts and CI use it: verbs, exit codes and messages.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRepo } from '../../src/demo/git-builder.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'waybill-cli-'));
const waybill = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('waybill CLI', () => {
  it('exits 2 on an unknown verb or flag, pointing at --help', () => {
    const a = waybill(['publish']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/unknown command 'publish'/);
    const b = waybill(['harvest', '--frobnicate']);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--help/);
  });

  it('prints its version, the one its package.json and every record it writes name', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-v']) {
      const r = waybill([flag]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`${version}\n`);
    }
  });

  it('stops quietly when the reader of its output goes away (`waybill … | head -1`)', async () => {
    const repo = join(dir, 'piped');
    await buildRepo(repo, [{ commit: 'one', files: { a: '1' } }, { tag: 'v0.1.0' }]);
    // The read end is closed before the command writes anything, so every write meets EPIPE.
    const child = spawn(process.execPath, [cli, 'init', '--yes'], {
      cwd: repo,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('exits 1 on a bad config, naming the file, the key and the fix', () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ projects: [{ id: 'x', name: 'X', repo: './missing' }] }),
    );
    const r = waybill(['harvest', '--config', 'bad.json', '--data', 'data']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('project "x" (projects[0].repo)');
    expect(r.err).toContain('fix: set "repo" to a git repository');
  });

  it('exits 1 on a data folder the site cannot read, naming the file and the field, not as a bug', () => {
    const data = join(dir, 'bad-data');
    cpSync(new URL('../fixtures/sample-data', import.meta.url).pathname, data, { recursive: true });
    const file = join(data, 'releases/api/1.0.0.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"version": "1\.0\.0"/, '"version": 12'));
    writeFileSync(
      join(dir, 'sample.json'),
      JSON.stringify({
        title: 'Sample',
        projects: [
          { id: 'api', name: 'API', repo: '.' },
          { id: 'web', name: 'Web', repo: '.' },
        ],
      }),
    );
    const r = waybill(
      ['build', '--no-harvest', '--config', 'sample.json', '--data', data, '--out', join(dir, 'bad-out')],
      { ASTRO_TELEMETRY_DISABLED: '1' },
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: invalid data in ${file}`);
    expect(r.err).toContain('at /version: expected a string, found the number 12');
    expect(r.err).not.toMatch(/internal error|bug in waybill/);
  }, 120_000);

  it('refuses a malformed SOURCE_DATE_EPOCH with exit 1', () => {
    writeFileSync(
      join(dir, 'ok.json'),
      JSON.stringify({ projects: [{ id: 'x', name: 'X', repo: './missing' }] }),
    );
    const r = waybill(['harvest', '--config', 'ok.json'], { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('SOURCE_DATE_EPOCH is "yesterday"');
  });

  it("harvests with plain progress lines in CI, then prints one release's notes as Markdown and JSON", async () => {
    await buildRepo(join(dir, 'lib'), [
      { commit: 'feat: csv export\n\nCloses #4', files: { a: '1\n' } },
      {
        commit:
          'fix(io)!: stricter parsing\n\nBREAKING CHANGE: quotes are required now (ask ops@acme.example).',
        files: { a: '2\n' },
      },
      { tag: 'v1.0.0' },
    ]);
    writeFileSync(
      join(dir, 'waybill.config.json'),
      JSON.stringify({ projects: [{ id: 'lib', name: 'Lib', repo: './lib' }] }),
    );
    const h = waybill(['harvest', '--data', 'out'], { SOURCE_DATE_EPOCH: '1767225600' });
    expect(h.code).toBe(0);
    expect(h.out).toContain('lib: 1 release, 1 new, 1 written');
    expect(h.out).toContain('audit: 1 new event');
    expect(h.out).not.toContain('\x1b[');

    const md = waybill(['notes', 'lib', '1.0.0', '--data', 'out']);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(
      /^### Breaking changes\n\n- \*\*io:\*\* stricter parsing \([0-9a-f]{7}\)\n\n  quotes are required now \(ask \[email hidden\]\)\.\n\n### Features\n\n- csv export \([0-9a-f]{7}\)\n$/,
    );
    const json = JSON.parse(waybill(['notes', 'lib', '1.0.0', '--data', 'out', '--format', 'json']).out);
    expect(json).toMatchObject({ project: 'lib', version: '1.0.0', tag: 'v1.0.0', source: 'commits' });

    const missing = waybill(['notes', 'lib', '9.9.9', '--data', 'out']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no release lib 9\.9\.9/);
  });

  it('builds a portal without SBOMs, freezes or deployments with no warning about empty collections', () => {
    // The data folder the test above harvested: one project, no SBOMs, nothing unreleased.
    const r = waybill(['build', '--no-harvest', '--data', 'out', '--out', 'site'], {
      ASTRO_TELEMETRY_DISABLED: '1',
      SOURCE_DATE_EPOCH: '1767225600',
    });
    expect(r.code, r.err).toBe(0);
    expect(`${r.out}\n${r.err}`).not.toMatch(/does not exist or is empty/);
    expect(readFileSync(join(dir, 'site/projects/lib/1.0.0/index.html'), 'utf8')).toContain(
      'stricter parsing',
    );
  }, 180_000);
});
