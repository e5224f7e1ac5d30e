// Turns a failed read of the data folder into a message a person can act on: which file, which
// field (as a JSON pointer), what was expected, what was found, and how to fix it. Pure: callers
// pass the file path, the parsed value and the zod issues.
import type { z } from 'astro/zod';

export const HARVEST_HINT =
  'The data folder is written by `waybill harvest`; run it again to regenerate it, or fix the file by hand.';

/** Bad or missing data. The message is complete: print it as is. */
export class DataError extends Error {
  override name = 'WaybillDataError';
  /** The file at fault, absolute, when there is one. */
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.file = file;
  }
}

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** `["changes", 3, "hash"]` → `/changes/3/hash` (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function toPointer(path: Path): string {
  if (path.length === 0) return '(the whole file)';
  return path.map((p) => '/' + String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

const MAX_ISSUES = 12;

/** The message for a file whose JSON does not match its schema. */
export function formatSchemaError(
  file: string,
  data: unknown,
  issues: readonly Issue[],
  schema: z.ZodType,
  hint = HARVEST_HINT,
): DataError {
  const lines = issues.slice(0, MAX_ISSUES).map((issue) => {
    const expected = describeExpected(issue, schemaAt(schema, issue.path));
    return `  at ${toPointer(issue.path)}: expected ${expected}, found ${describeValue(valueAt(data, issue.path))}`;
  });
  if (issues.length > MAX_ISSUES)
    lines.push(`  … and ${issues.length - MAX_ISSUES} more problems in the same file`);
  const s = issues.length === 1 ? '' : 's';
  return new DataError(
    `invalid data in ${file} (${issues.length} problem${s}):\n${lines.join('\n')}\n${hint}`,
    file,
  );
}

function describeExpected(issue: Issue, at: z.core.$ZodType | undefined): string {
  const orNull =
    at !== undefined && acceptsNull(at) && !(issue.code === 'invalid_type' && issue.expected === 'null');
  return describeIssue(issue) + (orNull ? ' or null' : '');
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'an integer';
      return withArticle(issue.expected);
    case 'invalid_format':
      if (issue.format === 'regex' && 'pattern' in issue) return `a string matching ${issue.pattern}`;
      return `a string in ${issue.format} format`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `the value ${JSON.stringify(issue.values[0])}`
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string')
        return `a string of at least ${issue.minimum} character${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'array') return `at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      return `a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      return `a ${issue.origin} of at most ${issue.maximum}`;
    case 'unrecognized_keys':
      return `no field${issue.keys.length === 1 ? '' : 's'} named ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return issue.message;
  }
}

function withArticle(type: string): string {
  if (type === 'null' || type === 'undefined') return type;
  return (/^[aeiou]/.test(type) ? 'an ' : 'a ') + type;
}

/** How a found value reads in a message: its kind and, when short, the value itself. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? value.slice(0, 57) + '…' : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  return 'an object';
}

function valueAt(data: unknown, path: Path): unknown {
  let at: unknown = data;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

// zod issues say "expected string" for a `z.string().nullable()` that got a number; to say
// "a string or null" we look the field up in the schema. Only the shapes our record schemas use.
type Def = {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
};
const defOf = (s: z.core.$ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(s: z.core.$ZodType): z.core.$ZodType {
  let at = s;
  for (
    let def = defOf(at);
    (def.type === 'nullable' || def.type === 'optional' || def.type === 'default') && def.innerType;
    def = defOf(at)
  ) {
    at = def.innerType;
  }
  return at;
}

function schemaAt(schema: z.core.$ZodType, path: Path): z.core.$ZodType | undefined {
  let at: z.core.$ZodType | undefined = schema;
  for (const key of path) {
    if (!at) return undefined;
    const def = defOf(unwrap(at));
    if (def.type === 'object') at = def.shape?.[String(key)];
    else if (def.type === 'array') at = def.element;
    else if (def.type === 'record') at = def.valueType;
    else return undefined;
  }
  return at;
}

function acceptsNull(s: z.core.$ZodType): boolean {
  for (let at = s; ;) {
    const def = defOf(at);
    if (def.type === 'nullable') return true;
    if ((def.type === 'optional' || def.type === 'default') && def.innerType) at = def.innerType;
    else return false;
  }
}
