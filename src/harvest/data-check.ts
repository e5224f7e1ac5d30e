// The data-folder records a harvest reads back instead of writing again (a project unchanged since
// the last harvest keeps its `projects/<id>.json` and `next/<id>.json`): checked before anything
// is written, so a file edited by hand or cut short stops the harvest with its name, line or
// field, and the fix, instead of a stack trace halfway through.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'astro/zod';
import { InputError, toInputErrors } from '../errors/index.ts';
import { parseJsonFile } from '../config/load.ts';
import { dataPaths } from '../schemas/layout.ts';
import { NextSchema, ProjectSchema } from '../schemas/project.ts';

const FIX =
  'restore the file from the last good copy of the data folder (the commit or CI cache that holds it), or delete it: the next harvest reads the project again and writes it anew';

/** Every problem with the `projects/` and `next/` records of these projects (absent files are fine). */
export function checkProjectRecords(dataDir: string, projects: readonly string[]): InputError[] {
  const problems: InputError[] = [];
  const check = (rel: string, schema: z.ZodType, idField: 'id' | 'project', id: string) => {
    const file = join(dataDir, rel);
    if (!existsSync(file)) return;
    let json: unknown;
    try {
      json = parseJsonFile(file, readFileSync(file, 'utf8'));
    } catch (e) {
      const err = e as InputError;
      problems.push(new InputError(err.message, { where: err.where, fix: FIX }));
      return;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      // One problem per file, its fields listed: the fix is the same for all of them.
      const fields = toInputErrors(file, parsed.error, json).errors.map(
        (e) => `${e.where!.slice(file.length + 2)}: ${e.message}`,
      );
      const shown = fields.slice(0, 5).join('; ');
      problems.push(
        new InputError(
          `is not ${idField === 'id' ? 'a project' : 'an advance notice'} record as waybill writes it: ${shown}${fields.length > 5 ? `; and ${fields.length - 5} more` : ''}`,
          { where: file, fix: FIX },
        ),
      );
      return;
    }
    const found = (parsed.data as Record<string, unknown>)[idField];
    if (found !== id)
      problems.push(
        new InputError(
          `expected ${JSON.stringify(id)} (the file is ${rel}), found ${JSON.stringify(found)}`,
          {
            where: `${file}: ${idField}`,
            fix: FIX,
          },
        ),
      );
  };
  for (const id of projects) {
    check(dataPaths.project(id), ProjectSchema, 'id', id);
    check(dataPaths.next(id), NextSchema, 'project', id);
  }
  return problems;
}
