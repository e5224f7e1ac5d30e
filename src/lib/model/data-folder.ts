// The data folder read without Astro, with the loaders' checks and errors
// (src/lib/model/data-loader.ts): one release's full record when a page renders it, an accepted
// SBOM's original document when it is served, and the whole folder for tests, commands and the
// feeds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataPaths, toSlug } from '../../schemas/layout.ts';
import type {
  AuditLog,
  Deployments,
  EvidenceEntry,
  Freezes,
  Group,
  Next,
  Planned,
  Project,
  Release,
  ReleaseSummary,
  Sbom,
  Site,
} from '../../schemas/index.ts';
import { ReleaseSchema, toReleaseSummary } from '../../schemas/index.ts';
import { DataError, HARVEST_HINT } from '../../errors/index.ts';
import { INTERNAL_ONLY, listRecordFiles, type RecordKind } from './record-files.ts';
import { collectionSchemas, parseRecord } from './parse-record.ts';
import { sha256Hex } from '../../core/canonical.ts';

/**
 * One release's full record, read from `releases/<project>/<slug>.json` and checked as the loader
 * checks it (ReleaseSchema, and the file's place agreeing with what it says): a DataError naming
 * the file when it is missing, is not JSON or does not validate.
 */
export function readRelease(dataDir: string, project: string, slug: string): Release {
  const record = { id: `${project}/${slug}`, file: join(dataDir, dataPaths.release(project, slug)) };
  let text: string;
  try {
    text = readFileSync(record.file, 'utf8');
  } catch (error) {
    throw new DataError(
      `cannot read the release record ${record.file}: ${(error as Error).message}\n${HARVEST_HINT}`,
      record.file,
    );
  }
  return parseRecord('releases', record, text, ReleaseSchema);
}

/**
 * The bytes of an accepted SBOM's original document (`sboms/<project>/<slug>.original.json`),
 * checked against the record's `sha256`: the site offers this file for download and shows the
 * digest beside it, so a copy edited after the harvest must fail the build, not be served.
 */
export function readSbomOriginal(
  dataDir: string,
  sbom: Pick<Sbom, 'project' | 'version'> & { sha256: string },
): Buffer {
  const file = join(dataDir, dataPaths.sbomOriginal(sbom.project, toSlug(sbom.version)));
  if (!existsSync(file)) {
    throw new DataError(
      `the SBOM of ${sbom.project} ${sbom.version} has no original document: ${file} is missing, ` +
        `but ${dataPaths.sbom(sbom.project, toSlug(sbom.version))} says it was accepted.\n${HARVEST_HINT}`,
      file,
    );
  }
  const bytes = readFileSync(file);
  const digest = sha256Hex(bytes);
  if (digest !== sbom.sha256) {
    throw new DataError(
      `the original SBOM document ${file} has SHA-256 ${digest}, but its record says ${sbom.sha256}: ` +
        `the file changed after the harvest.\n${HARVEST_HINT}`,
      file,
    );
  }
  return bytes;
}

/** An accepted SBOM's original document must be there, with the digest its record says. */
export function checkSbom(dataDir: string, sbom: Sbom): void {
  if (sbom.status === 'accepted') readSbomOriginal(dataDir, sbom);
}

export interface DataFolder<R = Release> {
  site: Site;
  projects: Project[];
  releases: R[];
  next: Next[];
  sboms: Sbom[];
  /** `deployments.json`, or null when the folder has none. */
  deployments: Deployments | null;
  /** `freezes.json`, or null when the folder has none. */
  freezes: Freezes | null;
  /** `planned.json` and `groups.json`; empty when the folder has none. */
  planned: Planned[];
  groups: Group[];
  /** Evidence records (current and superseded) and the audit chain; empty when the folder has none. */
  evidence: EvidenceEntry[];
  audit: AuditLog | null;
}

/**
 * The whole data folder read and validated without Astro, with the loaders' checks and errors:
 * for tests, and for commands that need one record without building the site.
 */
export function readDataFolder(dataDir: string): DataFolder {
  return readFolder(dataDir, (release) => release, true);
}

/**
 * The data folder as the site's collections hold it, read without Astro: release summaries (each
 * file still validated whole), and for the public audience none of the internal data, not even
 * read. For the feeds, which are written outside Astro's renderer (src/site/render-child.ts).
 */
export function readSiteData(dataDir: string, audience: 'public' | 'internal'): DataFolder<ReleaseSummary> {
  return readFolder(dataDir, toReleaseSummary, audience === 'internal');
}

function readFolder<R>(dataDir: string, keep: (release: Release) => R, internal: boolean): DataFolder<R> {
  const read = <K extends RecordKind>(kind: K) =>
    INTERNAL_ONLY.has(kind) && !internal
      ? []
      : listRecordFiles(kind, dataDir).map((record) =>
          parseRecord(kind, record, readFileSync(record.file, 'utf8'), collectionSchemas[kind]),
        );
  return {
    site: read('site')[0] as Site,
    projects: read('projects') as Project[],
    // One at a time: only what `keep` returns of each record stays.
    releases: listRecordFiles('releases', dataDir).map((record) =>
      keep(parseRecord('releases', record, readFileSync(record.file, 'utf8'), ReleaseSchema)),
    ),
    next: read('next') as Next[],
    sboms: (read('sboms') as Sbom[]).map((sbom) => (checkSbom(dataDir, sbom), sbom)),
    deployments: (read('deployments')[0] as Deployments | undefined) ?? null,
    freezes: (read('freezes')[0] as Freezes | undefined) ?? null,
    planned: (read('planned')[0] as { items: Planned[] } | undefined)?.items ?? [],
    groups: (read('groups')[0] as { items: Group[] } | undefined)?.items ?? [],
    evidence: read('evidence') as EvidenceEntry[],
    audit: (read('audit')[0] as AuditLog | undefined) ?? null,
  };
}
