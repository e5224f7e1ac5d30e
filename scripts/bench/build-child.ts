// One site build, in its own process so its peak memory is its own (scripts/bench/build.ts runs
// it). The same steps as src/site/build.ts `buildSite` (what `waybill build` runs after the
// harvest): `renderSite` (Astro and the feeds, in a child process of this one), the data folder's
// assets copied, then the search index (`indexForSearch`). Two differences, both for the
// measurement: Astro's cacheDir is a folder of this run (so every build starts without a content
// cache, as in CI, and never reads or overwrites the cache of another build in this tree), and the
// two stages are timed apart, the first with the peak memory of its process tree.
//
//   node scripts/bench/build-child.ts <data dir> <out dir> <cache dir>
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportResult, treeRss } from './measure.ts';
import { indexForSearch, renderSite } from '../../src/site/build.ts';

const [dataDir, outDir, cacheDir] = process.argv.slice(2).map((p) => resolve(p));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

rmSync(cacheDir, { recursive: true, force: true });
const t0 = process.hrtime.bigint();
const astroRss = await treePeak(() =>
  renderSite({
    root,
    cwd: dirname(outDir),
    dataDir,
    outDir,
    audience: 'public',
    site: 'https://releases.bench.example',
    cacheDir,
  }),
);
const assets = join(dataDir, 'assets');
if (existsSync(assets)) cpSync(assets, join(outDir, 'assets'), { recursive: true });
const t1 = process.hrtime.bigint();

// The search index exactly as `waybill build` makes it (in batches above 2,500 pages).
const indexed = await indexForSearch(outDir);
const t2 = process.hrtime.bigint();

/**
 * The peak summed RSS of this process and its descendants (Astro's process, esbuild) while `fn`
 * runs, sampled every 50 ms from /proc (0 elsewhere than Linux), as measure.ts samples a whole run.
 */
async function treePeak(fn: () => Promise<void>): Promise<number> {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, treeRss(process.pid)));
  const timer = setInterval(sample, 50);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.resourceUsage().maxRSS * 1024);
}

/** Pages that mark a searchable part: what the search index must hold. */
function countSearchable(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countSearchable(join(dir, e.name));
    else if (
      e.name.endsWith('.html') &&
      readFileSync(join(dir, e.name), 'utf8').includes('data-pagefind-body')
    )
      n++;
  }
  return n;
}

/** index.html files in the output: the pages Astro rendered (JSON and feeds not counted). */
function countPages(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countPages(join(dir, e.name));
    else if (e.name.endsWith('.html')) n++;
  }
  return n;
}
function countFiles(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1;
  return n;
}
reportResult({
  astro: Number(t1 - t0) / 1e9,
  pagefind: Number(t2 - t1) / 1e9,
  htmlPages: countPages(outDir),
  files: countFiles(outDir),
  indexed,
  searchable: countSearchable(outDir),
  astroRss,
});
