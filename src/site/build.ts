// The site stage of `waybill build`: Astro renders the data folder into static pages (in a child
// process, which writes the feeds too), then pagefind indexes them. The Astro build never touches
// git: it reads only the data folder.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroInlineConfig } from 'astro';
import type { Reporter } from '../cli/reporter.ts';
import { DataError } from '../errors/index.ts';
import { siteFolders } from './folders.ts';
import type { RenderFailure, RenderRequest } from './render-child.ts';

export interface SiteBuildOptions {
  /** The package root: where astro.config.mjs, src/ and public/ are. */
  root: string;
  /** The user's current folder: the build's working folder and caches go under it (src/site/folders.ts). */
  cwd: string;
  dataDir: string;
  outDir: string;
  audience: 'public' | 'internal';
  site: string | undefined;
  reporter: Reporter;
}

/**
 * The whole site, built into a fresh folder beside `outDir` and moved into its place only when
 * every step succeeded: a build that fails (bad data, a full disk, a killed process) leaves the
 * site that was there before as it was.
 */
export async function buildSite(opts: SiteBuildOptions): Promise<void> {
  const outDir = resolve(opts.cwd, opts.outDir);
  opts.reporter.step(`building the site (${opts.audience} audience) into ${outDir}`);
  removeAbandonedBuilds(outDir);
  const staging = join(
    dirname(outDir),
    `.${basename(outDir)}.building-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    // Astro's content cache stays the output folder's, not the staging folder's.
    await renderSite({ ...opts, outDir: staging, cacheFor: outDir });
    // The logo harvest copied into the data folder (site.json `logo`), served at /assets/.
    const assets = join(opts.dataDir, 'assets');
    if (existsSync(assets)) cpSync(assets, join(staging, 'assets'), { recursive: true });
    opts.reporter.step('indexing for search');
    await indexForSearch(staging, Number(process.env.WAYBILL_SEARCH_BATCH) || SEARCH_BATCH);
    replaceFolder(staging, outDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  opts.reporter.done();
}

/**
 * Puts `fresh` where `target` is: the old folder is renamed aside, the new one renamed into place,
 * then the old one removed. When `target` cannot be renamed (a mount point, another file system),
 * its contents are replaced instead.
 */
function replaceFolder(fresh: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(fresh, target);
    return;
  }
  const old = join(
    dirname(target),
    `.${basename(target)}.old-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    renameSync(target, old);
  } catch (e) {
    if (!['EBUSY', 'EXDEV', 'EPERM', 'EACCES'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    for (const name of readdirSync(target)) rmSync(join(target, name), { recursive: true, force: true });
    for (const name of readdirSync(fresh)) renameSync(join(fresh, name), join(target, name));
    return;
  }
  renameSync(fresh, target);
  rmSync(old, { recursive: true, force: true });
}

/** Staging and old folders of builds into `outDir` whose process is gone (killed mid-build). */
function removeAbandonedBuilds(outDir: string): void {
  const parent = dirname(outDir);
  if (!existsSync(parent)) return;
  const pattern = new RegExp(
    `^\\.${basename(outDir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:building|old)-(\\d+)-[0-9a-f]+$`,
  );
  for (const name of readdirSync(parent)) {
    const pid = pattern.exec(name)?.[1];
    if (pid === undefined || running(Number(pid))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RenderOptions {
  /** The package root: where astro.config.mjs, src/ and public/ are. */
  root: string;
  /** The user's current folder: the build's working folder and caches go under it (src/site/folders.ts). */
  cwd: string;
  dataDir: string;
  outDir: string;
  audience: 'public' | 'internal';
  site: string | undefined;
  /** Astro's content cache; by default the output folder's own (siteFolders). */
  cacheDir?: string;
  /** The folder whose content cache to use when it is not `outDir` (a build into a staging folder). */
  cacheFor?: string;
}

// render-child.ts in a clone, render-child.js where waybill is installed (compiled, like this file).
const RENDER_CHILD = fileURLToPath(new URL(`./render-child${extname(import.meta.url)}`, import.meta.url));

/**
 * The pages (Astro) and the feeds, into a fresh `outDir`, in a child process (render-child.ts):
 * what Astro holds while it builds (at 50,000 releases, over a gigabyte of heap and the bundler's
 * native memory, little of it live) is returned when that process ends, not kept through the
 * search index, and `waybill build` does not add it to what the harvest held. The child's output
 * is this process's; an error it throws is thrown here, with its message and stack.
 */
export async function renderSite(opts: RenderOptions): Promise<void> {
  const outDir = resolve(opts.cwd, opts.outDir);
  rmSync(outDir, { recursive: true, force: true });
  const folders = siteFolders(opts.cwd, resolve(opts.cwd, opts.cacheFor ?? opts.outDir), opts.root);
  const request: RenderRequest = {
    work: folders.work,
    outDir,
    cacheDir: opts.cacheDir ?? folders.cacheDir,
    site: opts.site,
  };
  try {
    await new Promise<void>((resolvePromise, reject) => {
      // process.execPath: the Node running waybill (Node 24 under `npm run` and `npx`), which
      // Astro 7 needs. The data folder is absolute because the child runs from another folder.
      const child = spawn(process.execPath, [...renderHeapFlags(), RENDER_CHILD, JSON.stringify(request)], {
        cwd: folders.work,
        env: {
          ...process.env,
          WAYBILL_DATA: resolve(opts.cwd, opts.dataDir),
          WAYBILL_AUDIENCE: opts.audience,
        },
        stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      });
      let failure: RenderFailure | undefined;
      child.on('message', (m) => (failure = m as RenderFailure));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (failure) reject(reviveError(failure));
        else if (code !== 0)
          reject(
            new Error(
              `the site build (Astro, in a child process) ${signal ? `was killed by ${signal}` : `exited with code ${code}`}` +
                // V8 aborts when the heap is full (its message is on stderr above).
                (signal === 'SIGABRT'
                  ? `; if it ran out of memory, give it more than ${RENDER_OLD_SPACE_MB} MB with NODE_OPTIONS=--max-old-space-size=<MB>`
                  : ''),
            ),
          );
        else resolvePromise();
      });
    });
  } finally {
    rmSync(folders.work, { recursive: true, force: true });
  }
}

/**
 * V8's heap limits for the Astro process. Astro keeps little alive (at 50,000 releases about
 * 300 MB after a full collection: the content store, the portal, the route list), but with V8's
 * defaults on a machine with memory to spare the heap grew to three or four times that before V8
 * collected it, and RSS stays at the heap's high-water mark. An old space of at most 1.5 GB makes
 * V8 grow it by at most about 1.8x (it allows 4x only with a limit of 2 GB or more), and
 * semi-spaces of 32 MB (Node 24 lets them grow to 64 MB) keep the young generation at half its
 * size. Measured at 10,000 releases: peak RSS 1.15 GB -> 0.8 GB, for about a tenth more time. A
 * limit the user gives in NODE_OPTIONS wins.
 */
function renderHeapFlags(): string[] {
  const flags = ['--max-semi-space-size=32'];
  if (!/--max-old-space-size\b/.test(process.env.NODE_OPTIONS ?? ''))
    flags.push(`--max-old-space-size=${RENDER_OLD_SPACE_MB}`);
  return flags;
}

const RENDER_OLD_SPACE_MB = 1536;

/** The child's error as an Error of this process: same class for a DataError, same name, message, stack and fields. */
function reviveError(f: RenderFailure): Error {
  const error =
    f.dataFile !== undefined ? new DataError(f.message, f.dataFile ?? undefined) : new Error(f.message);
  Object.assign(error, f.props);
  error.name = f.name;
  if (f.stack !== undefined) error.stack = f.stack;
  return error;
}

/**
 * Pages per pagefind index. pagefind holds an index in memory while it builds it, about 200 KB
 * per release page, so a portal of 50,000 releases indexed at once needs about 12 GB. Above this
 * many pages the index is built in batches, each written as its own bundle
 * (`pagefind/`, `pagefind-2/`, …) and freed before the next; the search page merges them
 * (pagefind's `mergeIndex`), listed in `pagefind/merge.json`.
 */
const SEARCH_BATCH = 2500;

/** Pages handed to pagefind before waiting for it to take them: enough to keep it busy. */
const PAGES_IN_FLIGHT = 32;

export async function indexForSearch(outDir: string, batch: number = SEARCH_BATCH): Promise<number> {
  const pagefind = await import('pagefind');
  const check = (what: string, r: { errors: string[] }) => {
    if (r.errors.length) throw new Error(`pagefind ${what}: ${r.errors.join('; ')}`);
  };
  const bundles: string[] = [];
  type Index = NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>['index']>;
  const write = async (index: Index) => {
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
    // same rule whatever pages fall into it. A few pages at a time go to pagefind (each is sent
    // as base64 of its JSON): handing it a whole batch at once held the batch's pages here two
    // or three times over while pagefind caught up.
    let index: Index | null = null;
    let inBatch = 0;
    let adding: Promise<void>[] = [];
    const settle = async () => {
      await Promise.all(adding);
      adding = [];
    };
    for (const rel of files) {
      const content = readFileSync(join(outDir, rel), 'utf8');
      if (!content.includes('data-pagefind-body')) continue;
      index ??= await create();
      adding.push(index.addHTMLFile({ url: pageUrl(rel), content }).then((r) => check('indexing', r)));
      if (adding.length === PAGES_IN_FLIGHT) await settle();
      if (++inBatch === batch) {
        await settle();
        await write(index);
        index = null;
        inBatch = 0;
      }
    }
    await settle();
    if (index || bundles.length === 0) await write(index ?? (await create()));
  }
  await pagefind.close();
  writeFileSync(
    join(outDir, 'pagefind', 'merge.json'),
    JSON.stringify(bundles.slice(1).map((b) => `${b}/`)) + '\n',
  );
  // The pages the bundles index between them, as pagefind counts them.
  return bundles.reduce(
    (n, b) =>
      n +
      Object.values(
        (
          JSON.parse(readFileSync(join(outDir, b, 'pagefind-entry.json'), 'utf8')) as {
            languages: Record<string, { page_count: number }>;
          }
        ).languages,
      ).reduce((m, l) => m + l.page_count, 0),
    0,
  );
}

/** `projects/api/1.2.0/index.html` → `/projects/api/1.2.0/`, as pagefind names a page it finds on disk. */
function pageUrl(rel: string): string {
  return `/${rel
    .split(sep)
    .join('/')
    .replace(/(^|\/)index\.html$/, '$1')}`;
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

export async function previewSite(opts: {
  root: string;
  cwd: string;
  outDir: string;
  port: number;
}): Promise<void> {
  const { preview } = await import('astro');
  // The package's Astro settings (trailing slashes, page format) with the current folder as the
  // root, so nothing is written into the package (src/site/folders.ts).
  const { default: siteConfig } = (await import(pathToFileURL(join(opts.root, 'astro.config.mjs')).href)) as {
    default: AstroInlineConfig;
  };
  const server = await preview({
    ...siteConfig,
    root: opts.cwd,
    srcDir: join(opts.root, 'src'),
    configFile: false,
    outDir: opts.outDir,
    server: { port: opts.port, host: '127.0.0.1' },
  });
  await server.closed();
}
