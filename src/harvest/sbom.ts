// The one place that reads SBOM files (docs/sbom.md). It reads the bytes, decodes and parses them,
// recognizes the format from the document's own fields, validates it offline against the
// official JSON schema of the version it declares, and hands the parsed document to the pure
// core (src/core/sbom/) to normalize. Every problem is returned, never just the first.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
// @ts-expect-error -- ajv-formats-draft2019 ships no types; it is the plugin the CycloneDX library uses for "idn-email".
import addFormats2019 from 'ajv-formats-draft2019';
import {
  decodeJsonText,
  detectSbom,
  jsonSyntaxProblem,
  normalizeSbom,
  toSchemaProblems,
  type NormalizedBom,
  type SbomKind,
  type SbomProblem,
} from '../core/sbom/index.ts';
import { sha256Hex } from '../core/canonical.ts';

export { sbomPath } from '../core/sbom/index.ts';

export type SbomRead =
  | {
      ok: true;
      bytes: Buffer;
      sha256: string;
      format: 'CycloneDX' | 'SPDX';
      specVersion: string;
      bom: NormalizedBom;
    }
  | { ok: false; problems: SbomProblem[] };

// --- Schemas ------------------------------------------------------------------------------------
// CycloneDX: the schema files @cyclonedx/cyclonedx-library ships (res/schema/), chosen exactly as
// its Validation.JsonStrictValidator chooses them (src/resources.node.ts, FILES.CDX.JSON_STRICT_SCHEMA:
// the "-strict" variants for 1.2 and 1.3, which forbid undeclared properties like 1.4+ do), with the
// same ajv options and formats (src/_optPlug.node/__jsonValidators/ajv.ts). We compile them ourselves
// rather than call JsonStrictValidator.validate() because that stops at the first error (ajv's
// default allErrors: false) and takes a string it parses again; docs/sbom.md promises every problem.
// test/integration/sbom-corpus.test.ts checks that both give the same verdicts.
const cdxSchemaDir = join(
  dirname(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library/package.json')),
  'res',
  'schema',
);
const CDX_SCHEMA_FILE: Record<string, string> = {
  '1.2': 'bom-1.2-strict.SNAPSHOT.schema.json',
  '1.3': 'bom-1.3-strict.SNAPSHOT.schema.json',
  '1.4': 'bom-1.4.SNAPSHOT.schema.json',
  '1.5': 'bom-1.5.SNAPSHOT.schema.json',
  '1.6': 'bom-1.6.SNAPSHOT.schema.json',
  '1.7': 'bom-1.7.SNAPSHOT.schema.json',
};
/** Schemas the bom schemas `$ref` by these ids (the library's schemaMap). */
const CDX_REFERENCED: Record<string, string> = {
  'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': 'spdx.SNAPSHOT.schema.json',
  'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json':
    'cryptography-defs.SNAPSHOT.schema.json',
  'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': 'jsf-0.82.SNAPSHOT.schema.json',
};
// SPDX: the official schemas copied into ./schemas/ (see its README): 2.2 is draft-07, 2.3 is 2019-09.
const spdxSchemaDir = join(dirname(fileURLToPath(import.meta.url)), 'schemas');
const SPDX_SCHEMA_FILE: Record<string, string> = {
  '2.2': 'spdx-schema-v2.2.json',
  '2.3': 'spdx-schema-v2.3.json',
};

const AJV_OPTIONS = {
  allErrors: true,
  // Errors carry the offending data and the schema around it, for messages that quote both.
  verbose: true,
  useDefaults: false,
  strict: false,
  strictSchema: false,
  addUsedSchema: false,
  // Offline: a $ref to anything not loaded here is an error, never a download.
  loadSchema: (uri: string) => {
    throw new Error(`remote schemas are disabled: ${uri}`);
  },
} as const;

const readJson = async (file: string): Promise<object> => JSON.parse(await readFile(file, 'utf8')) as object;

// --- uniqueItems in linear time -------------------------------------------------------------------
// ajv checks `uniqueItems` on arrays of objects by comparing every pair: 50 million deep
// comparisons, about 6 s, for a 10,000-entry `components` array (the CycloneDX library's own
// validator takes as long). The schemas are compiled with each `"uniqueItems": true` replaced by
// this keyword, which means the same thing (no two items deep-equal, JSON Schema 2020-12 section
// 6.4.3; object key order does not matter, as in ajv's fast-deep-equal) but hashes each item's
// canonical JSON once. Its errors keep ajv's keyword and params ({ i: later, j: earlier }), and it
// reports every repeated item rather than the first.
const UNIQUE = 'waybillUniqueItems';

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const uniqueItems: SchemaValidateFunction = (schema: boolean, data: unknown): boolean => {
  if (!schema || !Array.isArray(data) || data.length < 2) return true;
  const seen = new Map<string, number>();
  const errors: NonNullable<SchemaValidateFunction['errors']> = [];
  data.forEach((item, i) => {
    const key = canonicalJson(item);
    const j = seen.get(key);
    if (j === undefined) seen.set(key, i);
    else
      errors.push({
        keyword: 'uniqueItems',
        params: { i, j },
        message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
      });
  });
  uniqueItems.errors = errors;
  return errors.length === 0;
};

/** A copy of a schema with `"uniqueItems": true` as the linear-time keyword above. */
function withLinearUniqueItems(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withLinearUniqueItems);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    // Only the keyword (a boolean): a property that happens to be named "uniqueItems" is a schema.
    if (k === 'uniqueItems' && typeof v === 'boolean') out[UNIQUE] = v;
    else out[k] = withLinearUniqueItems(v);
  }
  return out;
}

function addLinearUniqueItems(ajv: Pick<Ajv, 'addKeyword'>): void {
  ajv.addKeyword({
    keyword: UNIQUE,
    type: 'array',
    schemaType: 'boolean',
    errors: true,
    validate: uniqueItems,
  });
}

async function compileCycloneDx(version: string): Promise<ValidateFunction> {
  const ajv = new Ajv(AJV_OPTIONS);
  addFormats(ajv);
  addFormats2019(ajv, { formats: ['idn-email'] });
  // As the library does: ajv has no working "iri-reference" check (luzlab/ajv-formats-draft2019#22).
  ajv.addFormat('iri-reference', true);
  addLinearUniqueItems(ajv);
  for (const [id, file] of Object.entries(CDX_REFERENCED))
    ajv.addSchema(withLinearUniqueItems(await readJson(join(cdxSchemaDir, file))) as object, id);
  return ajv.compile(
    withLinearUniqueItems(await readJson(join(cdxSchemaDir, CDX_SCHEMA_FILE[version]))) as object,
  );
}

async function compileSpdx(version: string): Promise<ValidateFunction> {
  const ajv = version === '2.3' ? new Ajv2019(AJV_OPTIONS) : new Ajv(AJV_OPTIONS);
  addFormats(ajv);
  addLinearUniqueItems(ajv);
  return ajv.compile(
    withLinearUniqueItems(await readJson(join(spdxSchemaDir, SPDX_SCHEMA_FILE[version]))) as object,
  );
}

// Compiling a CycloneDX schema takes a few hundred milliseconds; each version is compiled once per
// process, on first use, and shared by every file that declares it.
const validators = new Map<string, Promise<ValidateFunction>>();

function validatorFor(kind: SbomKind): Promise<ValidateFunction> {
  const id = `${kind.format} ${kind.specVersion}`;
  let v = validators.get(id);
  if (!v) {
    v = kind.format === 'CycloneDX' ? compileCycloneDx(kind.specVersion) : compileSpdx(kind.specVersion);
    validators.set(id, v);
    // A failed compile (a schema file missing from the install) must not stick for the next call.
    v.catch(() => validators.delete(id));
  }
  return v;
}

/** Problems of a parsed document against the official schema of the version it declares. */
export async function validateSbom(json: unknown, kind: SbomKind): Promise<SbomProblem[]> {
  const validate = await validatorFor(kind);
  return validate(json) ? [] : toSchemaProblems(validate.errors ?? []);
}

// --- Reading ------------------------------------------------------------------------------------

/**
 * Reads one SBOM file. `display` is how messages name it (the path as configured). Never throws
 * for a bad document: a missing file, bytes that are not text, text that is not JSON, JSON that
 * is not a CycloneDX 1.2–1.7 or SPDX 2.2–2.3 document, and every schema violation come back as
 * problems with a JSON pointer ("" for the whole document) and what was expected.
 */
export async function readSbom(file: string, display: string): Promise<SbomRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(e));
    return {
      ok: false,
      problems: [
        {
          pointer: '',
          message: `could not read "${display}": ${why}; expected an SBOM file there (check the project's "sboms" pattern and that the file exists for this version)`,
        },
      ],
    };
  }
  const decoded = decodeJsonText(bytes);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  let json: unknown;
  try {
    json = JSON.parse(decoded.text);
  } catch (e) {
    return { ok: false, problems: [jsonSyntaxProblem(decoded.text, e)] };
  }
  const kind = detectSbom(json);
  if (!kind.ok) return { ok: false, problems: [{ pointer: kind.pointer, message: kind.message }] };
  const problems = await validateSbom(json, kind);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    bytes,
    sha256: sha256Hex(bytes),
    format: kind.format,
    specVersion: kind.specVersion,
    bom: normalizeSbom(json, kind),
  };
}
