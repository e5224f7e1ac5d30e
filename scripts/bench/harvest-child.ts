// Harvests, in their own process so the peak memory is the harvest's (scripts/bench/harvest.ts
// runs it): `runs` harvests of the config into the data folder, each timed inside the process
// (node's start-up is not counted), the data folder removed before each one when `cold`.
//
//   node scripts/bench/harvest-child.ts <config.json> <data dir> <cold|warm> <runs>
import { readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { harvest } from '../../src/harvest/harvest.ts';
import { reportResult } from './measure.ts';

const [configFile, dataDir, mode, runs] = process.argv.slice(2);
const config = ConfigSchema.parse(JSON.parse(readFileSync(configFile, 'utf8')));
const loaded = { config, file: configFile, dir: dirname(configFile) };
const now = new Date('2026-11-20T00:00:00Z');
const times: number[] = [];
/** CPU seconds of this process per run (git's own not counted): less swayed by a busy machine than the time. */
const cpu: number[] = [];
let changed = 0;
/** Commits git listed in the last run (the harvest logs `<repo>: N commits read`), summed over repositories. */
let read = 0;
for (let i = 0; i < Number(runs); i++) {
  // Cold: no data folder, and none of the caches a harvest keeps beside the mirrors (the commit
  // graph, the changed files of path-filtered projects); the bench's repositories are local, so
  // the cache folder holds nothing else.
  if (mode === 'cold')
    for (const d of [dataDir, resolve(dirname(configFile), config.cache)])
      rmSync(d, { recursive: true, force: true });
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  read = 0;
  const summaries = await harvest(loaded, {
    now,
    dataDir,
    log: (line) => (read += Number(/: ([\d,]+) commits? read/.exec(line)?.[1].replaceAll(',', '') ?? 0)),
  });
  times.push(Number(process.hrtime.bigint() - t) / 1e9);
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1e6);
  changed = summaries.filter((s) => !s.unchanged).length;
}
reportResult({ times, cpu, changedProjects: changed, read });
