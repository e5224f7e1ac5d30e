// Content loaders for the harvested data folder: each collection's files
// (src/lib/model/record-files.ts), each validated with the record's own schema from src/schemas
// (src/lib/model/parse-record.ts), the same schema harvest validated it with when it wrote the file
// ("one schema, two gates").
//
// Unlike Astro's file() loader, which logs an error and returns an empty collection, every problem
// here throws a DataError naming the file, the field and the fix: an audit portal that silently
// drops a release is worse than no portal. Entries carry a digest of the file's bytes, so an
// unchanged file costs one read and no parse on the next build.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import type { z } from 'astro/zod';
import type { Release, Sbom } from '../../schemas/index.ts';
import { ReleaseSchema, toReleaseSummary } from '../../schemas/index.ts';
import { readBuildEnv } from './env.ts';
import { INTERNAL_ONLY, listRecordFiles, ORIGINAL_SUFFIX, type RecordKind } from './record-files.ts';
import { collectionSchemas, headsText, parseRecord } from './parse-record.ts';
import { checkSbom } from './data-folder.ts';
import { sha256Hex } from '../../core/canonical.ts';

/**
 * An Astro content loader for one kind of record. `dataDir` defaults to what the environment says
 * (src/lib/model/env.ts), read when the collection loads, not when the config is imported.
 */
export function waybillLoader<K extends RecordKind>(
  kind: K,
  options: { dataDir?: string } = {},
): Loader & { schema: (typeof collectionSchemas)[K] } {
  const schema = collectionSchemas[kind];
  return {
    name: `waybill-${kind}`,
    schema,
    load: (context) => loadRecords(kind, schema, context, options.dataDir),
  };
}

async function loadRecords(
  kind: RecordKind,
  schema: z.ZodType,
  context: LoaderContext,
  dataDir?: string,
): Promise<void> {
  const { store, generateDigest, config } = context;
  const root = fileURLToPath(config.root);
  const env = readBuildEnv(process.env, root);
  const dir = dataDir ?? env.dataDir;
  // Deployments are for the internal audience only: a public build does not even read them, so
  // nothing of them can reach Astro's data store, a page or a JSON file (docs/audiences.md).
  const records =
    INTERNAL_ONLY.has(kind) && env.audience === 'public' ? [] : listRecordFiles(kind, resolve(root, dir));
  const seen = new Set<string>();
  for (const record of records) {
    seen.add(record.id);
    const text = readFileSync(record.file, 'utf8');
    // The digest covers the path too: the same bytes under another data folder are re-checked.
    // An SBOM's digest covers its original document as well, so an edited original is caught.
    // The chain's entry covers its signed heads too: a head signed later changes the entry.
    const original =
      kind === 'sboms' ? originalDigest(record.file) : kind === 'audit' ? headsText(record.file) : '';
    // A release's entry is its summary: the marker keeps a cache written with whole records from matching.
    const digest = generateDigest(
      `${kind === 'releases' ? 'summary\n' : ''}${record.file}\n${text}\n${original}`,
    );
    if (store.get(record.id)?.digest === digest) continue;
    // Releases are validated whole, and only their summary is kept (see ReleaseSummarySchema).
    const parsed = parseRecord(kind, record, text, kind === 'releases' ? ReleaseSchema : schema) as Record<
      string,
      unknown
    >;
    const data = kind === 'releases' ? toReleaseSummary(parsed as Release) : parsed;
    if (kind === 'sboms') checkSbom(resolve(root, dir), data as Sbom);
    // Astro wants entry paths relative to the project root; pages use it to name files in messages.
    const filePath = relative(root, record.file).split(sep).join('/');
    store.set({ id: record.id, data, digest, filePath });
  }
  // A file removed since the last build leaves the collection too.
  for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
}

/** The SHA-256 of the original beside an SBOM record, or '' when there is none. */
function originalDigest(recordFile: string): string {
  const file = recordFile.replace(/\.json$/, `${ORIGINAL_SUFFIX}.json`);
  return existsSync(file) ? sha256Hex(readFileSync(file)) : '';
}
