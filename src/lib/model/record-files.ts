// Which files of the data folder make each content collection (src/schemas/layout.ts says where
// each record lives): the loaders (src/lib/model/data-loader.ts) and the reads without Astro
// (src/lib/model/data-folder.ts) list the same files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dataPaths } from '../../schemas/layout.ts';
import { DataError } from '../../errors/index.ts';
import { compareCodeUnits } from '../../core/compare.ts';

export type RecordKind =
  | 'site'
  | 'projects'
  | 'releases'
  | 'next'
  | 'sboms'
  | 'deployments'
  | 'freezes'
  | 'planned'
  | 'groups'
  | 'evidence'
  | 'audit';

/** Internal data: a public build reads none of it, so nothing of it can reach a page, JSON file or index. */
export const INTERNAL_ONLY = new Set<RecordKind>(['deployments', 'evidence', 'audit']);

/** Records that are one optional file of the data folder: missing is none (a config without them). */
export const SINGLE_FILES = {
  deployments: dataPaths.deployments,
  freezes: dataPaths.freezes,
  planned: dataPaths.planned,
  groups: dataPaths.groups,
  audit: dataPaths.audit,
} as const;

/** `sboms/<project>/<slug>.original.json` is the document a record was read from, not a record. */
export const ORIGINAL_SUFFIX = '.original';

/** One file of a collection: the entry id and the file's absolute path. */
export interface RecordFile {
  id: string;
  file: string;
}

/**
 * The files of one collection, sorted by id. A missing data folder or site.json is an error; a
 * missing `projects/`, `releases/<id>/` or `next/` folder is an empty collection, because the
 * cross-checks in src/lib/model/portal.ts (every listed project has a file, `releaseCount` matches the
 * release files) catch a folder that should have been there. A missing `deployments.json` is no
 * deployments: a config without `deployments` sources, or a folder harvested before they existed.
 */
export function listRecordFiles(kind: RecordKind, dataDir: string): RecordFile[] {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new DataError(
      `no data folder at ${dataDir}. Run \`waybill harvest\` first to write it, ` +
        'or set WAYBILL_DATA to the absolute path of a harvested data folder.',
      dataDir,
    );
  }
  if (kind === 'site') {
    const file = join(dataDir, dataPaths.site);
    if (!existsSync(file)) {
      throw new DataError(
        `the data folder ${dataDir} has no ${dataPaths.site}, so it was not written by a complete harvest. ` +
          'Run `waybill harvest` to write it.',
        file,
      );
    }
    return [{ id: 'site', file }];
  }
  if (kind in SINGLE_FILES) {
    const file = join(dataDir, SINGLE_FILES[kind as keyof typeof SINGLE_FILES]);
    return existsSync(file) ? [{ id: kind, file }] : [];
  }
  const files: RecordFile[] = [];
  if (kind === 'releases') {
    const base = join(dataDir, 'releases');
    for (const project of jsonNames(base, true)) {
      const dir = join(dataDir, dataPaths.releasesOf(project));
      for (const slug of jsonNames(dir, false)) {
        files.push({ id: `${project}/${slug}`, file: join(dataDir, dataPaths.release(project, slug)) });
      }
    }
  } else if (kind === 'sboms') {
    // A release without an SBOM has no file here; src/lib/model/portal.ts checks that each record
    // belongs to a release. The original documents beside the records are not records.
    for (const project of jsonNames(join(dataDir, 'sboms'), true)) {
      const dir = join(dataDir, dataPaths.sbomsOf(project));
      for (const slug of jsonNames(dir, false)) {
        if (slug.endsWith(ORIGINAL_SUFFIX)) continue;
        files.push({ id: `${project}/${slug}`, file: join(dataDir, dataPaths.sbom(project, slug)) });
      }
    }
  } else if (kind === 'evidence') {
    // Current records `<project>/<slug>`, and those kept when a tag moved or vanished `<project>/<slug>@<commit>`.
    for (const project of jsonNames(join(dataDir, 'evidence'), true)) {
      for (const slug of jsonNames(join(dataDir, dataPaths.evidenceOf(project)), false))
        files.push({ id: `${project}/${slug}`, file: join(dataDir, dataPaths.evidence(project, slug)) });
    }
    for (const project of jsonNames(join(dataDir, 'archive'), true)) {
      for (const slug of jsonNames(join(dataDir, 'archive', project), true)) {
        for (const name of jsonNames(join(dataDir, 'archive', project, slug), false)) {
          if (name.endsWith('.evidence'))
            files.push({
              id: `${project}/${slug}@${name.slice(0, -'.evidence'.length)}`,
              file: join(dataDir, 'archive', project, slug, `${name}.json`),
            });
        }
      }
    }
  } else {
    const dir = join(dataDir, kind === 'projects' ? 'projects' : 'next');
    const path = kind === 'projects' ? dataPaths.project : dataPaths.next;
    for (const id of jsonNames(dir, false)) files.push({ id, file: join(dataDir, path(id)) });
  }
  return files.sort((a, b) => compareCodeUnits(a.id, b.id));
}

/** Sub-folders (`dirs`) or `*.json` files (without the extension) of `dir`; hidden ones skipped. */
function jsonNames(dir: string, dirs: boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (d) => !d.name.startsWith('.') && (dirs ? d.isDirectory() : d.isFile() && d.name.endsWith('.json')),
    )
    .map((d) => (dirs ? d.name : d.name.slice(0, -'.json'.length)));
}
