// zod issues as sentences a person can act on: where (a key path or a JSON pointer), what was
// expected, what was found. Pure: callers pass the parsed value and the issues, and build the
// error (src/errors/index.ts: toInputErrors, formatSchemaError).
import type { z } from 'astro/zod';
import { describeValue, withArticle } from './describe.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * How an issue is worded. `key-path`: files a person writes (the config, planned releases,
 * overlays), with key paths, "a list" and the schema's own messages. `json-pointer`: records of
 * the data folder, with JSON pointers (RFC 6901) and JSON type names; `schema` is the record's,
 * looked up to say "or null" where the field allows it.
 */
type IssueNotation = { notation: 'key-path' } | { notation: 'json-pointer'; schema: z.ZodType };

/** One issue, in three parts. */
interface IssueParts {
  /** Where in the file: `projects[0].id` or `/changes/3/hash`. */
  at: string;
  /** What was expected: `a string`, `one of "a", "b"`. */
  expected: string;
  /** What was found, or null where a key path's issue names keys rather than a value. */
  found: string | null;
}

/** `projects[0].links.commit` */
export function formatPath(path: Path): string {
  return path.reduce<string>(
    (s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    '',
  );
}

/** `["changes", 3, "hash"]` → `/changes/3/hash` (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function toPointer(path: Path): string {
  if (path.length === 0) return '(the whole file)';
  return path.map((p) => '/' + String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** Where, what was expected and what was found, for one issue of `input`. */
export function describeIssue(issue: Issue, input: unknown, how: IssueNotation): IssueParts {
  if (how.notation === 'key-path') {
    return {
      at: formatPath(issue.path),
      expected: expectedOf(issue, true),
      found: issue.code === 'unrecognized_keys' ? null : describeValue(valueAt(input, issue.path), 'setting'),
    };
  }
  const field = schemaAt(how.schema, issue.path);
  const orNull =
    field !== undefined &&
    acceptsNull(field) &&
    !(issue.code === 'invalid_type' && issue.expected === 'null');
  return {
    at: toPointer(issue.path),
    expected: expectedOf(issue, false) + (orNull ? ' or null' : ''),
    found: describeValue(valueAt(input, issue.path), 'field'),
  };
}

function expectedOf(issue: Issue, keyPath: boolean): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'an integer';
      if (keyPath) {
        if (issue.expected === 'array') return 'a list';
        if (issue.expected === 'undefined') return 'no value';
        return withArticle(issue.expected);
      }
      return issue.expected === 'undefined' ? 'undefined' : withArticle(issue.expected);
    case 'invalid_value':
      return !keyPath && issue.values.length === 1
        ? `the value ${JSON.stringify(issue.values[0])}`
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return keyPath
        ? `no key ${issue.keys.map((k) => `"${k}"`).join(', ')} (it is not a setting; check its spelling)`
        : `no field${issue.keys.length === 1 ? '' : 's'} named ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      if (keyPath) return issue.message;
      if (issue.origin === 'string')
        return `a string of at least ${issue.minimum} character${issue.minimum === 1 ? '' : 's'}`;
      return `a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      return keyPath ? issue.message : `a ${issue.origin} of at most ${issue.maximum}`;
    case 'invalid_format':
      if (keyPath) return issue.message.startsWith('Invalid') ? `a valid ${issue.format}` : issue.message;
      if (issue.format === 'regex' && 'pattern' in issue) return `a string matching ${issue.pattern}`;
      return `a string in ${issue.format} format`;
    default:
      return issue.message;
  }
}

function valueAt(input: unknown, path: Path): unknown {
  let at: unknown = input;
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
