// `import { waybillReleases } from 'waybill/loader'`: the releases of a data folder that
// `waybill harvest` wrote, as an Astro content collection of an Astro site you already have
// (docs/astro-loader.md). Each entry is a release record, validated with the same schema the
// harvest wrote it with (src/schemas/release.ts), and its notes rendered to sanitized HTML, so
// `render(entry)` gives a `<Content />` that is safe to put on a page.
//
// Like the portal's own loaders (src/lib/model/data-loader.ts), and unlike Astro's file() loader, a
// missing data folder, an unknown project or a bad file fails the build with the file, the field
// and the fix; a project without releases is said in the build log, never an empty collection
// without a word.
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { publishedNotes } from '../core/notes.ts';
import { DataError } from '../errors/index.ts';
import { listRecordFiles } from '../lib/model/record-files.ts';
import { parseRecord } from '../lib/model/parse-record.ts';
import { renderMarkdown } from '../lib/render/markdown.ts';
import { makeRedactor } from '../core/privacy.ts';
import { DEFAULT_DATA_DIR, dataPaths } from '../schemas/layout.ts';
import { ReleaseSchema, type Release } from '../schemas/release.ts';
import { SiteSchema, type Site } from '../schemas/project.ts';

export { ReleaseSchema, type Release };

export interface WaybillReleasesOptions {
  /**
   * The data folder `waybill harvest` wrote: absolute, or relative to the Astro project's root.
   * @default "content/data"
   */
  data?: string;
  /**
   * Only this project's releases (its `id` in waybill.config), with entry ids `<version slug>`
   * (`2.3.0`). Without it, every project's, with entry ids `<project>/<version slug>`.
   */
  project?: string;
}

const HINT =
  'Run `npx waybill harvest` (in the folder of waybill.config.json) to write the data folder, and point the `data` option of waybillReleases() at it.';

/** The loader's options, checked when content.config.ts is loaded. */
function checkOptions(
  options: WaybillReleasesOptions,
): Required<Pick<WaybillReleasesOptions, 'data'>> & WaybillReleasesOptions {
  if (options === null || typeof options !== 'object')
    throw new TypeError('waybillReleases(options): options must be an object like { data: "content/data" }');
  for (const key of Object.keys(options))
    if (key !== 'data' && key !== 'project')
      throw new TypeError(
        `waybillReleases(options): no option "${key}" (the options are "data" and "project")`,
      );
  if (options.data !== undefined && (typeof options.data !== 'string' || options.data.trim() === ''))
    throw new TypeError(
      `waybillReleases(options): "data" must be the path of a data folder, found ${JSON.stringify(options.data)}`,
    );
  if (
    options.project !== undefined &&
    (typeof options.project !== 'string' || !/^[a-z0-9-]+$/.test(options.project))
  )
    throw new TypeError(
      `waybillReleases(options): "project" must be a project id (lower-case letters, digits and "-"), found ${JSON.stringify(options.project)}`,
    );
  return { ...options, data: options.data ?? DEFAULT_DATA_DIR };
}

/**
 * An Astro content loader of the releases in a waybill data folder:
 *
 * ```ts
 * // src/content.config.ts
 * import { defineCollection } from 'astro:content';
 * import { waybillReleases } from 'waybill/loader';
 * export const collections = {
 *   releases: defineCollection({ loader: waybillReleases({ data: '../portal/content/data', project: 'api' }) }),
 * };
 * ```
 */
export function waybillReleases(options: WaybillReleasesOptions = {}): Loader & {
  schema: typeof ReleaseSchema;
} {
  const opts = checkOptions(options);
  return {
    name: 'waybill-releases',
    schema: ReleaseSchema,
    load: (context) => loadReleases(opts, context),
  };
}

async function loadReleases(
  opts: WaybillReleasesOptions & { data: string },
  { store, generateDigest, config, logger }: LoaderContext,
): Promise<void> {
  const root = resolve(fileURLToPath(config.root));
  const dataDir = resolve(root, opts.data);
  const where = `(the "data" option of waybillReleases(), ${JSON.stringify(opts.data)}, relative to ${root})`;
  let siteFile: { id: string; file: string } | undefined;
  try {
    [siteFile] = listRecordFiles('site', dataDir);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    throw new DataError(`waybillReleases: ${error.message.split('. ')[0]} ${where}.\n${HINT}`, error.file);
  }
  const site = parseRecord('site', siteFile!, readFileSync(siteFile!.file, 'utf8'), SiteSchema) as Site;
  const projects = opts.project === undefined ? site.projects : [opts.project];
  if (opts.project !== undefined && !site.projects.includes(opts.project))
    throw new DataError(
      `waybillReleases: the data folder ${dataDir} has no project "${opts.project}" (it has ${site.projects.map((p) => `"${p}"`).join(', ')}).\n` +
        'Set the "project" option to one of them, or add the project to waybill.config.json and harvest again.',
      join(dataDir, dataPaths.site),
    );
  // The project's own HTML treatment for the notes: sanitized, e-mail addresses hidden (a site
  // that embeds release notes is public).
  const redact = makeRedactor('public');
  const seen = new Set<string>();
  for (const project of projects) {
    const files = listRecordFiles('releases', dataDir).filter((f) => f.id.startsWith(`${project}/`));
    if (files.length === 0)
      logger.warn(`${project} has no releases in ${dataDir} yet (no tag matched its pattern)`);
    for (const record of files) {
      const id = opts.project === undefined ? record.id : record.id.slice(project.length + 1);
      seen.add(id);
      const text = readFileSync(record.file, 'utf8');
      const digest = generateDigest(`${record.file}\n${text}`);
      if (store.get(id)?.digest === digest) continue;
      const release = parseRecord('releases', record, text, ReleaseSchema) as Release;
      const notes = publishedNotes(release.notes);
      store.set({
        id,
        data: release,
        digest,
        filePath: relative(root, record.file).split(sep).join('/'),
        rendered: {
          html: renderMarkdown(notes.markdown, { redact, headingLevel: 2, idPrefix: `${release.slug}-` }),
        },
      });
    }
  }
  for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
}
