// Bad input as a user writes it, through the command line: each mistake stops `waybill harvest`
// with exit 1 and a message that names the file and the field and says the fix (never an internal
// error with a stack), and it is found before anything is written: the data folder stays as it
// was (absent on a first run, byte for byte the same on a later one).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo } from '../../src/demo/git-builder.ts';
import { files } from '../helpers/site.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'waybill-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = {
  timezone: 'Europe/Berlin',
  logo: 'brand/logo.svg',
  projects: [{ id: 'lib', name: 'Lib', repo: './lib' }],
  environments: [{ id: 'production', tier: 'production' }],
  deployments: [{ format: 'waybill', path: 'deploys.jsonl' }],
  freezes: [
    { name: 'Year end', start: '2026-12-19T18:00', end: '2027-01-04T08:00', environments: ['production'] },
    { name: 'Weekends', cron: { start: '0 18 * * 5', end: '0 8 * * 1' } },
  ],
};

let n = 0;
/** `waybill harvest` with `config` (written to its own file) into `data` (default: a fresh folder). */
function harvest(config: object, opts: { data?: string; env?: Record<string, string> } = {}) {
  const name = `c${++n}.json`;
  writeFileSync(join(dir, name), JSON.stringify(config, null, 2));
  const data = opts.data ?? join(dir, `data-${n}`);
  const r = spawnSync(process.execPath, [cli, 'harvest', '--config', name, '--data', data], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1795000000', ...opts.env },
  });
  return { code: r.status, err: r.stderr, all: r.stdout + r.stderr, data, file: join(dir, name) };
}

/** Refused with exit 1, as bad input (not a bug), and nothing written. */
function refused(r: ReturnType<typeof harvest>) {
  expect(r.code, r.all).toBe(1);
  expect(r.all).not.toMatch(/internal error|This is a bug|at .*\.ts:\d+/);
  expect(existsSync(r.data), 'the data folder was written').toBe(false);
  return r.err;
}

beforeAll(async () => {
  await buildRepo(join(dir, 'lib'), [
    { commit: 'feat: first', files: { a: '1\n' }, date: '2026-03-02T10:00:00+01:00' },
    { tag: 'v1.0.0' },
    { commit: 'fix: second', files: { a: '2\n' }, date: '2026-04-02T10:00:00+02:00' },
    { tag: 'v1.1.0' },
  ]);
  mkdirSync(join(dir, 'brand'));
  writeFileSync(join(dir, 'brand', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(
    join(dir, 'deploys.jsonl'),
    `${JSON.stringify({ at: '2026-04-03T10:00:00Z', project: 'lib', version: '1.1.0', environment: 'production', status: 'success', id: 'd1', actor: 'ann', approvers: ['bo'] })}\n`,
  );
});

describe('the config', () => {
  it('is fine as it stands (the cases below each change one thing)', () => {
    const r = harvest(good);
    expect(r.code, r.all).toBe(0);
  });

  it('a freeze on 30 February', () => {
    const r = harvest({
      ...good,
      freezes: [{ name: 'Leap', start: '2026-02-30T18:00', end: '2026-03-02T08:00' }],
    });
    const err = refused(r);
    expect(err).toContain(
      `${r.file}: freezes[0].start: freeze "Leap": "2026-02-30T18:00" is not a date and time of the calendar`,
    );
    expect(err).toContain('fix: give a local date and time that exists');
  });

  it('a freeze on an environment the config does not list (it used to be silently ignored)', () => {
    const r = harvest({
      ...good,
      freezes: [
        { name: 'Year end', start: '2026-12-19T18:00', end: '2027-01-04T08:00', environments: ['prod'] },
      ],
    });
    const err = refused(r);
    expect(err).toContain(
      `${r.file}: freezes[0].environments[0]: freeze "Year end" names the environment "prod"`,
    );
    expect(err).toContain('fix: use one of "production"');
  });

  it('a freeze starting in the spring-forward gap: that wall-clock time does not exist that day', () => {
    const r = harvest({
      ...good,
      freezes: [{ name: 'Night', start: '2026-03-29T02:30', end: '2026-03-29T06:00' }],
    });
    const err = refused(r);
    expect(err).toContain(
      `${r.file}: freezes[0].start: freeze "Night": 2026-03-29T02:30 does not exist in Europe/Berlin`,
    );
    expect(err).toContain('the clocks go forward from 02:00 to 03:00');
    expect(err).toContain('fix: use 03:00');
  });

  it('a freeze that ends before it starts', () => {
    const r = harvest({
      ...good,
      freezes: [{ name: 'Back', start: '2026-12-19T18:00', end: '2026-12-18T08:00' }],
    });
    expect(refused(r)).toContain(
      `${r.file}: freezes[0].end: freeze "Back": it ends (2026-12-18T08:00) before it starts`,
    );
  });

  it('a cron that is not a weekly time', () => {
    const r = harvest({
      ...good,
      freezes: [{ name: 'Nightly', cron: { start: '0 22 * * *', end: '0 6 * * *' } }],
    });
    const err = refused(r);
    expect(err).toContain(
      `${r.file}: freezes[0].cron.start: freeze "Nightly": the cron "0 22 * * *" is not a weekly time`,
    );
    expect(err).toContain(`${r.file}: freezes[0].cron.end:`);
    expect(err).toContain('fix: write "minute hour * * weekday"');
  });

  it('an http:// logo is refused as such, not read as a file path', () => {
    const r = harvest({ ...good, logo: 'http://cdn.example/logo.svg' });
    const err = refused(r);
    expect(err).toContain(`${r.file}: logo: "http://cdn.example/logo.svg" is an http:// URL`);
    expect(err).toContain('"https://cdn.example/logo.svg"');
  });

  it('a logo file that does not exist, and one that is not an image', () => {
    expect(refused(harvest({ ...good, logo: 'brand/missing.svg' }))).toContain(
      'logo: the logo file "brand/missing.svg" does not exist',
    );
    expect(refused(harvest({ ...good, logo: 'deploys.jsonl' }))).toContain(
      'logo: "deploys.jsonl" is not an image file',
    );
  });

  it('a deployment source naming an environment the config does not define', () => {
    const err = refused(
      harvest({ ...good, deployments: [{ format: 'argocd', path: 'deploys.jsonl', environment: 'prod' }] }),
    );
    expect(err).toContain(
      'deployments[0].environment: the deployment source "deploys.jsonl" names the environment "prod", which "environments" does not define',
    );
    expect(err).toContain(
      'fix: use one of "production", or add { "id": "prod", "tier": "…" } to "environments"',
    );
  });

  it('a deployment source naming a project the config does not define is a setting that matches nothing', () => {
    // Under "strict" (the default) it stops the harvest like the other settings that match nothing.
    const err = refused(
      harvest({ ...good, deployments: [{ format: 'argocd', path: 'deploys.jsonl', project: 'libb' }] }),
    );
    expect(err).toContain('deployments[0].project: "libb" is not a project of this config');
    expect(err).toContain('fix: use one of: lib');
  });

  it('several mistakes at once are all listed', () => {
    const err = refused(
      harvest({
        ...good,
        logo: 'http://cdn.example/logo.svg',
        freezes: [{ name: 'Leap', start: '2026-02-30T18:00', end: '2026-03-02T08:00', environments: ['qa'] }],
        groups: [{ id: 'g', name: 'G', date: '2026-06-01', members: { app: '1.0.0' } }],
      }),
    );
    expect(err).toMatch(/^error: 4 problems:/m);
  });
});

describe('the environment', () => {
  it('a SOURCE_DATE_EPOCH past the year 9999 (milliseconds, or nanoseconds)', () => {
    const err = refused(harvest(good, { env: { SOURCE_DATE_EPOCH: '1795000000000000' } }));
    expect(err).toContain('SOURCE_DATE_EPOCH is 1795000000000000, which is after the year 9999');
    expect(err).toContain('fix: set it to whole seconds since 1970-01-01 UTC');
  });
});

describe('the data folder', () => {
  /** A harvested folder, then `edit` applied to it: the next harvest refuses and changes nothing. */
  function garbled(edit: (data: string) => void) {
    const first = harvest(good);
    expect(first.code, first.all).toBe(0);
    edit(first.data);
    const before = files(first.data);
    const r = harvest(good, { data: first.data });
    expect(r.code, r.all).toBe(1);
    expect(r.all).not.toMatch(/internal error|This is a bug/);
    expect(files(first.data), 'the harvest wrote into the data folder').toEqual(before);
    return { err: r.err, data: first.data };
  }

  it('a projects/ record cut short names the file, line and column', () => {
    const { err, data } = garbled((d) => {
      const f = join(d, 'projects', 'lib.json');
      writeFileSync(f, readFileSync(f, 'utf8').slice(0, 40));
    });
    expect(err).toContain(`${join(data, 'projects', 'lib.json')}:`);
    expect(err).toMatch(/projects\/lib\.json:\d+:\d+: is not valid JSON/);
    expect(err).toContain('fix: restore the file from the last good copy of the data folder');
  });

  it('a next/ record that is not an advance notice names the file and the fields', () => {
    const { err, data } = garbled((d) =>
      writeFileSync(join(d, 'next', 'lib.json'), '{"project": "lib", "commitCount": "three"}\n'),
    );
    expect(err).toContain(
      `${join(data, 'next', 'lib.json')}: is not an advance notice record as waybill writes it`,
    );
    expect(err).toContain('commitCount: expected a number, found string "three"');
  });
});
