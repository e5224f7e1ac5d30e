// Reading fields of one record with a problem for each that is not what the format says: the
// pointer of the field, what was expected and what was found. Pure.
import type { DeploymentProblem } from '../../schemas/deployment.ts';
import { describeValue } from '../../errors/describe.ts';
import { DATE_TIME_EXAMPLE, toIsoDateTime } from './dates.ts';

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
export const pointerOf = (base: string, ...keys: (string | number)[]) =>
  base + keys.map((k) => `/${escapePointer(String(k))}`).join('');

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One record being read: where it is, and the problems found so far. */
export class RecordReader {
  readonly problems: DeploymentProblem[] = [];
  readonly file: string;
  readonly line: number | null;
  readonly pointer: string;
  readonly obj: Json;
  /** The line of a value inside the file by pointer, when the format can tell (JSON documents). */
  readonly lineOf: ((pointer: string) => number | null) | null;
  constructor(
    obj: Json,
    file: string,
    line: number | null,
    pointer: string,
    lineOf: ((pointer: string) => number | null) | null = null,
  ) {
    this.obj = obj;
    this.file = file;
    this.line = line;
    this.pointer = pointer;
    this.lineOf = lineOf;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  problem(path: (string | number)[], message: string): void {
    const pointer = pointerOf(this.pointer, ...path);
    this.problems.push({ file: this.file, line: this.lineOf?.(pointer) ?? this.line, pointer, message });
  }

  /** The value at `path` (keys and indexes below the record). */
  get(path: (string | number)[]): unknown {
    let v: unknown = this.obj;
    for (const k of path) {
      if (Array.isArray(v) && typeof k === 'number') v = v[k];
      else if (isObject(v)) v = v[k as string];
      else return undefined;
    }
    return v;
  }

  /** A string (or, with `numbers`, a number, as forges write ids); null when absent or null; a problem otherwise. */
  string(
    path: (string | number)[],
    opts: { required?: string; nonEmpty?: boolean; numbers?: boolean } = {},
  ): string | null {
    const v = this.get(path);
    if (v === undefined || v === null) {
      if (opts.required)
        this.problem(
          path,
          `expected ${JSON.stringify(String(path[path.length - 1]))}: ${opts.required}, found ${v === null ? 'null' : 'nothing'}`,
        );
      return null;
    }
    if (opts.numbers && typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string' || (opts.nonEmpty && v.trim() === '')) {
      this.problem(
        path,
        `expected ${JSON.stringify(String(path[path.length - 1]))} to be ${opts.required ?? 'a string'}, found ${describeValue(v)}`,
      );
      return null;
    }
    return v;
  }

  /** A timestamp with its UTC offset, as ISO 8601; null when absent. */
  dateTime(path: (string | number)[], opts: { required?: boolean } = {}): string | null {
    const v = this.get(path);
    const name = JSON.stringify(String(path[path.length - 1]));
    if (v === undefined || v === null) {
      if (opts.required)
        this.problem(
          path,
          `expected ${name}: ${DATE_TIME_EXAMPLE}, found ${v === null ? 'null' : 'nothing'}`,
        );
      return null;
    }
    const iso = typeof v === 'string' ? toIsoDateTime(v) : null;
    if (iso === null) {
      const hint =
        typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v.trim())
          ? '; add the UTC offset ("Z" or "+01:00"): a time without one depends on where it was written'
          : '';
      this.problem(path, `expected ${name} to be ${DATE_TIME_EXAMPLE}, found ${describeValue(v)}${hint}`);
    }
    return iso;
  }

  /** One of `allowed`; null (with a problem) otherwise. */
  oneOf<T extends string>(
    path: (string | number)[],
    allowed: readonly T[],
    opts: { required?: boolean } = {},
  ): T | null {
    const v = this.get(path);
    if ((v === undefined || v === null) && !opts.required) return null;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.problem(
      path,
      `expected ${JSON.stringify(String(path[path.length - 1]))} to be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, found ${describeValue(v)}`,
    );
    return null;
  }
}

/** A commit SHA as a string of 7 to 64 hex digits, lower-cased; null otherwise. */
export function asSha(v: string | null): string | null {
  if (v === null) return null;
  const s = v.trim().toLowerCase();
  return /^[0-9a-f]{7,64}$/.test(s) ? s : null;
}
