// The site stage of `waybill build` on synthetic portals (scripts/bench/portal.ts): the Astro
// build (src/site/build.ts renderSite: Astro and the feeds, in a process of their own) and
// pagefind's index, timed apart, with the peak memory of the whole build process tree in each
// (scripts/bench/build-child.ts).
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, runChild } from './measure.ts';
import { writePortal } from './portal.ts';

export interface BuildResult {
  releases: number;
  projects: number;
  changes: number;
  dataBytes: number;
  htmlPages: number;
  files: number;
  astro: number;
  pagefind: number;
  peakRss: number;
  astroRss: number;
}

const CHILD = fileURLToPath(new URL('./build-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ChildOut {
  astro: number;
  pagefind: number;
  htmlPages: number;
  files: number;
  indexed: number;
  searchable: number;
  astroRss: number;
}

export async function buildScenario(
  releases: number,
  work: string,
  runs: number,
  log: (line: string) => void,
): Promise<BuildResult> {
  const data = join(work, `portal-${releases}`);
  const t0 = Date.now();
  const portal = writePortal(data, { releases });
  log(
    `build ${releases}: wrote ${portal.projects} projects, ${portal.changes.toLocaleString('en')} changes (${(portal.bytes / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  // Inside the package root (bench-out/ is git-ignored), beside the other bench output.
  const out = join(ROOT, 'bench-out', `${basename(work)}-site-${releases}`);
  const cache = join(work, `astro-cache-${releases}`);
  const results: ChildOut[] = [];
  let peakRss = 0;
  let astroRss = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const r = await runChild<ChildOut>(CHILD, [data, out, cache]);
      if (r.result.indexed !== r.result.searchable || r.result.searchable < releases)
        throw new Error(
          `build ${releases}: the search index holds ${r.result.indexed} pages, ${r.result.searchable} are searchable`,
        );
      results.push(r.result);
      peakRss = Math.max(peakRss, r.peakRss);
      astroRss = Math.max(astroRss, r.result.astroRss);
      log(
        `build ${releases}: run ${i + 1}: astro ${r.result.astro.toFixed(1)} s, pagefind ${r.result.pagefind.toFixed(1)} s, ${r.result.htmlPages} pages, peak ${(r.peakRss / 2 ** 20).toFixed(0)} MiB`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
  // Every release has its page: at least one HTML page per release.
  if (results[0].htmlPages < releases)
    throw new Error(`build ${releases}: only ${results[0].htmlPages} HTML pages`);
  return {
    releases,
    projects: portal.projects,
    changes: portal.changes,
    dataBytes: portal.bytes,
    htmlPages: results[0].htmlPages,
    files: results[0].files,
    astro: median(results.map((r) => r.astro)),
    pagefind: median(results.map((r) => r.pagefind)),
    peakRss,
    astroRss,
  };
}
