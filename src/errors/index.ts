// Every error waybill throws on purpose. The command line (src/cli/main.ts, exit codes in
// docs/cli.md) prints the user's input (InputError, DataError, GitError) as "bad input", exit 1,
// with a message that names the file, the field and the fix; a BugError, like any error it does
// not know, as an internal error that asks for a report.
import type { z } from 'astro/zod';
import { describeIssue } from './issues.ts';

/** `1 problem`, `3 problems` */
const problemCount = (list: readonly unknown[]) => `${list.length} problem${list.length === 1 ? '' : 's'}`;

/**
 * Bad input: the CLI exits with 1 and prints the message, which names what is wrong, where
 * (file, line or field) and how to fix it.
 */
export class InputError extends Error {
  readonly where: string | undefined;
  readonly fix: string | undefined;
  constructor(message: string, opts: { where?: string; fix?: string } = {}) {
    super(message);
    this.name = 'InputError';
    this.where = opts.where;
    this.fix = opts.fix;
  }

  /** `where: message\n  fix: …` as the CLI prints it. */
  format(): string {
    const head = this.where ? `${this.where}: ${this.message}` : this.message;
    return this.fix ? `${head}\n  fix: ${this.fix}` : head;
  }
}

/** Several input problems at once; each is reported, not just the first. */
export class InputErrors extends InputError {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    super(
      `${problemCount(errors)}:\n${errors.map((e) => `- ${e.format().replace(/\n/g, '\n  ')}`).join('\n')}`,
    );
    this.errors = errors;
  }
  override format(): string {
    return this.message;
  }
}

/**
 * One InputError per issue of a file a person writes, naming `file` (with the line, when `lineOf`
 * can tell it) and the key path; thrown together.
 */
export function toInputErrors(
  file: string,
  error: z.ZodError,
  input: unknown,
  fix?: string,
  lineOf?: (path: PropertyKey[]) => number | null,
): InputErrors {
  const errors = error.issues.map((issue) => {
    const { at: path, expected, found } = describeIssue(issue, input, { notation: 'key-path' });
    const line = lineOf?.(issue.path);
    const at = line ? `${file}:${line}` : file;
    const where = issue.path.length ? `${at}: ${path}` : at;
    return new InputError(`expected ${expected}${found === null ? '' : `, found ${found}`}`, { where, fix });
  });
  return new InputErrors(errors);
}

export const HARVEST_HINT =
  'The data folder is written by `waybill harvest`; run it again to regenerate it, or fix the file by hand.';

/** Bad or missing data in the data folder. The message is complete: print it as is. */
export class DataError extends Error {
  override name = 'WaybillDataError';
  /** The file at fault, absolute, when there is one. */
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.file = file;
  }
}

const MAX_ISSUES = 12;

/**
 * The DataError for a data-folder file whose JSON does not match its schema: which file, which
 * field (as a JSON pointer), what was expected, what was found, and how to fix it.
 */
export function formatSchemaError(
  file: string,
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  hint = HARVEST_HINT,
): DataError {
  return new DataError(
    `invalid data in ${file} (${problemCount(issues)}):\n${issueLines(data, issues, schema)}\n${hint}`,
    file,
  );
}

/**
 * A broken invariant of waybill's own, never a fault of the user's input: a record waybill
 * assembled that fails its own schema, a cache git still contradicts once it is discarded. The
 * command line prints it as an internal error and asks for a report.
 */
export class BugError extends Error {
  override name = 'BugError';
}

/** The BugError for a record waybill assembled for `file` that fails its own schema. */
export function recordBug(
  file: string,
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
): BugError {
  return new BugError(
    `the record waybill assembled for ${file} does not match its own schema, which is a bug in waybill (${problemCount(issues)}):\n${issueLines(data, issues, schema)}`,
  );
}

/** `  at /changes/3/hash: expected …, found …`, one line per issue (at most MAX_ISSUES). */
function issueLines(data: unknown, issues: readonly z.core.$ZodIssue[], schema: z.ZodType): string {
  const lines = issues.slice(0, MAX_ISSUES).map((issue) => {
    const { at, expected, found } = describeIssue(issue, data, { notation: 'json-pointer', schema });
    return `  at ${at}: expected ${expected}, found ${found}`;
  });
  if (issues.length > MAX_ISSUES)
    lines.push(`  … and ${issues.length - MAX_ISSUES} more problems in the same file`);
  return lines.join('\n');
}

/** git could not read a repository (missing objects, a corrupt pack, no such branch): bad input. */
export class GitError extends Error {
  readonly stderr: string;
  constructor(args: string[], stderr: string, code: number | null) {
    super(`git ${args.join(' ')} failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
    this.stderr = stderr;
  }
}

/**
 * A cache gave a release other commits than git does (src/harvest/confirm.ts): the harvest
 * discards the repository's caches and reads it again from git.
 */
export class CacheDisagrees extends Error {
  readonly repoDir: string;
  constructor(repoDir: string, message: string) {
    super(message);
    this.name = 'CacheDisagrees';
    this.repoDir = repoDir;
  }
}

/** `verify` found mismatches: they are printed already; exit 1. */
export class VerifyFailed extends Error {}
