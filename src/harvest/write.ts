// Writing the data folder: validated, sorted, byte-stable and atomic.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { z } from 'astro/zod';
import { recordBug } from '../errors/index.ts';

/**
 * A temporary name beside `file`, unique to this write: the process id alone is not (containers
 * sharing a cache volume all run as pid 1).
 */
const tempName = (file: string) => `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;

/** The name of a temporary file {@link tempName} made: a killed writer leaves them (src/harvest/lock.ts removes them). */
export const TEMP_FILE = /\.\d+\.[0-9a-f]{12}\.tmp$/;

/** `JSON.stringify(x, null, 2) + "\n"`: one byte form for one value. */
export const toJson = (data: unknown) => JSON.stringify(data, null, 2) + '\n';

/**
 * Writes `text` to `file` through a temporary file and a rename, so a crash never leaves half a
 * file; an unchanged file is not touched. Returns true when the file changed.
 */
export function writeFileAtomic(file: string, content: string | Buffer): boolean {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  if (existsSync(file) && readFileSync(file).equals(bytes)) return false;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempName(file);
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return true;
}

/**
 * `data` as the record's schema (the same one the content collection reads with) parses it. A
 * record that fails its own schema is a bug in waybill (a BugError naming the file and the field),
 * not bad input.
 */
function validated<T>(file: string, schema: z.ZodType<T>, data: T): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw recordBug(file, data, parsed.error.issues, schema);
  return parsed.data;
}

/** Validates `data` with the record's schema, then writes it. */
export function writeRecord<T>(root: string, rel: string, schema: z.ZodType<T>, data: T): boolean {
  const file = join(root, rel);
  return writeFileAtomic(file, toJson(validated(file, schema, data)));
}

/** Removes the files in `dir` that are not in `keep` (stale records of a previous harvest). */
export function removeOthers(dir: string, keep: Set<string>): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!keep.has(name)) {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

/**
 * Many files at once, each as writeFileAtomic writes it (temporary file and rename; an unchanged
 * file untouched), several in flight: a harvest writes thousands of records, and on most file
 * systems each open, write and rename waits on the disk rather than on the CPU. Returns how many
 * files changed.
 */
export async function writeFilesAtomic(
  files: { file: string; content: string | Buffer }[],
  concurrency = 16,
): Promise<number> {
  const dirs = new Set(files.map((f) => dirname(f.file)));
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  let changed = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const { file, content } = files[next++]!;
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      const old = await readFile(file).catch(() => null);
      if (old && old.equals(bytes)) continue;
      const tmp = tempName(file);
      await writeFile(tmp, bytes);
      await rename(tmp, file);
      changed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return changed;
}

/** Validates every record with its schema (as writeRecord does), then writes them all at once. */
export async function writeRecords<T>(
  root: string,
  schema: z.ZodType<T>,
  records: { rel: string; data: T }[],
): Promise<number> {
  const files = records.map(({ rel, data }) => {
    const file = join(root, rel);
    return { file, content: toJson(validated(file, schema, data)) };
  });
  return writeFilesAtomic(files);
}
