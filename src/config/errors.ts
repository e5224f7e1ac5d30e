// zod issues as sentences a user can act on: where (file and key path), what was expected, what
// was found.
import type { z } from 'astro/zod';
import { InputError, InputErrors } from '../core/errors.ts';

/** `projects[0].links.commit` */
export function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    '',
  );
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return `${typeof v} ${s.length > 60 ? `${s.slice(0, 57)}…` : s}`;
}

function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'object'
        ? 'an object'
        : issue.expected === 'array'
          ? 'a list'
          : `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `no key ${issue.keys.map((k) => `"${k}"`).join(', ')} (it is not a setting; check its spelling)`;
    case 'too_small':
      return issue.origin === 'array'
        ? `at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`
        : issue.message;
    case 'invalid_format':
      return issue.message.startsWith('Invalid') ? `a valid ${issue.format}` : issue.message;
    default:
      return issue.message;
  }
}

/**
 * One InputError per issue, naming `file` (with the line, when `lineOf` can tell it) and the key
 * path; thrown together.
 */
export function toInputErrors(
  file: string,
  error: z.ZodError,
  input: unknown,
  fix?: string,
  lineOf?: (path: PropertyKey[]) => number | null,
): InputErrors {
  const errors = error.issues.map((issue) => {
    const path = issue.path;
    const line = lineOf?.(path);
    const at = line ? `${file}:${line}` : file;
    const where = path.length ? `${at}: ${formatPath(path)}` : at;
    const found = issue.code === 'unrecognized_keys' ? '' : `, found ${describe(valueAt(input, path))}`;
    return new InputError(`expected ${expected(issue)}${found}`, { where, fix });
  });
  return new InputErrors(errors);
}
