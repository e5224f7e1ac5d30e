// Whose fault an error names (src/errors/index.ts): a record waybill assembled that fails its own
// schema is a bug in waybill (BugError, printed by the CLI as an internal error), while the same
// schema failure in a file the user wrote or edited is bad input (InputError, DataError).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'astro/zod';
import { afterAll, describe, expect, it } from 'vitest';
import { BugError, DataError, formatSchemaError, InputError, toInputErrors } from '../../src/errors/index.ts';
import { writeRecord, writeRecords } from '../../src/harvest/write.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const Schema = z.object({ version: z.string(), date: z.string().nullable() });
const broken = { version: 2, date: 'x' } as unknown as z.infer<typeof Schema>;

describe('a record waybill assembled that fails its own schema', () => {
  it('is a BugError naming the file and the field, not bad input, and is not written', () => {
    const thrown = (() => {
      try {
        writeRecord(root, 'one.json', Schema, broken);
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(BugError);
    expect(thrown).not.toBeInstanceOf(InputError);
    expect(thrown).not.toBeInstanceOf(DataError);
    expect((thrown as Error).message).toBe(
      `the record waybill assembled for ${join(root, 'one.json')} does not match its own schema, which is a bug in waybill (1 problem):\n` +
        '  at /version: expected a string, found the number 2',
    );
    expect(existsSync(join(root, 'one.json'))).toBe(false);
  });

  it('is a BugError from writeRecords too, before any file is written', async () => {
    const records = [
      { rel: 'a.json', data: { version: '1.0.0', date: null } },
      { rel: 'b.json', data: broken },
    ];
    await expect(writeRecords(root, Schema, records)).rejects.toBeInstanceOf(BugError);
    expect(existsSync(join(root, 'a.json'))).toBe(false);
  });
});

describe('the same schema failure in a file the user wrote or edited', () => {
  const parsed = Schema.safeParse(broken);
  if (parsed.success) throw new Error('the record was meant to be broken');

  it('is an InputError for a file a person writes', () => {
    const e = toInputErrors('planned/2.0.md', parsed.error, broken);
    expect(e).toBeInstanceOf(InputError);
    expect(e).not.toBeInstanceOf(BugError);
    expect(e.format()).toBe('1 problem:\n- planned/2.0.md: version: expected a string, found number 2');
  });

  it('is a DataError for a data-folder file', () => {
    const e = formatSchemaError('/data/x.json', broken, parsed.error.issues, Schema);
    expect(e).toBeInstanceOf(DataError);
    expect(e).not.toBeInstanceOf(BugError);
    expect(e.message).toMatch(
      /^invalid data in \/data\/x\.json \(1 problem\):\n {2}at \/version: expected a string/,
    );
  });
});

describe('a setting of the wrong kind in a waybill.config.ts', () => {
  const Settings = z.object({
    title: z.string(),
    retries: z.int().optional(),
    legacy: z.undefined().optional(),
  });
  const messages = (input: unknown) => {
    const parsed = Settings.safeParse(input);
    if (parsed.success) throw new Error('expected the settings to fail');
    return toInputErrors('waybill.config.ts', parsed.error, input).errors.map((e) => e.message);
  };

  it('names a function or a bigint it found instead of failing to quote it', () => {
    expect(messages({ title: () => 'x' })).toEqual([expect.stringContaining('found a function')]);
    expect(messages({ title: 10n })).toEqual([expect.stringContaining('found bigint 10n')]);
  });

  it('says "an integer" and "no value" with their articles', () => {
    expect(messages({ title: 't', retries: 1.5 })).toEqual([expect.stringContaining('expected an integer')]);
    expect(messages({ title: 't', legacy: 1 })).toEqual([expect.stringContaining('expected no value')]);
  });
});
