// How the harvest fails in CI when the job is set up wrong: a shallow checkout (the default of
// actions/checkout and of GitLab's GIT_DEPTH), and a repository the runner cannot reach. Each must
// stop the run with exit 1 (bad input, not a crash), name the project, say what is wrong and what
// to do, write nothing into the data folder, and never print a token from the clone URL.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo } from '../../src/demo/git-builder.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'waybill-ci-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `waybill harvest` of one project as CI runs it (CI=true: plain lines), into its own data folder. */
function harvest(name: string, project: { id: string; repo: string }) {
  writeFileSync(
    join(dir, `${name}.json`),
    JSON.stringify({ projects: [{ name: project.id.toUpperCase(), ...project }] }),
  );
  const data = join(dir, `${name}-data`);
  const r = spawnSync(process.execPath, [cli, 'harvest', '--config', `${name}.json`, '--data', data], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1767225600' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr, data };
}

/** Nothing a later step could build or publish: no release records in the data folder. */
const releasesWritten = (data: string) =>
  existsSync(join(data, 'releases'))
    ? readdirSync(join(data, 'releases'), { recursive: true }).filter((f) => String(f).endsWith('.json'))
    : [];

beforeAll(async () => {
  await buildRepo(join(dir, 'origin'), [
    { commit: 'feat: first', files: { a: '1\n' } },
    { tag: 'v1.0.0' },
    { commit: 'fix: second', files: { a: '2\n' } },
    { tag: 'v1.1.0' },
    { commit: 'feat: third', files: { a: '3\n' } },
    { tag: 'v1.2.0' },
  ]);
});

describe('a shallow clone', () => {
  it('fails with exit 1, says it is shallow and how to fetch the whole history, and writes no release', () => {
    // What actions/checkout does by default (fetch-depth: 1).
    const clone = spawnSync(
      'git',
      [
        'clone',
        '--quiet',
        '--depth',
        '1',
        '--no-single-branch',
        `file://${join(dir, 'origin')}`,
        join(dir, 'shallow'),
      ],
      { encoding: 'utf8' },
    );
    expect(clone.status, clone.stderr).toBe(0);
    expect(
      spawnSync('git', ['rev-parse', '--is-shallow-repository'], {
        cwd: join(dir, 'shallow'),
        encoding: 'utf8',
      }).stdout.trim(),
    ).toBe('true');

    const r = harvest('shallow', { id: 'lib', repo: './shallow' });
    expect(r.code).toBe(1);
    expect(r.all).not.toMatch(/internal error|This is a bug/);
    expect(r.err).toContain('project "lib" (projects[0].repo)');
    expect(r.err).toMatch(/shallow clone/);
    // Both fixes: the local one, and the CI setting that prevents it.
    expect(r.err).toContain('git fetch --unshallow --tags');
    expect(r.err).toContain('fetch-depth: 0');
    expect(r.err).toContain('GIT_DEPTH: 0');
    expect(releasesWritten(r.data)).toEqual([]);
  });

  it('harvests once the history is fetched as the message says', () => {
    const shallow = join(dir, 'unshallowed');
    cpSync(join(dir, 'shallow'), shallow, { recursive: true });
    const fetch = spawnSync('git', ['fetch', '--quiet', '--unshallow', '--tags'], {
      cwd: shallow,
      encoding: 'utf8',
    });
    expect(fetch.status, fetch.stderr).toBe(0);
    const r = harvest('unshallowed', { id: 'lib', repo: './unshallowed' });
    expect(r.code, r.all).toBe(0);
    expect(r.out).toContain('lib: 3 releases');
  });
});

describe('a repository the runner cannot reach', () => {
  it.each([
    [
      'a file:// URL that does not exist',
      'file:///nonexistent/repo.git',
      /does not appear to be a git repository/,
    ],
    [
      'an https URL nothing listens on',
      'https://127.0.0.1:9/x.git',
      /Failed to connect|Couldn't connect|Connection refused/,
    ],
  ])(
    '%s: exit 1, names the project and the URL, says what to check, writes no release',
    (_, url, gitSays) => {
      const r = harvest(`unreachable-${url.length}`, { id: 'gone', repo: url });
      expect(r.code).toBe(1);
      expect(r.all).not.toMatch(/internal error|This is a bug/);
      expect(r.err).toContain('project "gone" (projects[0].repo)');
      expect(r.err).toContain(`could not clone ${url}`);
      // git's own reason, so the log says which of URL, network or credentials it is.
      expect(r.err).toMatch(gitSays);
      expect(r.err).toMatch(/fix: check the URL and that this machine can reach it \(credentials, network\)/);
      expect(releasesWritten(r.data)).toEqual([]);
    },
  );

  it('never prints the token of a clone URL with credentials (CI logs are widely readable)', () => {
    const r = harvest('token', { id: 'private', repo: 'https://ci-bot:s3cr3t-t0ken@127.0.0.1:9/x.git' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('project "private"');
    expect(r.err).toContain('could not clone https://127.0.0.1:9/x.git');
    expect(r.all).not.toContain('s3cr3t-t0ken');
    expect(r.all).not.toContain('ci-bot');
  });

  it('a mirror restored from the CI cache whose remote has gone: exit 1, "could not fetch", naming the project', () => {
    // First run clones into the mirror cache; then the remote disappears (renamed, access revoked).
    const remote = join(dir, 'moving');
    cpSync(join(dir, 'origin'), remote, { recursive: true });
    const first = harvest('moving', { id: 'moved', repo: `file://${remote}` });
    expect(first.all).toMatch(/moved: cloning file:\/\//);
    rmSync(remote, { recursive: true, force: true });
    const r = harvest('moving', { id: 'moved', repo: `file://${remote}` });
    expect(r.code).toBe(1);
    expect(r.all).not.toMatch(/internal error|This is a bug/);
    expect(r.err).toContain('project "moved" (projects[0].repo)');
    expect(r.err).toContain(`could not fetch file://${remote}`);
    expect(r.err).toContain('fix: check the URL');
  });
});
