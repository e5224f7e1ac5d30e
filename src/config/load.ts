// Finding and loading waybill.config.{ts,mjs,json}. The only part of config/ that does I/O.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, InputErrors, toInputErrors } from '../errors/index.ts';
import { lineOf as lineOfPath, parseJsonc } from './jsonc.ts';
import { checkConfigRules, fileCheck } from './rules.ts';
import { ConfigSchema, type Config } from '../schemas/config/config.ts';

export const CONFIG_NAMES = ['waybill.config.ts', 'waybill.config.mjs', 'waybill.config.json'];

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the config file. */
  file: string;
  /** Folder the config's relative paths are relative to. */
  dir: string;
}

/** The config file in `cwd`, or null when there is none. */
export function findConfig(cwd: string): string | null {
  for (const name of CONFIG_NAMES) {
    const f = resolve(cwd, name);
    if (existsSync(f)) return f;
  }
  return null;
}

/** Parses JSON, turning a syntax error into one that names the line and column. */
export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = file;
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      where = `${file}:${line}:${Number(pos[1]) - before.lastIndexOf('\n')}`;
    }
    throw new InputError(`is not valid JSON (${msg.replace(/ in JSON at position \d+.*$/, '')})`, {
      where,
      fix: 'correct the JSON syntax at that place',
    });
  }
}

export async function loadConfig(file: string, cwd: string): Promise<LoadedConfig> {
  const abs = isAbsolute(file) ? file : resolve(cwd, file);
  if (!existsSync(abs)) {
    throw new InputError('config file not found', {
      where: abs,
      fix: `check the --config path, or create one of ${CONFIG_NAMES.join(', ')}`,
    });
  }
  let input: unknown;
  let lineOf: ((path: PropertyKey[]) => number | null) | undefined;
  if (abs.endsWith('.json')) {
    // JSON with comments: `waybill init` writes its guesses with a comment on each.
    const text = readFileSync(abs, 'utf8');
    input = parseJsonc(abs, text);
    lineOf = (path) => lineOfPath(text, path);
  } else if (/\.(m?ts|m?js)$/.test(abs)) {
    try {
      const mod = await import(pathToFileURL(abs).href);
      input = mod.default;
    } catch (e) {
      throw new InputError(`could not be loaded: ${(e as Error).message}`, {
        where: abs,
        fix: 'run it with node to see the error; it must `export default defineConfig({...})`',
      });
    }
    if (input === undefined)
      throw new InputError('has no default export', {
        where: abs,
        fix: 'add `export default defineConfig({ ... })`',
      });
  } else {
    throw new InputError('has an unknown extension', {
      where: abs,
      fix: `name it ${CONFIG_NAMES.join(', ')}`,
    });
  }
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) throw toInputErrors(abs, parsed.error, input, undefined, lineOf);
  // The cross-field rules, before any repository is read or anything written (src/config/rules.ts).
  const dir = dirname(abs);
  const problems = checkConfigRules({ config: parsed.data, file: abs, isFile: fileCheck(dir) });
  if (problems.length) throw new InputErrors(problems);
  return { config: parsed.data, file: abs, dir };
}
