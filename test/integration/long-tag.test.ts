// A tag name of 247 characters (git allows far longer ones): its version becomes part of several
// file names in the data folder (the release record, its SBOM, its evidence, the temporary file
// each is written through), and of its URL. It must map to a bounded slug: no ENAMETOOLONG, no
// half-written data folder, and the same unique URL on every harvest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo } from '../../src/demo/git-builder.ts';
import { MAX_SLUG_LENGTH, toSlug } from '../../src/schemas/layout.ts';
import { files } from '../helpers/site.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'waybill-long-tag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two versions that differ only after the first MAX_SLUG_LENGTH characters.
const long = (last: string) => `1.0.0-${'build.'.repeat(39)}build${last}`;
const A = long('a');
const B = long('b');

const harvest = () =>
  spawnSync(process.execPath, [cli, 'harvest', '--data', 'data'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1795000000' },
  });

beforeAll(async () => {
  await buildRepo(join(dir, 'lib'), [
    { commit: 'feat: first', files: { a: '1\n' } },
    { tag: 'v1.0.0' },
    { commit: 'feat: second', files: { a: '2\n' } },
    { tag: `v${A}`, annotated: { message: 'A long build tag' } },
    { commit: 'feat: third', files: { a: '3\n' } },
    { tag: `v${B}` },
  ]);
  writeFileSync(
    join(dir, 'waybill.config.json'),
    JSON.stringify({
      // No SBOM exists: with strict off that is a warning, and the SBOM paths are still planned.
      strict: false,
      projects: [{ id: 'lib', name: 'Lib', repo: './lib', sboms: 'sboms/{version}.cdx.json' }],
    }),
  );
});

describe('a 247-character tag name', () => {
  it('is what the test says it is', () => {
    expect(`v${A}`).toHaveLength(247);
  });

  it('maps to a bounded slug that keeps the start of the version and stays unique', () => {
    const [a, b] = [toSlug(A), toSlug(B)];
    expect(a).toHaveLength(MAX_SLUG_LENGTH);
    expect(a.startsWith('1.0.0-build.build.')).toBe(true);
    expect(a).toMatch(/-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    // Stable: a function of the version alone; short versions are as before.
    expect(toSlug(A)).toBe(a);
    expect(toSlug('2.0.0+build/7')).toBe('2.0.0_build_7');
  });

  it('is harvested: exit 0, every record under its bounded slug, no temporary file left', () => {
    const r = harvest();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const names = Object.keys(files(join(dir, 'data')));
    expect(names).toContain(`releases/lib/${toSlug(A)}.json`);
    expect(names).toContain(`releases/lib/${toSlug(B)}.json`);
    expect(names).toContain(`evidence/lib/${toSlug(A)}.json`);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(Math.max(...names.flatMap((n) => n.split('/')).map((p) => p.length))).toBeLessThanOrEqual(
      MAX_SLUG_LENGTH + '.original.json'.length,
    );
    const record = JSON.parse(
      readFileSync(join(dir, 'data', 'releases', 'lib', `${toSlug(A)}.json`), 'utf8'),
    );
    expect([record.version, record.tag, record.slug]).toEqual([A, `v${A}`, toSlug(A)]);
  });

  it('keeps its slug on the next harvest, which changes nothing', () => {
    const before = files(join(dir, 'data'));
    const r = harvest();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const after = files(join(dir, 'data'));
    delete before['site.json'];
    delete after['site.json'];
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(readdirSync(join(dir, 'data', 'releases', 'lib')).sort()).toEqual(
      ['1.0.0', toSlug(A), toSlug(B)].map((s) => `${s}.json`).sort(),
    );
  });
});
