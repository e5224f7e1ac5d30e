import { DATA_FORMAT } from '../../src/schemas/layout.ts';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dataFailure, editJson } from '../helpers/data-folder.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors/index.ts';
import { listRecordFiles } from '../../src/lib/model/record-files.ts';
import { readDataFolder, readRelease } from '../../src/lib/model/data-folder.ts';
import { toReleaseSummary } from '../../src/schemas/release.ts';
import { waybillLoader } from '../../src/lib/model/data-loader.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'waybill-loader-'));
  cpSync(SAMPLE, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const edit = (relative: string, change: (json: Record<string, any>) => void) =>
  editJson(dir, relative, change);
const failure = dataFailure;

describe('the sample data folder', () => {
  it('follows the schemas exactly', () => {
    const data = readDataFolder(SAMPLE);
    expect(data.site.projects).toEqual(['api', 'web']);
    expect(data.projects.map((p) => p.id)).toEqual(['api', 'web']);
    expect(data.releases.map((r) => `${r.project}/${r.slug}`)).toEqual([
      'api/1.0.0',
      'api/1.1.0',
      'api/1.1.0-rc.1',
      'api/1.2.0_build.5',
      'web/1.2',
      'web/1.3rc1',
    ]);
    expect(data.next.map((n) => n.project)).toEqual(['api', 'web']);
  });

  it('lists releases with ids <project>/<slug>, keeping slugs as written (no slugifying)', () => {
    expect(listRecordFiles('releases', SAMPLE).map((r) => r.id)).toContain('web/1.3rc1');
    expect(listRecordFiles('releases', SAMPLE).map((r) => r.id)).toContain('api/1.2.0_build.5');
  });
});

describe('a bad data folder fails loudly, naming file, field, expectation and finding', () => {
  it('a malformed release names the file and every bad field as a JSON pointer', () => {
    const file = edit('releases/api/1.1.0.json', (r) => {
      r.changes[2].hash = 'not-a-sha';
      r.prerelease = 'no';
      r.previous = 3;
      delete r.notes.commits;
    });
    const message = failure(() => readDataFolder(dir));
    expect(message).toContain(`invalid data in ${file} (4 problems)`);
    expect(message).toContain(
      'at /changes/2/hash: expected a string matching /^[0-9a-f]{40,64}$/, found the string "not-a-sha"',
    );
    expect(message).toContain('at /prerelease: expected a boolean, found the string "no"');
    expect(message).toContain('at /previous: expected a string or null, found the number 3');
    expect(message).toContain('at /notes/commits: expected a string, found nothing (the field is missing)');
    expect(message).toContain('waybill harvest');
  });

  it('a date without its offset and an unknown time zone are refused by the schemas', () => {
    const release = edit('releases/web/1.2.json', (r) => (r.date = '2025-12-01 12:00'));
    expect(failure(() => readDataFolder(dir))).toContain(`invalid data in ${release}`);
    expect(failure(() => readDataFolder(dir))).toMatch(/at \/date: .*found the string "2025-12-01 12:00"/);
    edit('releases/web/1.2.json', (r) => (r.date = '2025-12-01T12:00:00+01:00'));
    edit('site.json', (s) => (s.timezone = 'Mars/Olympus'));
    expect(failure(() => readDataFolder(dir))).toMatch(
      /at \/timezone: expected an IANA time zone like "Europe\/Berlin" or "UTC", found the string "Mars\/Olympus"/,
    );
  });

  it('an enum and an integer say what they accept', () => {
    edit('releases/api/1.0.0.json', (r) => {
      r.notes.best = 'readme';
      r.commitCount = 1.5;
    });
    const message = failure(() => readDataFolder(dir));
    expect(message).toContain(
      'at /notes/best: expected one of "overlay", "changelog", "tag", "commits", found the string "readme"',
    );
    expect(message).toContain('at /commitCount: expected an integer, found the number 1.5');
  });

  it('invalid JSON names the file and the position', () => {
    writeFileSync(join(dir, 'projects/api.json'), '{\n  "id": "api",\n}\n');
    expect(failure(() => readDataFolder(dir))).toMatch(
      new RegExp(`invalid JSON in ${join(dir, 'projects/api.json')}: .*line 3 column 1`),
    );
  });

  it('a missing data folder says to run the harvest', () => {
    expect(failure(() => readDataFolder(join(dir, 'nope')))).toMatch(
      /no data folder at .*nope\. Run `waybill harvest` first/,
    );
  });

  it('a folder without site.json says to run the harvest', () => {
    rmSync(join(dir, 'site.json'));
    expect(failure(() => readDataFolder(dir))).toMatch(/has no site\.json.*waybill harvest/);
  });

  it('a newer data format is refused as such', () => {
    edit('site.json', (s) => (s.format = DATA_FORMAT + 1));
    expect(failure(() => readDataFolder(dir))).toMatch(
      new RegExp(`data format ${DATA_FORMAT + 1}, but this waybill reads format ${DATA_FORMAT}`),
    );
  });

  it('a file whose content disagrees with its place is refused', () => {
    edit('releases/web/1.3rc1.json', (r) => (r.slug = '1.3rc2'));
    expect(failure(() => readDataFolder(dir))).toMatch(
      /at \/slug: expected "1\.3rc1" \(the slug of version "1\.3rc1"\), found "1\.3rc2"/,
    );
    cpSync(SAMPLE, dir, { recursive: true });
    edit('projects/web.json', (p) => (p.id = 'api'));
    expect(failure(() => readDataFolder(dir))).toMatch(/projects\/web\.json:\n {2}at \/id: expected "web"/);
  });
});

describe('waybillLoader (Astro content loader)', () => {
  /** A stand-in for Astro's LoaderContext: a Map-backed store that honours digests like Astro's. */
  function context(root: string) {
    const entries = new Map<
      string,
      { id: string; data: Record<string, unknown>; digest?: string; filePath?: string }
    >();
    let writes = 0;
    const store = {
      get: (id: string) => entries.get(id),
      set: (entry: { id: string; data: Record<string, unknown>; digest?: string; filePath?: string }) => {
        if (entry.digest && entries.get(entry.id)?.digest === entry.digest) return false;
        writes++;
        entries.set(entry.id, entry);
        return true;
      },
      keys: () => [...entries.keys()],
      delete: (id: string) => entries.delete(id),
    };
    const ctx = {
      collection: 'releases',
      store,
      meta: new Map(),
      logger: { info() {}, warn() {}, error() {}, debug() {} },
      config: { root: pathToFileURL(root + '/') },
      parseData: async () => {
        throw new Error('the loader validates with the schema itself');
      },
      generateDigest: (data: string) => String(data.length) + ':' + data.slice(-64),
    };
    return { ctx: ctx as never, entries, writes: () => writes };
  }

  it('loads every release with its id and a root-relative filePath', async () => {
    const { ctx, entries } = context(dir);
    await waybillLoader('releases', { dataDir: dir }).load(ctx);
    expect([...entries.keys()]).toContain('api/1.2.0_build.5');
    expect(entries.get('web/1.3rc1')!.filePath).toBe('releases/web/1.3rc1.json');
    expect((entries.get('web/1.3rc1')!.data as { version: string }).version).toBe('1.3rc1');
  });

  it('keeps a summary of each release (no changes, notes, contributors or reverted pairs), yet validates the whole file', async () => {
    const { ctx, entries } = context(dir);
    await waybillLoader('releases', { dataDir: dir }).load(ctx);
    const full = readDataFolder(dir).releases.find((r) => r.slug === '1.1.0')!;
    expect(entries.get('api/1.1.0')!.data).toEqual(toReleaseSummary(full));
    expect(Object.keys(entries.get('api/1.1.0')!.data)).not.toContain('changes');
    expect(Object.keys(entries.get('api/1.1.0')!.data)).not.toContain('notes');
    edit('releases/api/1.1.0.json', (r) => (r.changes[0].hash = 'not a hash'));
    await expect(waybillLoader('releases', { dataDir: dir }).load(context(dir).ctx)).rejects.toThrow(
      /releases\/api\/1\.1\.0\.json[^]*\/changes\/0\/hash/,
    );
  });

  it('skips unchanged files on the next load, re-reads changed ones and forgets deleted ones', async () => {
    const { ctx, entries, writes } = context(dir);
    const loader = waybillLoader('releases', { dataDir: dir });
    await loader.load(ctx);
    expect(writes()).toBe(6);
    await loader.load(ctx);
    expect(writes()).toBe(6);
    edit('releases/api/1.0.0.json', (r) => (r.tag = 'release-1.0.0'));
    rmSync(join(dir, 'releases/web/1.2.json'));
    await loader.load(ctx);
    expect(writes()).toBe(7);
    expect((entries.get('api/1.0.0')!.data as { tag: string }).tag).toBe('release-1.0.0');
    expect(entries.has('web/1.2')).toBe(false);
  });

  it('throws (never logs and returns empty) on a bad file', async () => {
    const { ctx } = context(dir);
    edit('next/api.json', (n) => (n.bump = 'huge'));
    await expect(waybillLoader('next', { dataDir: dir }).load(ctx)).rejects.toThrow(
      /next\/api\.json.*\n {2}at \/bump: expected one of "major", "minor", "patch" or null, found the string "huge"/,
    );
  });

  it('reads WAYBILL_DATA when no folder is given', async () => {
    const { ctx, entries } = context('/nonexistent-root');
    const before = process.env.WAYBILL_DATA;
    process.env.WAYBILL_DATA = dir;
    try {
      await waybillLoader('site').load(ctx);
    } finally {
      if (before === undefined) delete process.env.WAYBILL_DATA;
      else process.env.WAYBILL_DATA = before;
    }
    expect([...entries.keys()]).toEqual(['site']);
  });
});

describe('a release read when a page renders it', () => {
  it('is the whole record, as the folder has it', () => {
    const full = readDataFolder(dir).releases.find((r) => r.slug === '1.3rc1')!;
    expect(readRelease(dir, 'web', '1.3rc1')).toEqual(full);
  });

  it('fails with a DataError naming the file when it is missing, broken or invalid', () => {
    const file = join(dir, 'releases/api/1.0.0.json');
    rmSync(file);
    expect(() => readRelease(dir, 'api', '1.0.0')).toThrow(DataError);
    expect(() => readRelease(dir, 'api', '1.0.0')).toThrow(file);
    writeFileSync(file, '{ "project": ');
    expect(() => readRelease(dir, 'api', '1.0.0')).toThrow(
      new RegExp(`invalid JSON in ${file.replace(/[.]/g, '\\.')}`),
    );
    cpSync(join(SAMPLE, 'releases/api/1.0.0.json'), file);
    edit('releases/api/1.0.0.json', (r) => (r.contributors = 'nobody'));
    expect(() => readRelease(dir, 'api', '1.0.0')).toThrow(
      /releases\/api\/1\.0\.0\.json[^]*at \/contributors/,
    );
    // A file that moved to another release's place is refused, as the loader refuses it.
    cpSync(join(SAMPLE, 'releases/api/1.1.0.json'), file);
    expect(() => readRelease(dir, 'api', '1.0.0')).toThrow(/releases\/api\/1\.0\.0\.json[^]*at \/slug/);
  });

  it('is what the portal gives for a summary, read once for the page that asks again', () => {
    const data = readDataFolder(dir);
    const reads: string[] = [];
    const portal = buildPortal({
      ...data,
      releases: data.releases.map(toReleaseSummary),
      audience: 'public',
      base: '/',
      dataDir: dir,
      readRelease: (project, slug) => (reads.push(`${project}/${slug}`), readRelease(dir, project, slug)),
    });
    const summary = portal.project('api')!.release('1.1.0')!;
    expect(summary).not.toHaveProperty('changes');
    const record = portal.record(summary);
    expect(record).toEqual(data.releases.find((r) => r.project === 'api' && r.slug === '1.1.0'));
    expect(portal.record(summary)).toBe(record);
    expect(reads).toEqual(['api/1.1.0']);
  });
});
