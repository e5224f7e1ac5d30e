// A writable copy of the sample data folder, edited by tests that check how bad data is reported.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { expect } from 'vitest';
import { DataError } from '../../src/errors/index.ts';

export const SAMPLE_DATA = resolve(import.meta.dirname, '../fixtures/sample-data');

/** A fresh copy of the sample data folder; `remove()` deletes it. */
export function copySampleData(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(SAMPLE_DATA, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Changes one JSON file of a data folder in place; returns its path. */
export function editJson(dir: string, relative: string, change: (json: Record<string, any>) => void): string {
  const file = join(dir, relative);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  change(json);
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  return file;
}

/** The message a failing call throws, asserting it is a DataError. */
export function dataFailure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return (error as Error).message;
  }
  throw new Error('expected a DataError, but nothing was thrown');
}

/** Every file under a folder, relative path → bytes, in path order: to compare two data folders byte for byte. */
export function readTree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (p: string) => {
    for (const e of readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(p, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(relative(root, full), readFileSync(full));
    }
  };
  walk(root);
  return out;
}
