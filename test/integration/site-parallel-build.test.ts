// Two `waybill build`s from the same checkout at the same time (two CI jobs, a test run beside a
// build): Astro writes its prerender chunks under its working directory and deletes them when it
// is done, so builds that shared one such folder deleted each other's chunks mid-build
// (ERR_MODULE_NOT_FOUND). Each build now runs from a folder of its own (src/site/build.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../helpers/data-folder.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLE = join(ROOT, 'test/fixtures/sample-data');
const CLI = join(ROOT, 'scripts/waybill.ts');

let tmp: string;

/** `waybill build --no-harvest` of the sample data folder into `<tmp>/<name>`; resolves with its exit code and output. */
function build(
  name: string,
  audience: 'public' | 'internal',
): Promise<{ code: number | null; output: string; out: string }> {
  const out = join(tmp, name);
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [CLI, 'build', '--no-harvest', '--data', SAMPLE, '--out', out, '--audience', audience],
      {
        cwd: tmp,
        env: {
          ...process.env,
          ASTRO_TELEMETRY_DISABLED: '1',
          CI: 'true',
          TZ: 'UTC',
          SOURCE_DATE_EPOCH: '1795000000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output, out }));
  });
}

/** The pages, JSON files and feeds of a built site, path → text. */
function pages(dir: string): Map<string, string> {
  return new Map(
    [...readTree(dir)]
      .filter(([rel]) => /\.(html|json|xml)$/.test(rel))
      .map(([rel, bytes]) => [rel, bytes.toString('utf8')]),
  );
}

let results: Awaited<ReturnType<typeof build>>[];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'waybill-parallel-build-'));
  // A config of its own: without one the CLI writes the bundled demo's repositories first, which
  // is not what this test is about. `--no-harvest` reads only the data folder.
  writeFileSync(
    join(tmp, 'waybill.config.json'),
    JSON.stringify({
      title: 'Sample releases',
      projects: [
        { id: 'api', name: 'API', repo: '.' },
        { id: 'web', name: 'Web', repo: '.' },
      ],
    }),
  );
  // Four at once, two per audience: each finishes while others are still rendering.
  results = await Promise.all([
    build('a', 'public'),
    build('b', 'public'),
    build('c', 'internal'),
    build('d', 'internal'),
  ]);
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parallel builds from one checkout', () => {
  it('all succeed', () => {
    for (const r of results) expect(r.output).not.toMatch(/ERR_MODULE_NOT_FOUND/);
    for (const r of results) expect(r.code, r.output).toBe(0);
    for (const r of results) expect(existsSync(join(r.out, 'index.html'))).toBe(true);
  });

  it('give the same pages as each other, audience by audience', () => {
    expect(pages(results[1]!.out)).toEqual(pages(results[0]!.out));
    expect(pages(results[3]!.out)).toEqual(pages(results[2]!.out));
    // The internal portal is not the public one: each build read its own audience.
    expect(pages(results[2]!.out).has('environments/index.html')).toBe(true);
    expect(pages(results[0]!.out).has('environments/index.html')).toBe(false);
  });
});
