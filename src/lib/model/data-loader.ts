// Content loaders for the harvested data folder (src/schemas/layout.ts says where each record
// lives). Each file is validated with the record's own schema from src/schemas, the same schema
// harvest validated it with when it wrote the file ("one schema, two gates").
//
// Unlike Astro's file() loader, which logs an error and returns an empty collection, every problem
// here throws a DataError naming the file, the field and the fix: an audit portal that silently
// drops a release is worse than no portal. Entries carry a digest of the file's bytes, so an
// unchanged file costs one read and no parse on the next build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { z } from 'astro/zod';
import { DATA_FORMAT, dataPaths, toSlug } from '../../schemas/layout.ts';
import type {
  Deployments,
  Freezes,
  Group,
  Next,
  Planned,
  Project,
  Release,
  Sbom,
  Site,
} from '../../schemas/index.ts';
import {
  DeploymentsSchema,
  FreezesSchema,
  GroupSchema,
  NextSchema,
  PlannedSchema,
  ProjectSchema,
  ReleaseSchema,
  SbomSchema,
  SiteSchema,
} from '../../schemas/index.ts';
import { DataError, formatSchemaError, HARVEST_HINT } from '../../errors/index.ts';
import { verifyChain } from '../../core/audit/chain.ts';
import { checkHeads, parseHeads } from '../../core/audit/heads.ts';
import { canonicalJson, sha256Hex } from '../../core/canonical.ts';
import { AuditEventSchema, AuditHeadSchema, EvidenceSchema } from '../../schemas/index.ts';

/** An entry of the `evidence` collection: the record, the SHA-256 of its bytes, and whether it was superseded. */
export const EvidenceEntrySchema = z.object({
  record: EvidenceSchema,
  sha256: z.string(),
  archived: z.boolean(),
});
export type EvidenceEntry = z.infer<typeof EvidenceEntrySchema>;
/** The `audit` collection's one entry: every event of the chain, in order, and its signed heads. */
export const AuditLogSchema = z.object({
  events: z.array(AuditEventSchema),
  heads: z.array(AuditHeadSchema),
});
export type AuditLog = z.infer<typeof AuditLogSchema>;
import { readBuildEnv } from './env.ts';

/**
 * What the `releases` collection keeps of a release: every fact but the bulky texts (the changes
 * with their commit bodies, the reverted pairs, the contributors and the notes sources). Lists,
 * calendars, feeds' order and every link need only this; a page that shows a release's body reads
 * the full record from its file when it renders (`readRelease`), so a build of 50,000 releases
 * never holds every body at once (Astro keeps a collection in memory several times over).
 */
export const ReleaseSummarySchema = ReleaseSchema.omit({
  changes: true,
  reverted: true,
  contributors: true,
  notes: true,
});
export type ReleaseSummary = z.infer<typeof ReleaseSummarySchema>;

/** A release record without its bulky fields (same key order as the file). */
export function toReleaseSummary(release: Release): ReleaseSummary {
  const {
    changes: _changes,
    reverted: _reverted,
    contributors: _contributors,
    notes: _notes,
    ...summary
  } = release;
  return summary;
}

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
const INTERNAL_ONLY = new Set<RecordKind>(['deployments', 'evidence', 'audit']);

/** Records that are one optional file of the data folder: missing is none (a config without them). */
const SINGLE_FILES = {
  deployments: dataPaths.deployments,
  freezes: dataPaths.freezes,
  planned: dataPaths.planned,
  groups: dataPaths.groups,
  audit: dataPaths.audit,
} as const;

/** `sboms/<project>/<slug>.original.json` is the document a record was read from, not a record. */
const ORIGINAL_SUFFIX = '.original';

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
  return files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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

/** Parses one file's text and validates it; throws a DataError naming the file and the fields. */
export function parseRecord<S extends z.ZodType>(
  kind: RecordKind,
  record: RecordFile,
  text: string,
  schema: S,
): z.output<S> {
  if (kind === 'audit') return parseAuditLog(record.file, text) as z.output<S>;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // Node's message carries the position: "Unexpected token } in JSON at position 12 (line 2 column 3)".
    throw new DataError(
      `invalid JSON in ${record.file}: ${(error as Error).message}\n${HARVEST_HINT}`,
      record.file,
    );
  }
  if (kind === 'site') checkFormat(record.file, json);
  if (WRAPPED.has(kind)) {
    // Field errors point into the file as written (`/0/date`), not into the wrapper.
    const result = (schema as unknown as { shape: { items: z.ZodType } }).shape.items.safeParse(json);
    if (!result.success)
      throw formatSchemaError(
        record.file,
        json,
        result.error.issues,
        (schema as unknown as { shape: { items: z.ZodType } }).shape.items,
      );
    return { items: result.data } as z.output<S>;
  }
  if (kind === 'evidence') return parseEvidence(record, text, json) as z.output<S>;
  const result = schema.safeParse(json);
  if (!result.success) throw formatSchemaError(record.file, json, result.error.issues, schema);
  if (kind === 'deployments') checkDeploymentIds(record.file, result.data as Deployments);
  else if (kind in SINGLE_FILES) return result.data;
  else checkIdentity(kind, record, result.data as Site | Project | Release | Next | Sbom);
  return result.data;
}

/** The signed heads beside a chain file (`audit.heads.jsonl`): '' when there are none. */
function headsText(chainFile: string): string {
  const file = join(dirname(chainFile), dataPaths.auditHeads);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/**
 * The audit chain, checked line by line as `waybill verify` does, and its signed heads, each of
 * which must match it: an internal portal never publishes a chain that does not hold.
 */
function parseAuditLog(file: string, text: string): AuditLog {
  const { events, failures } = verifyChain(text);
  if (failures.length) {
    throw new DataError(
      `the audit chain ${file} does not verify:\n${failures
        .slice(0, 5)
        .map((f) => `  line ${f.line}: ${f.message}`)
        .join('\n')}\n` +
        'Restore the data folder from its last good copy; `waybill verify --data <dir>` lists every failure.',
      file,
    );
  }
  const parsed = parseHeads(headsText(file));
  const heads = [...parsed.failures, ...checkHeads(events, parsed.heads, null, false)];
  if (heads.length) {
    const headsFile = join(dirname(file), dataPaths.auditHeads);
    throw new DataError(
      `the signed heads ${headsFile} do not match the audit chain ${file}:\n${heads
        .slice(0, 5)
        .map(
          (f) =>
            `  ${f.file === 'chain' ? dataPaths.audit : dataPaths.auditHeads}${f.line === null ? '' : `:${f.line}`}: ${f.message}`,
        )
        .join('\n')}\n` +
        'Restore the data folder from its last good copy; `npm run waybill -- verify --data <dir>` lists every failure.',
      headsFile,
    );
  }
  return { events, heads: parsed.heads };
}

/** An evidence record: its schema, its canonical form (the bytes its digest covers), its digest. */
function parseEvidence({ id, file }: RecordFile, text: string, json: unknown): EvidenceEntry {
  const result = EvidenceSchema.safeParse(json);
  if (!result.success) throw formatSchemaError(file, json, result.error.issues, EvidenceSchema);
  if (canonicalJson(json) !== text)
    throw new DataError(
      `the evidence record ${file} is not in RFC 8785 canonical form: it was edited after the harvest.\n${HARVEST_HINT}`,
      file,
    );
  const [project, rest] = id.split('/') as [string, string];
  const [slug, commit] = rest.split('@') as [string, string | undefined];
  const record = result.data;
  if (
    record.project !== project ||
    toSlug(record.version) !== slug ||
    (commit !== undefined && record.tag.commit !== commit)
  ) {
    throw new DataError(
      `invalid data in ${file}:\n  the record is ${record.project} ${record.version} at ${record.tag.commit}, which does not belong at this path\n${HARVEST_HINT}`,
      file,
    );
  }
  return { record, sha256: sha256Hex(text), archived: commit !== undefined };
}

/** A folder written by a newer waybill is refused with that reason, not as a field error. */
function checkFormat(file: string, json: unknown): void {
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > DATA_FORMAT) {
    throw new DataError(
      `${file} has data format ${format}, but this waybill reads format ${DATA_FORMAT}: ` +
        'the data folder was written by a newer waybill. Upgrade waybill, or harvest again with this one.',
      file,
    );
  }
}

/**
 * A deployment is its project and id (the harvest merges the status records of one project that
 * share an id): two records with both the same would be one row, one anchor and one link on every
 * page, so the second is an error rather than a silent overwrite.
 */
function checkDeploymentIds(file: string, data: Deployments): void {
  const seen = new Map<string, number>();
  data.deployments.forEach((d, i) => {
    const key = `${d.project}\u0000${d.id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DataError(
        `invalid data in ${file}:\n  at /deployments/${i}/id: expected each project's deployment ids to be unique, ` +
          `found ${JSON.stringify(d.id)} of project ${JSON.stringify(d.project)}, which /deployments/${first} has too\n${HARVEST_HINT}`,
        file,
      );
    }
    seen.set(key, i);
  });
}

/** The file's place in the folder must agree with what the file says it is. */
function checkIdentity(
  kind: RecordKind,
  { id, file }: RecordFile,
  data: Site | Project | Release | Next | Sbom,
): void {
  const mismatch = (pointer: string, expected: string, found: string, why: string) =>
    new DataError(
      `invalid data in ${file}:\n  at ${pointer}: expected ${JSON.stringify(expected)} (${why}), found ${JSON.stringify(found)}\n${HARVEST_HINT}`,
      file,
    );
  if (kind === 'projects' && (data as Project).id !== id) {
    throw mismatch('/id', id, (data as Project).id, `the file is ${dataPaths.project(id)}`);
  }
  if (kind === 'next' && (data as Next).project !== id) {
    throw mismatch('/project', id, (data as Next).project, `the file is ${dataPaths.next(id)}`);
  }
  if (kind === 'releases') {
    const release = data as Release;
    const [project, slug] = id.split('/') as [string, string];
    if (release.project !== project)
      throw mismatch('/project', project, release.project, `the file is in releases/${project}/`);
    if (release.slug !== toSlug(release.version)) {
      throw mismatch(
        '/slug',
        toSlug(release.version),
        release.slug,
        `the slug of version ${JSON.stringify(release.version)}`,
      );
    }
    if (release.slug !== slug)
      throw mismatch('/slug', slug, release.slug, `the file is ${dataPaths.release(project, slug)}`);
  }
  if (kind === 'sboms') {
    const sbom = data as Sbom;
    const [project, slug] = id.split('/') as [string, string];
    if (sbom.project !== project)
      throw mismatch('/project', project, sbom.project, `the file is in sboms/${project}/`);
    if (toSlug(sbom.version) !== slug) {
      throw mismatch(
        '/version',
        `a version whose slug is ${slug}`,
        sbom.version,
        `the file is ${dataPaths.sbom(project, slug)}`,
      );
    }
  }
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
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== sbom.sha256) {
    throw new DataError(
      `the original SBOM document ${file} has SHA-256 ${digest}, but its record says ${sbom.sha256}: ` +
        `the file changed after the harvest.\n${HARVEST_HINT}`,
      file,
    );
  }
  return bytes;
}

const schemas = {
  site: SiteSchema,
  projects: ProjectSchema,
  // The collection's entries are summaries; each file is still validated with ReleaseSchema.
  releases: ReleaseSummarySchema,
  next: NextSchema,
  sboms: SbomSchema,
  deployments: DeploymentsSchema,
  freezes: FreezesSchema,
  // A single file holding an array: the entry's data is `{ items }` (Astro stores objects).
  planned: z.object({ items: z.array(PlannedSchema) }),
  groups: z.object({ items: z.array(GroupSchema) }),
  // Checked by parseEvidence / parseAuditLog before the store sees them.
  evidence: EvidenceEntrySchema,
  audit: AuditLogSchema,
} as const;

/** planned.json and groups.json are arrays; their collection entry wraps them as `{ items }`. */
const WRAPPED = new Set<RecordKind>(['planned', 'groups']);

/**
 * An Astro content loader for one kind of record. `dataDir` defaults to what the environment says
 * (src/lib/model/env.ts), read when the collection loads, not when the config is imported.
 */
export function waybillLoader<K extends RecordKind>(
  kind: K,
  options: { dataDir?: string } = {},
): Loader & { schema: (typeof schemas)[K] } {
  const schema = schemas[kind];
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
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : '';
}

function checkSbom(dataDir: string, sbom: Sbom): void {
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
          parseRecord(kind, record, readFileSync(record.file, 'utf8'), schemas[kind]),
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
