// The two settings the CLI hands to the Astro build through the environment (it calls
// `build({ root, outDir, site })` from 'astro' with these set). Read here, and only here.
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../../schemas/layout.ts';

export type Audience = 'public' | 'internal';

export interface BuildEnv {
  /** Absolute path of the harvested data folder. */
  dataDir: string;
  audience: Audience;
}

/**
 * `WAYBILL_DATA`: the data folder (absolute; a relative path is taken from the project root),
 * default `content/data` under the project root. `WAYBILL_AUDIENCE`: `public` (default) or
 * `internal`; anything else is an error, because guessing "public" for a typo of "internal" would
 * hide data and guessing "internal" for a typo of "public" would leak it.
 */
export function readBuildEnv(env: Record<string, string | undefined>, root: string): BuildEnv {
  const data = env.WAYBILL_DATA?.trim();
  const dataDir = data ? (isAbsolute(data) ? data : resolve(root, data)) : resolve(root, DEFAULT_DATA_DIR);
  return { dataDir, audience: readAudience(env) };
}

export function readAudience(env: Record<string, string | undefined>): Audience {
  const value = env.WAYBILL_AUDIENCE?.trim() || 'public';
  if (value === 'public' || value === 'internal') return value;
  throw new Error(
    `WAYBILL_AUDIENCE is "${value}": expected "public" or "internal". ` +
      'Pass --audience public|internal to `waybill build`, or unset the variable for "public".',
  );
}
