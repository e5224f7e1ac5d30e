// The bills of materials of a project's releases: each release's SBOM file (the project's `sboms`
// pattern), read and validated by src/harvest/sbom.ts, normalized and diffed against the previous
// release's, written beside the release records with the original document.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ProjectConfig } from '../schemas/config/projects.ts';
import { InputError } from '../errors/index.ts';
import { diffSboms, summarizeLicenses, type NormalizedBom } from '../core/sbom/index.ts';
import { dataPaths } from '../schemas/layout.ts';
import type { Release } from '../schemas/release.ts';
import { SbomSchema, type Sbom } from '../schemas/sbom.ts';
import { readSbom, sbomPath } from './sbom.ts';
import { removeOthers, writeFileAtomic, writeRecord } from './write.ts';
import { sha256Hex } from '../core/canonical.ts';

/** Where a release's SBOM file is, or null when the project has no `sboms` pattern. */
export function sbomFileOf(project: ProjectConfig, configDir: string, version: string): string | null {
  return project.sboms ? resolve(configDir, sbomPath(project.sboms, version)) : null;
}

/** Digest input for incremental harvests: the SBOM files of these versions, by content. */
export function sbomFingerprint(project: ProjectConfig, configDir: string, versions: string[]): string[] {
  if (!project.sboms) return [];
  return versions.map((v) => {
    const file = sbomFileOf(project, configDir, v)!;
    return existsSync(file) ? `${v}:${sha256Hex(readFileSync(file))}` : `${v}:-`;
  });
}

export interface SbomOutcome {
  /** Releases that have an accepted SBOM. */
  accepted: number;
  /** Every problem of every rejected SBOM (file, JSON pointer, message): fatal when the config is strict. */
  problems: InputError[];
}

/**
 * Reads, validates, normalizes and writes the SBOM of every release (ascending by version), each
 * diffed against its `previous` release's SBOM. With `strict`, a rejected SBOM writes nothing and
 * its problems are returned to fail the harvest; otherwise the release records "SBOM rejected".
 */
export async function harvestSboms(opts: {
  project: ProjectConfig;
  configDir: string;
  dataDir: string;
  /** The releases assembled now, ascending. */
  releases: Release[];
  strict: boolean;
  /** Releases an incremental harvest kept as written: their SBOM records stay, and a new release diffs against its previous one's file. */
  keep?: { version: string; slug: string }[] | null;
}): Promise<SbomOutcome> {
  const { project, configDir, dataDir } = opts;
  const dir = join(dataDir, dataPaths.sbomsOf(project.id));
  if (!project.sboms) {
    rmSync(dir, { recursive: true, force: true });
    return { accepted: 0, problems: [] };
  }
  const boms = new Map<string, NormalizedBom>();
  const keep = new Set<string>(
    (opts.keep ?? []).flatMap((r) => [`${r.slug}.json`, `${r.slug}.original.json`]),
  );
  const kept = new Set((opts.keep ?? []).map((r) => r.version));
  const problems: InputError[] = [];
  let accepted = 0;
  for (const release of opts.releases) {
    const file = sbomFileOf(project, configDir, release.version)!;
    if (!existsSync(file)) continue;
    const source = relative(configDir, file).split('\\').join('/');
    const read = await readSbom(file, source);
    let record: Sbom;
    if (read.ok) {
      // A kept previous release's BOM is read again from its file, only for the diff.
      if (release.previous !== null && !boms.has(release.previous) && kept.has(release.previous)) {
        const file = sbomFileOf(project, configDir, release.previous)!;
        const prev = existsSync(file)
          ? await readSbom(file, relative(configDir, file).split('\\').join('/'))
          : null;
        if (prev?.ok) boms.set(release.previous, prev.bom);
      }
      const previous = release.previous === null ? undefined : boms.get(release.previous);
      boms.set(release.version, read.bom);
      record = {
        status: 'accepted',
        project: project.id,
        version: release.version,
        source,
        original: dataPaths.sbomOriginal(project.id, release.slug),
        format: read.format,
        specVersion: read.specVersion,
        sha256: read.sha256,
        componentCount: read.bom.componentCount,
        components: read.bom.components,
        licenseSummary: summarizeLicenses(read.bom.components),
        vulnerabilities: read.bom.vulnerabilities,
        diff: diffSboms(previous ?? null, read.bom, previous ? release.previous : null),
      };
      writeFileAtomic(join(dataDir, record.original), read.bytes);
      keep.add(`${release.slug}.original.json`);
      accepted++;
    } else {
      for (const p of read.problems) {
        problems.push(
          new InputError(p.message, {
            where: `${file}${p.pointer ? ` at ${p.pointer}` : ''}`,
            fix: `correct the SBOM of ${project.id} ${release.version}, or set "strict": false to show it as rejected`,
          }),
        );
      }
      if (opts.strict) continue;
      record = {
        status: 'rejected',
        project: project.id,
        version: release.version,
        source,
        problems: read.problems,
      };
    }
    writeRecord(dataDir, dataPaths.sbom(project.id, release.slug), SbomSchema, record);
    keep.add(`${release.slug}.json`);
  }
  removeOthers(dir, keep);
  return { accepted, problems };
}
