// Where the Astro build of `waybill build` runs, and where it writes.
//
// The site (src/pages, components, layouts, styles, the src/lib view models it imports, public/,
// astro.config.mjs) ships inside the package as source, and Astro compiles it: Vite transforms
// `.astro` and `.ts` files wherever they are, so the site needs no compiled copy. But Astro cannot
// build it in place once waybill is installed, because nothing may be written under
// `node_modules`, and Astro writes `.astro/` (generated types, the collections manifest) under its
// root and Vite its cache under `<root>/node_modules/.vite`. Nor can Astro's root be elsewhere with
// `srcDir` pointing into the package: Astro 7 keys the compile results of `.astro` files by their
// path relative to the root, and its style modules are not found for files outside it ("No cached
// compile metadata found"). So each build copies the site's sources (about a megabyte) into a
// working folder under the user's current folder, and builds that:
//
//   <cwd>/.waybill-cache/site/run-XXXXXX/           Astro's root and working directory, removed after the build
//     src/ public/ astro.config.mjs                 copied from the package
//     node_modules/<name>                           links to the packages the package itself resolves
//   <cwd>/.waybill-cache/site/cache-<hash of out>/  Astro's content store for one output folder, kept
//
// A working folder per build because Astro writes its prerender chunks under the working
// directory when the output folder is outside it (core/build/common.js getOutDirWithinCwd:
// `<cwd>/.astro/.prerender`): two builds at once never delete each other's chunks. The chunks and
// the copied sources import packages by name, and find them through the links, which are exactly
// what Node would find from the package's own folder (linkPackages).
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { sha256Hex } from '../core/canonical.ts';

/** The state folder under the user's current folder (beside the clone mirrors of `cache`). */
export const SITE_STATE_DIR = join('.waybill-cache', 'site');
const STALE_MS = 24 * 3600 * 1000;

/**
 * What of the package the Astro build needs. The command line's own code is never part of the
 * site: the package does not ship it as source (package.json `files`), and a clone's is left out.
 */
const SITE_SOURCES = ['src', 'public', 'astro.config.mjs'];
const NOT_SITE = new Set(['cli', 'demo', 'harvest', 'init', 'loader', 'site', 'verify', 'index.ts']);

export interface SiteFolders {
  /** Astro's root and the working directory of the build: fresh, removed when the build ends. */
  work: string;
  /** Astro's cacheDir (the content store), one per output folder, kept for the next build into it. */
  cacheDir: string;
}

/**
 * A fresh working folder for one build, holding the site's sources, and the content cache of its
 * output folder. A cache whose output folder is gone (a test's temporary folder) and that no build
 * used for a day is removed, so they do not pile up (a build that just started has no output
 * folder yet).
 */
export function siteFolders(cwd: string, outDir: string, packageRoot: string): SiteFolders {
  const base = resolve(cwd, SITE_STATE_DIR);
  mkdirSync(base, { recursive: true });
  const out = resolve(cwd, outDir);
  const cacheDir = join(base, `cache-${sha256Hex(out).slice(0, 16)}`);
  for (const name of readdirSync(base)) {
    if (!name.startsWith('cache-') || join(base, name) === cacheDir) continue;
    try {
      const marker = join(base, name, 'out-dir.txt');
      if (Date.now() - statSync(marker).mtimeMs > STALE_MS && !existsSync(readFileSync(marker, 'utf8')))
        rmSync(join(base, name), { recursive: true, force: true });
    } catch {
      // being written by a build that just started, or not ours: leave it
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'out-dir.txt'), out);
  const work = mkdtempSync(join(base, 'run-'));
  for (const name of SITE_SOURCES)
    cpSync(join(packageRoot, name), join(work, name), {
      recursive: true,
      filter: (from) => !(dirname(from) === join(packageRoot, 'src') && NOT_SITE.has(basename(from))),
    });
  linkPackages(packageRoot, join(work, 'node_modules'));
  return { work, cacheDir };
}

/**
 * Fills `target` with links to every package Node would resolve by name from `packageRoot`: those
 * of `<packageRoot>/node_modules`, then of each `node_modules` folder above the package's real
 * path (where npm hoists its dependencies, or pnpm's `.pnpm/<name>@<version>/node_modules`), the
 * nearest first, as Node searches them.
 */
export function linkPackages(packageRoot: string, target: string): void {
  mkdirSync(target, { recursive: true });
  const linked = new Set<string>();
  const link = (dir: string, name: string) => {
    if (linked.has(name)) return;
    linked.add(name);
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(join(dir, name), join(target, name), 'junction');
  };
  // Node's lookup paths (module._nodeModulePaths): `<dir>/node_modules` for the package's folder
  // and each folder above it, skipping folders that are themselves called node_modules.
  const folders: string[] = [];
  for (let dir = realpathSync(packageRoot); ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') folders.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) break;
  }
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      if (entry.name.startsWith('@') && entry.isDirectory()) {
        for (const scoped of readdirSync(join(folder, entry.name))) link(folder, `${entry.name}/${scoped}`);
      } else link(folder, entry.name);
    }
  }
}

/** The options `build()` from 'astro' gets for the working folder: every cache under it or in `cacheDir`. */
export function astroSiteConfig(work: string, cacheDir: string) {
  return {
    root: work,
    cacheDir,
    // Vite's default is `<root>/node_modules/.vite`: through the links, inside a real node_modules.
    vite: { cacheDir: join(work, '.vite') },
  };
}
