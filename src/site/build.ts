// The site stage of `waybill build`: Astro renders the data folder into static pages, then
// pagefind indexes them. The Astro build never touches git: it reads only the data folder.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Reporter } from '../cli/reporter.ts';

export interface SiteBuildOptions {
  root: string;
  dataDir: string;
  outDir: string;
  audience: 'public' | 'internal';
  site: string | undefined;
  reporter: Reporter;
}

export async function buildSite(opts: SiteBuildOptions): Promise<void> {
  // content.config.ts and the pages read these; the environment is how Astro's own module graph
  // gets them (see src/lib/env.ts). Absolute, because Astro runs from a folder of its own (below).
  process.env.WAYBILL_DATA = resolve(opts.root, opts.dataDir);
  process.env.WAYBILL_AUDIENCE = opts.audience;
  opts.reporter.step(`building the site (${opts.audience} audience) into ${opts.outDir}`);
  rmSync(opts.outDir, { recursive: true, force: true });
  const { build } = await import('astro');
  const { work, cacheDir } = buildFolders(opts.root, opts.outDir);
  // Astro writes its prerender chunks under the working directory when outDir is outside it
  // (core/build/common.js getOutDirWithinCwd: `<cwd>/.astro/.prerender`, deleted when the build
  // ends), and those chunks must resolve the site's packages from node_modules. So Astro runs from
  // a folder of this build under the package root: two builds at once (a test run, CI jobs on one
  // checkout) never delete each other's chunks. Its content cache (the data store the pages are
  // bundled from) is its output folder's own for the same reason, and kept for the next build
  // into that folder.
  const cwd = process.cwd();
  process.chdir(work);
  try {
    await build({ root: opts.root, outDir: opts.outDir, cacheDir, site: opts.site, logLevel: process.env.WAYBILL_VERBOSE ? 'info' : 'warn' });
  } finally {
    process.chdir(cwd);
    rmSync(work, { recursive: true, force: true });
  }
  // The logo harvest copied into the data folder (site.json `logo`), served at /assets/.
  const assets = join(opts.dataDir, 'assets');
  if (existsSync(assets)) cpSync(assets, join(opts.outDir, 'assets'), { recursive: true });
  opts.reporter.step('indexing for search');
  const pagefind = await import('pagefind');
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: opts.outDir });
  if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: join(opts.outDir, 'pagefind') });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await pagefind.close();
  opts.reporter.done();
}

/** Where the Astro builds of this package keep their working folders and content caches (git-ignored). */
const BUILDS_DIR = '.astro/waybill-builds';
const STALE_MS = 24 * 3600 * 1000;

/**
 * A fresh working folder for one build, and the content cache of its output folder:
 * `.astro/waybill-builds/run-XXXXXX/` and `.astro/waybill-builds/cache-<hash of outDir>/`. A
 * cache whose output folder is gone (a test's temporary folder) and that no build used for a day
 * is removed, so they do not pile up (a build that just started has no output folder yet).
 */
export function buildFolders(root: string, outDir: string): { work: string; cacheDir: string } {
  const base = join(root, BUILDS_DIR);
  mkdirSync(base, { recursive: true });
  const out = resolve(outDir);
  const cacheDir = join(base, `cache-${createHash('sha256').update(out).digest('hex').slice(0, 16)}`);
  for (const name of readdirSync(base)) {
    if (!name.startsWith('cache-') || join(base, name) === cacheDir) continue;
    try {
      const marker = join(base, name, 'out-dir.txt');
      if (Date.now() - statSync(marker).mtimeMs > STALE_MS && !existsSync(readFileSync(marker, 'utf8'))) rmSync(join(base, name), { recursive: true, force: true });
    } catch {
      // being written by a build that just started, or not ours: leave it
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'out-dir.txt'), out);
  return { work: mkdtempSync(join(base, 'run-')), cacheDir };
}

export async function previewSite(opts: { root: string; outDir: string; port: number }): Promise<void> {
  const { preview } = await import('astro');
  const server = await preview({ root: opts.root, outDir: opts.outDir, server: { port: opts.port, host: '127.0.0.1' } });
  await server.closed();
}
