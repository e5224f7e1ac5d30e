// JSON Schema validation errors (ajv's shape, compiled with `verbose: true` so each error carries
// the offending data and its schema) → problems a person can act on: the JSON pointer of the
// offending value and a sentence saying what was expected and what was found. Pure; the harvest
// runs the validator.
import { describeJsonType, describeType, describeValue } from '../../errors/describe.ts';
import type { SbomProblem } from './types.ts';

/** The fields of an ajv `ErrorObject` that are read here (ajv is not imported by the core). */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
  parentSchema?: unknown;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const quote = (s: unknown) => JSON.stringify(String(s));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function list(values: readonly unknown[], max = 20): string {
  const shown = values.slice(0, max).map((v) => JSON.stringify(v));
  if (values.length <= max)
    return shown.length <= 1
      ? shown.join('')
      : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
  return `one of the ${values.length} values the schema lists (${shown.slice(0, 4).join(', ')}, …)`;
}

const FORMAT_EXAMPLE: Record<string, string> = {
  'date-time': ' (RFC 3339, e.g. "2026-11-20T14:03:00Z")',
  date: ' (e.g. "2026-11-20")',
  email: ' (e.g. "name@example.com")',
  'idn-email': ' (e.g. "name@example.com")',
  uri: ' (an absolute URI, e.g. "https://example.com/x")',
  'uri-reference': ' (a URI or relative reference)',
  uuid: ' (e.g. "3e671687-395b-41f5-a30f-a58921a69b79")',
};

function propertiesAllowed(parentSchema: unknown): string[] {
  if (typeof parentSchema !== 'object' || parentSchema === null) return [];
  const props = (parentSchema as { properties?: unknown }).properties;
  return typeof props === 'object' && props !== null ? Object.keys(props) : [];
}

function toProblem(e: SchemaError): SbomProblem {
  const at = e.instancePath;
  const p = e.params;
  const found = describeValue(e.data);
  switch (e.keyword) {
    case 'required':
      return {
        pointer: at,
        message: `expected the required property ${quote(p.missingProperty)}, found ${describeJsonType(e.data).replace(/^an object$/, 'an object without it')}`,
      };
    case 'additionalProperties': {
      const allowed = propertiesAllowed(e.parentSchema);
      const hint =
        allowed.length === 0
          ? ''
          : allowed.length <= 15
            ? ` (allowed here: ${allowed.join(', ')})`
            : ` (allowed here: ${allowed.slice(0, 15).join(', ')}, …)`;
      return {
        pointer: `${at}/${escapePointer(String(p.additionalProperty))}`,
        message: `unexpected property ${quote(p.additionalProperty)}: expected only the properties the schema defines${hint}; check its spelling and the document's declared spec version`,
      };
    }
    case 'unevaluatedProperties':
      return {
        pointer: `${at}/${escapePointer(String(p.unevaluatedProperty))}`,
        message: `unexpected property ${quote(p.unevaluatedProperty)}: expected only the properties the schema defines; check its spelling and the document's declared spec version`,
      };
    case 'enum':
      return {
        pointer: at,
        message: `expected ${list(Array.isArray(p.allowedValues) ? p.allowedValues : [])}, found ${found}`,
      };
    case 'const':
      return { pointer: at, message: `expected ${JSON.stringify(p.allowedValue)}, found ${found}` };
    case 'type':
      return {
        pointer: at,
        message: `expected ${describeType(Array.isArray(p.type) ? p.type.join(',') : String(p.type))}, found ${describeJsonType(e.data)}${typeof e.data === 'object' ? '' : ` (${found})`}`,
      };
    case 'pattern':
      return { pointer: at, message: `expected a string matching the pattern ${p.pattern}, found ${found}` };
    case 'format':
      return {
        pointer: at,
        message: `expected a valid "${p.format}" value${FORMAT_EXAMPLE[String(p.format)] ?? ''}, found ${found}`,
      };
    case 'minLength':
    case 'maxLength':
      return {
        pointer: at,
        message: `expected ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${plural(Number(p.limit), 'character')}, found ${found}`,
      };
    case 'minItems':
    case 'maxItems':
      return {
        pointer: at,
        message: `expected ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${plural(Number(p.limit), 'item')}, found ${found}`,
      };
    case 'minProperties':
    case 'maxProperties':
      return {
        pointer: at,
        message:
          `expected ${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${plural(Number(p.limit), 'property')}, found ${found}`.replace(
            'propertys',
            'properties',
          ),
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        pointer: at,
        message: `expected a number ${String(p.comparison)} ${String(p.limit)}, found ${found}`,
      };
    case 'multipleOf':
      return { pointer: at, message: `expected a multiple of ${String(p.multipleOf)}, found ${found}` };
    case 'uniqueItems':
      return {
        pointer: at,
        message: `expected no duplicate items, found item ${String(p.i)} identical to item ${String(p.j)}; remove the repeat`,
      };
    case 'oneOf':
      return {
        pointer: at,
        message: Array.isArray(p.passingSchemas)
          ? `expected exactly one of the alternatives at ${e.schemaPath} to match, found ${p.passingSchemas.length} (${p.passingSchemas.join(', ')}) that do`
          : `expected one of the alternatives at ${e.schemaPath} to match, found ${found} matching none; the problems reported for the same place say why each alternative fails`,
      };
    case 'anyOf':
      return {
        pointer: at,
        message: `expected at least one of the alternatives at ${e.schemaPath} to match, found ${found} matching none; the problems reported for the same place say why each alternative fails`,
      };
    case 'not':
      return {
        pointer: at,
        message: `expected a value that does not match the schema at ${e.schemaPath}, found ${found}, which does`,
      };
    case 'if':
      return {
        pointer: at,
        message: `expected the "${String(p.failingKeyword)}" branch of the condition at ${e.schemaPath.replace(/\/if$/, '')} to match, found ${found}; see the problems reported for the same place`,
      };
    case 'dependencies':
    case 'dependentRequired':
      return {
        pointer: at,
        message: `expected property ${quote(p.missingProperty)} because ${quote(p.property)} is present, found an object without it`,
      };
    case 'false schema':
      return {
        pointer: at,
        message: `expected nothing here (the schema at ${e.schemaPath} allows no value), found ${found}`,
      };
    default:
      return {
        pointer: at,
        message: `expected a value that satisfies "${e.keyword}" at ${e.schemaPath} (${e.message ?? 'schema rule'}), found ${found}`,
      };
  }
}

/** Every schema error as a problem, in the validator's order, without exact repeats. */
export function toSchemaProblems(errors: readonly SchemaError[]): SbomProblem[] {
  const seen = new Set<string>();
  const out: SbomProblem[] = [];
  for (const e of errors) {
    const problem = toProblem(e);
    const k = `${problem.pointer}\u0000${problem.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(problem);
    }
  }
  return out;
}

/**
 * A file's bytes as JSON text, or a problem when they are not text. UTF-8 with or without a byte
 * order mark; UTF-16 with a byte order mark, or recognized from the zero byte of its first (ASCII)
 * character as RFC 4627 section 3 describes: SBOM tools on Windows write UTF-16 (the SPDX corpus
 * has one). Malformed sequences are an error, not U+FFFD: a digest-checked record must not
 * silently differ from its file.
 */
export function decodeJsonText(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; problem: SbomProblem } {
  let encoding = 'utf-8';
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  else if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) encoding = 'utf-16le';
  else if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) encoding = 'utf-16be';
  try {
    return {
      ok: true,
      text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start)),
    };
  } catch {
    return {
      ok: false,
      problem: {
        pointer: '',
        message: `not ${encoding.toUpperCase()} text: the file has byte sequences that are not valid ${encoding.toUpperCase()}; expected a JSON document encoded as UTF-8 (save or export it as UTF-8)`,
      },
    };
  }
}
