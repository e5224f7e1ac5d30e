// Which waybill wrote a data folder, and in which format (docs/data-folder.md, "Versions of the
// format"): every record names the generator, and a folder of a newer format is refused.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors/index.ts';
import { DATA_FORMAT, dataPaths } from '../schemas/layout.ts';

/** This waybill's version, from its package.json (two folders up in src/ and in the built build/ alike). */
export const WAYBILL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export const GENERATOR = `waybill ${WAYBILL_VERSION}`;

/** A data folder written by a newer waybill is refused, naming its version, before anything is written. */
export function assertDataFormat(dataDir: string): void {
  for (const rel of [dataPaths.site, dataPaths.shard]) {
    const file = join(dataDir, rel);
    if (!existsSync(file)) continue;
    let found: { format?: unknown; generator?: unknown } | null = null;
    try {
      found = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue; // rewritten by this harvest
    }
    if (typeof found?.format === 'number' && found.format > DATA_FORMAT) {
      throw new InputError(
        `the data folder was written by ${typeof found.generator === 'string' ? found.generator : 'a newer waybill'} (data format ${found.format}); this is ${GENERATOR}, which reads format ${DATA_FORMAT} and older`,
        {
          where: file,
          fix: 'upgrade waybill to the version that wrote it, or harvest into an empty data folder with --data',
        },
      );
    }
  }
}
