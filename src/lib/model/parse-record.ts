// One record file's text, parsed and checked: JSON, the record's own schema from src/schemas (the
// schema harvest validated it with when it wrote the file: "one schema, two gates"), and the file's
// place in the folder agreeing with what it says. Every problem throws a DataError naming the file,
// the field and the fix: an audit portal that silently drops a release is worse than no portal.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'astro/zod';
import { DATA_FORMAT, dataPaths, toSlug } from '../../schemas/layout.ts';
import type {
  AuditLog,
  Deployments,
  EvidenceEntry,
  Next,
  Project,
  Release,
  Sbom,
  Site,
} from '../../schemas/index.ts';
import {
  AuditLogSchema,
  DeploymentsSchema,
  EvidenceEntrySchema,
  EvidenceSchema,
  FreezesSchema,
  GroupSchema,
  NextSchema,
  PlannedSchema,
  ProjectSchema,
  ReleaseSummarySchema,
  SbomSchema,
  SiteSchema,
} from '../../schemas/index.ts';
import { DataError, formatSchemaError, HARVEST_HINT } from '../../errors/index.ts';
import { verifyChain } from '../../core/audit/chain.ts';
import { checkHeads, parseHeads } from '../../core/audit/heads.ts';
import { canonicalJson, sha256Hex } from '../../core/canonical.ts';
import { SINGLE_FILES, type RecordFile, type RecordKind } from './record-files.ts';

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
export function headsText(chainFile: string): string {
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

/** The schema of each collection's entries. */
export const collectionSchemas = {
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
