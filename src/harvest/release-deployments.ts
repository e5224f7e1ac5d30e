// Deployments: every record of every configured source, tied to the releases of all projects
// (which are written first), into `deployments.json`. Internal audience only; the site decides.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../schemas/config/config.ts';
import { InputError, InputErrors } from '../errors/index.ts';
import { DeploymentsSchema, type Deployment } from '../schemas/deployment.ts';
import { dataPaths } from '../schemas/layout.ts';
import { unknownProjectProblems } from '../core/deployments/index.ts';
import { expandFreezes, flagFreezeViolations } from '../core/freezes.ts';
import { Temporal } from 'temporal-polyfill';
import { buildDeployments, readDeploymentSources } from './deployments.ts';
import type { ReleaseRef } from '../schemas/state.ts';
import { writeRecord } from './write.ts';

/**
 * Reads the sources and writes `deployments.json`. With `strict`, any record that cannot be read
 * fails the harvest, every one listed with its file and line; otherwise they are skipped and kept
 * in the file's `problems`, so the site can count them. Never silently dropped.
 */
export async function harvestDeployments(
  config: Config,
  configDir: string,
  dataDir: string,
  releases: ReleaseRef[],
): Promise<{ deployments: Deployment[]; problems: number }> {
  if (config.deployments.length === 0) {
    rmSync(join(dataDir, dataPaths.deployments), { force: true });
    return { deployments: [], problems: 0 };
  }
  const read = await readDeploymentSources(config.deployments, configDir);
  // A record of a project the config does not define (a typo) is a problem with its file and line.
  const ids = config.projects.map((p) => p.id);
  const problems = [...read.problems, ...unknownProjectProblems(read.raw, ids)];
  const raw = read.raw.filter((r) => ids.includes(r.project));
  if (config.strict && problems.length) {
    throw new InputErrors(
      problems.map(
        (p) =>
          new InputError(p.message, {
            where: `${p.file}${p.line !== null ? `:${p.line}` : ''}${p.pointer ? ` at ${p.pointer}` : ''}`,
            fix: 'correct the record, or set "strict": false to skip it (skipped records are counted on the environments page)',
          }),
      ),
    );
  }
  const built = buildDeployments({
    raw,
    releases,
    environments: config.environments.map((e) => ({ id: e.id, tier: e.tier })),
  });
  // Freeze violations (docs/calendar.md): the freezes expanded over the deployments' own span, which the
  // calendar's horizon (first release to a year after now) may not cover.
  const finishes = built
    .map((d) => Temporal.Instant.from(d.finishedAt ?? d.at))
    .sort(Temporal.Instant.compare);
  const deployments =
    finishes.length === 0
      ? built
      : flagFreezeViolations(
          built,
          expandFreezes(config.freezes, {
            timezone: config.timezone,
            horizon: { from: finishes[0]!, to: finishes.at(-1)!.add({ seconds: 1 }) },
          }),
        );
  writeRecord(dataDir, dataPaths.deployments, DeploymentsSchema, { deployments, problems });
  return { deployments, problems: problems.length };
}
