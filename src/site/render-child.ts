// The Astro build of `waybill build`, and the feeds, in a process of their own: src/site/build.ts
// `renderSite` runs `node render-child.ts <options as JSON>` from a working folder of the build,
// with WAYBILL_DATA and WAYBILL_AUDIENCE set, and reads the outcome from the IPC channel. When
// this process ends, everything Astro held (its heap, the bundler's native memory) goes with it,
// before the search index is built.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DataError } from '../errors/index.ts';
import { readRelease, readSiteData } from '../lib/model/data-folder.ts';
import { readBuildEnv } from '../lib/model/env.ts';
import { atomFeedResponse } from '../lib/feeds/feeds.ts';
import { buildPortal } from '../lib/model/portal.ts';
import { astroSiteConfig } from './folders.ts';

/** What renderSite passes in argv[2]. */
export interface RenderRequest {
  /** Astro's root and this process's working directory, holding the site's sources (src/site/folders.ts). */
  work: string;
  outDir: string;
  cacheDir: string;
  site: string | undefined;
}

/** What this process sends its parent when the build failed: the error, to be thrown there as it was thrown here. */
export interface RenderFailure {
  name: string;
  message: string;
  stack: string | undefined;
  /**
   * Present for a DataError (by its name: the one the content loaders throw comes from Astro's own
   * module graph, another class than this process's), its file or null.
   */
  dataFile?: string | null;
  /** Other own properties (an AstroError's hint, location, …), as far as they are JSON. */
  props: Record<string, unknown>;
}

function toRenderFailure(error: unknown): RenderFailure {
  if (!(error instanceof Error))
    return { name: 'Error', message: String(error), stack: undefined, props: {} };
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error)) {
    try {
      props[k] = JSON.parse(JSON.stringify(v)) as unknown;
    } catch {
      // not JSON (a cyclic object, a BigInt): left out
    }
  }
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.name === new DataError('').name ? { dataFile: (error as DataError).file ?? null } : {}),
    props,
  };
}

async function render(req: RenderRequest): Promise<void> {
  const { build } = await import('astro');
  let base = '/';
  await build({
    ...astroSiteConfig(req.work, req.cacheDir),
    outDir: req.outDir,
    site: req.site,
    logLevel: process.env.WAYBILL_VERBOSE ? 'info' : 'warn',
    // The base the pages were built with (astro.config may set one): the feeds' links use it too.
    integrations: [
      { name: 'waybill-base', hooks: { 'astro:config:done': ({ config }) => void (base = config.base) } },
    ],
  });
  await writeFeeds(req.outDir, base);
}

/**
 * `/feed.xml` and `/projects/<id>/feed.xml`, streamed to disk entry by entry. Not Astro endpoints:
 * Astro holds a page's whole response body in memory, twice over while it copies it, and the feed
 * of every release of a 50,000-release portal is some 350 MB. The portal is read from the data
 * folder as the collections hold it (release summaries; each entry reads its record).
 */
async function writeFeeds(outDir: string, base: string): Promise<void> {
  const { dataDir, audience } = readBuildEnv(process.env, process.cwd());
  const portal = buildPortal({
    ...readSiteData(dataDir, audience),
    readRelease: (project, slug) => readRelease(dataDir, project, slug),
    audience,
    base,
    dataDir,
  });
  const write = async (file: string, response: Response) => {
    mkdirSync(dirname(file), { recursive: true });
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(file));
  };
  await write(join(outDir, 'feed.xml'), atomFeedResponse(portal));
  for (const entry of portal.projects)
    await write(join(outDir, 'projects', entry.project.id, 'feed.xml'), atomFeedResponse(portal, entry));
}

try {
  await render(JSON.parse(process.argv[2]!) as RenderRequest);
} catch (error) {
  process.exitCode = 1;
  if (process.send)
    await new Promise<void>((resolve) => process.send!(toRenderFailure(error), () => resolve()));
  else console.error(error);
}
process.disconnect?.();
