// A large portal's search index is built in batches (src/site/build.ts): pagefind holds an index in
// memory while it builds it, about 200 KB a release page, so 50,000 pages at once need ~12 GB.
// The batches together must index exactly the pages one index would, and the search page finds
// the other bundles through pagefind/merge.json (the browser tests run the demo's search both ways).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLE = join(ROOT, 'test/fixtures/sample-data');
const CLI = join(ROOT, 'scripts/waybill.ts');
let tmp: string;

function build(name: string, batch?: number): string {
  const out = join(tmp, name);
  const r = spawnSync(process.execPath, [CLI, 'build', '--no-harvest', '--data', SAMPLE, '--out', out], {
    cwd: tmp,
    encoding: 'utf8',
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      CI: 'true',
      TZ: 'UTC',
      SOURCE_DATE_EPOCH: '1795000000',
      ...(batch ? { WAYBILL_SEARCH_BATCH: String(batch) } : {}),
    },
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}
const pageCount = (bundle: string) =>
  (
    JSON.parse(readFileSync(join(bundle, 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    }
  ).languages.en!.page_count;

/** The URL of every page the bundles index (fragments are gzip files: `pagefind_dcd` then JSON). */
function urls(site: string, bundles: string[]): string[] {
  return bundles
    .flatMap((b) => {
      const dir = join(site, b, 'fragment');
      return readdirSync(dir).map(
        (f) =>
          (
            JSON.parse(
              gunzipSync(readFileSync(join(dir, f)))
                .toString('utf8')
                .replace(/^pagefind_dcd/, ''),
            ) as { url: string }
          ).url,
      );
    })
    .sort();
}

let whole: string;
let batched: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'waybill-search-batches-'));
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
  whole = build('whole');
  batched = build('batched', 4);
}, 240_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the search index', () => {
  it('is one bundle for a portal of fewer pages than a batch, with nothing to merge', () => {
    expect(JSON.parse(readFileSync(join(whole, 'pagefind/merge.json'), 'utf8'))).toEqual([]);
    expect(existsSync(join(whole, 'pagefind-2'))).toBe(false);
  });

  it('in batches, indexes the same pages, each bundle of at most a batch, all listed for the search page', () => {
    const others = JSON.parse(readFileSync(join(batched, 'pagefind/merge.json'), 'utf8')) as string[];
    const total = pageCount(join(whole, 'pagefind'));
    expect(others).toEqual(Array.from({ length: Math.ceil(total / 4) - 1 }, (_, i) => `pagefind-${i + 2}/`));
    const counts = [join(batched, 'pagefind'), ...others.map((o) => join(batched, o))].map(pageCount);
    for (const c of counts) expect(c).toBeLessThanOrEqual(4);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    // Each page under the URL pagefind gives it when it reads the folder itself.
    expect(urls(batched, ['pagefind', ...others])).toEqual(urls(whole, ['pagefind']));
    expect(urls(whole, ['pagefind'])).toContain('/projects/api/1.0.0/');
  });
});
