// The one place that reads deployment logs (docs/deployments.md): expands each source's path (a file or a
// glob, relative to the config), reads the files and hands their text to the format's pure parser
// (src/core/deployments/). A missing file, or a glob that matches nothing, is a problem naming it:
// a source that silently reads nothing would empty the environments page without a word.
import { existsSync, globSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { z } from 'astro/zod';
import type { DeploymentSourceSchema } from '../schemas/config/deployments.ts';
import { DEPLOYMENT_PARSERS, type RawDeployment } from '../core/deployments/index.ts';
import type { DeploymentProblem } from '../schemas/deployment.ts';

export type { RawDeployment } from '../core/deployments/index.ts';
export { buildDeployments } from '../core/deployments/index.ts';
export type DeploymentSource = z.infer<typeof DeploymentSourceSchema>;

const GLOB = /[*?[\]{}]/;

/** Files of one source, relative to the config directory with "/" separators, sorted. */
export function expandSource(path: string, configDir: string): string[] {
  const rel = (abs: string) => relative(configDir, abs).split(sep).join('/');
  if (!GLOB.test(path)) {
    const abs = resolve(configDir, path);
    return existsSync(abs) ? [rel(abs)] : [];
  }
  const matches = globSync(path, { cwd: configDir }).map((m) => (isAbsolute(m) ? m : resolve(configDir, m)));
  return matches
    .filter((m) => statSync(m).isFile())
    .map(rel)
    .sort();
}

/**
 * Every record of every source, in source order, then file order (sorted), then file order within.
 * `files` lists every file read, relative to the config directory.
 */
export async function readDeploymentSources(
  sources: DeploymentSource[],
  configDir: string,
): Promise<{ raw: RawDeployment[]; problems: DeploymentProblem[]; files: string[] }> {
  const raw: RawDeployment[] = [];
  const problems: DeploymentProblem[] = [];
  const files: string[] = [];
  for (const [i, source] of sources.entries()) {
    const matched = expandSource(source.path, configDir);
    if (matched.length === 0) {
      problems.push({
        file: source.path,
        line: null,
        pointer: '',
        message: GLOB.test(source.path)
          ? `no file matches deployments[${i}].path ${JSON.stringify(source.path)} (relative to ${configDir}); fix the pattern or remove the source`
          : `the file deployments[${i}].path names does not exist (relative to ${configDir}); fix the path or remove the source`,
      });
      continue;
    }
    const parse = DEPLOYMENT_PARSERS[source.format];
    for (const file of matched) {
      let text: string;
      try {
        text = await readFile(resolve(configDir, file), 'utf8');
      } catch (e) {
        problems.push({
          file,
          line: null,
          pointer: '',
          message: `could not read the file: ${e instanceof Error ? e.message : String(e)}`,
        });
        continue;
      }
      files.push(file);
      const result = parse(text, file, { project: source.project, environment: source.environment });
      for (const r of result.records) raw.push(r);
      for (const p of result.problems) problems.push(p);
    }
  }
  return { raw, problems, files };
}
