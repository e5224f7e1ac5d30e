// The site stage of `waybill build`: Astro renders the data folder into static pages, then
// pagefind indexes them. The Astro build never touches git: it reads only the data folder.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
  // gets them (see src/lib/env.ts).
  process.env.WAYBILL_DATA = opts.dataDir;
  process.env.WAYBILL_AUDIENCE = opts.audience;
  opts.reporter.step(`building the site (${opts.audience} audience) into ${opts.outDir}`);
  rmSync(opts.outDir, { recursive: true, force: true });
  const { build } = await import('astro');
  // Astro writes its prerender chunks under the working directory when outDir is outside it
  // (core/build/common.js getOutDirWithinCwd), and those chunks must resolve the site's packages
  // from node_modules: so Astro runs from the package root, wherever waybill was started.
  const cwd = process.cwd();
  process.chdir(opts.root);
  try {
    await build({ root: opts.root, outDir: opts.outDir, site: opts.site, logLevel: process.env.WAYBILL_VERBOSE ? 'info' : 'warn' });
  } finally {
    process.chdir(cwd);
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

export async function previewSite(opts: { root: string; outDir: string; port: number }): Promise<void> {
  const { preview } = await import('astro');
  const server = await preview({ root: opts.root, outDir: opts.outDir, server: { port: opts.port, host: '127.0.0.1' } });
  await server.closed();
}
