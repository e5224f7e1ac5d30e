// The site stage of `waybill build`: Astro renders the data folder into static pages, then
// pagefind indexes them. The Astro build never touches git: it reads only the data folder.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
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
  await indexForSearch(opts.outDir, Number(process.env.WAYBILL_SEARCH_BATCH) || SEARCH_BATCH);
  opts.reporter.done();
}

/**
 * Pages per pagefind index. pagefind holds an index in memory while it builds it, about 200 KB
 * per release page, so a portal of 50,000 releases indexed at once needs about 12 GB. Above this
 * many pages the index is built in batches, each written as its own bundle
 * (`pagefind/`, `pagefind-2/`, …) and freed before the next; the search page merges them
 * (pagefind's `mergeIndex`), listed in `pagefind/merge.json`.
 */
const SEARCH_BATCH = 2500;

export async function indexForSearch(outDir: string, batch: number = SEARCH_BATCH): Promise<number> {
  const pagefind = await import('pagefind');
  const check = (what: string, r: { errors: string[] }) => {
    if (r.errors.length) throw new Error(`pagefind ${what}: ${r.errors.join('; ')}`);
  };
  const bundles: string[] = [];
  const write = async (index: NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>['index']>) => {
    const name = bundles.length === 0 ? 'pagefind' : `pagefind-${bundles.length + 1}`;
    check('writing', await index.writeFiles({ outputPath: join(outDir, name) }));
    await index.deleteIndex();
    bundles.push(name);
  };
  const create = async () => {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    return index;
  };
  const files = htmlFiles(outDir);
  if (files.length <= batch) {
    // Small enough for one index: pagefind reads the folder itself.
    const index = await create();
    check('indexing', await index.addDirectory({ path: outDir }));
    await write(index);
  } else {
    // Each file read once; only pages that mark a searchable part (data-pagefind-body) are
    // indexed, as pagefind itself chooses when it reads the folder, so every batch follows the
    // same rule whatever pages fall into it.
    let pending: { url: string; content: string }[] = [];
    const flush = async () => {
      const index = await create();
      for (const r of await Promise.all(pending.map((p) => index.addHTMLFile(p)))) check('indexing', r);
      await write(index);
      pending = [];
    };
    for (const rel of files) {
      const content = readFileSync(join(outDir, rel), 'utf8');
      if (!content.includes('data-pagefind-body')) continue;
      pending.push({ url: pageUrl(rel), content });
      if (pending.length === batch) await flush();
    }
    if (pending.length || bundles.length === 0) await flush();
  }
  await pagefind.close();
  writeFileSync(join(outDir, 'pagefind', 'merge.json'), JSON.stringify(bundles.slice(1).map((b) => `${b}/`)) + '\n');
  // The pages the bundles index between them, as pagefind counts them.
  return bundles.reduce((n, b) => n + Object.values((JSON.parse(readFileSync(join(outDir, b, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> }).languages).reduce((m, l) => m + l.page_count, 0), 0);
}

/** `projects/api/1.2.0/index.html` → `/projects/api/1.2.0/`, as pagefind names a page it finds on disk. */
function pageUrl(rel: string): string {
  return `/${rel.split(sep).join('/').replace(/(^|\/)index\.html$/, '$1')}`;
}

/** Every HTML file under the folder, relative, sorted (not pagefind's own bundles). */
function htmlFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!(dir === root && e.name.startsWith('pagefind'))) walk(p);
      } else if (e.name.endsWith('.html')) out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
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
