// A site build replaces the site that was there only when it succeeded: a build that fails (here
// on a release record that is not JSON) leaves the previous dist/ byte for byte, and no half-built
// folder beside it; the next good build replaces it.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reporter } from '../../src/cli/reporter.ts';
import { buildSite } from '../../src/site/build.ts';
import { SAMPLE_DATA, readTree } from '../helpers/data-folder.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'waybill-site-replace-'));
const data = join(tmp, 'data');
const out = join(tmp, 'dist');
const quiet: Reporter = { step() {}, info() {}, warn() {}, done() {} };
const build = () =>
  buildSite({
    root: ROOT,
    cwd: tmp,
    dataDir: data,
    outDir: out,
    audience: 'public',
    site: undefined,
    reporter: quiet,
  });

let first: Map<string, Buffer>;

/** Beside the site only the data and the caches: no staging folder, no working copy of the site's sources. */
function expectNothingBeside() {
  expect(readdirSync(tmp).sort()).toEqual(['.waybill-cache', 'data', 'dist']);
  expect(readdirSync(join(tmp, '.waybill-cache', 'site')).filter((n) => !n.startsWith('cache-'))).toEqual([]);
}

beforeAll(async () => {
  cpSync(SAMPLE_DATA, data, { recursive: true });
  await build();
  first = readTree(out);
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a site build', () => {
  it('that fails keeps the previous site byte for byte, and leaves nothing beside it', async () => {
    expect(first.get('index.html')?.toString()).toContain('Acme releases');
    const release = join(data, 'releases/api/1.1.0.json');
    const good = readFileSync(release);
    writeFileSync(release, '{ "project": "api", ');
    try {
      await expect(build()).rejects.toThrow(/invalid JSON in .*releases\/api\/1\.1\.0\.json/);
    } finally {
      writeFileSync(release, good);
    }
    const after = readTree(out);
    expect([...after.keys()]).toEqual([...first.keys()]);
    for (const [rel, bytes] of first) expect(after.get(rel)!.equals(bytes), rel).toBe(true);
    expectNothingBeside();
  }, 300_000);

  it('that succeeds replaces the previous site', async () => {
    const site = join(data, 'site.json');
    writeFileSync(site, readFileSync(site, 'utf8').replace('"Acme releases"', '"Acme release notes"'));
    writeFileSync(join(out, 'stale.html'), 'left from an older build');
    await build();
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Acme release notes');
    expect(readdirSync(out)).not.toContain('stale.html');
    expectNothingBeside();
  }, 300_000);
});
