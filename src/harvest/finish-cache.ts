// The deployments and audit steps of a harvest, skipped when nothing they read has changed since
// the last harvest (docs/performance.md, "A harvest with nothing new"). Half a million deployment
// lines are read, merged, flagged, written and folded into the audit chain in tens of seconds;
// when the deployment logs, the releases and the settings that go into those steps are the same as
// last time, and the files those steps wrote are as they left them, the steps would write the same
// bytes and append nothing, so they are not run.
//
// Verified, not trusted: a log file counts as unchanged when its size and modification time are
// the ones recorded, or else when its SHA-256 is (a CI cache restores files with new times); the
// files the steps wrote (deployments.json, audit.jsonl, the evidence records and their state) must
// have the size and time recorded when they were written, or the steps run again.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { z } from 'astro/zod';
import type { Config } from '../schemas/config/config.ts';
import { dataPaths } from '../schemas/layout.ts';
import { expandSource } from './deployments.ts';
import type { ReleaseRef } from '../schemas/state.ts';
import { writeFileAtomic } from './write.ts';
import { sha256Hex } from '../core/canonical.ts';

/**
 * Where the record of a data folder lives: in the cache folder beside the mirrors, not in the data
 * folder, which holds the same bytes for the same input (it records modification times).
 */
export function finishStateFile(cacheDir: string, dataDir: string): string {
  return join(cacheDir, '.finish', `${sha256Hex(resolve(dataDir)).slice(0, 16)}.json`);
}
/** Bump when the steps change what they write from the same inputs. */
const VERSION = 1;

const Stamp = z.object({ file: z.string(), size: z.number(), mtimeMs: z.number() });
type Stamp = z.infer<typeof Stamp>;
const FinishStateSchema = z.object({
  version: z.literal(VERSION),
  /** SHA-256 of everything the steps read but the log files: settings, releases. */
  inputs: z.string(),
  /** Each log file as read, with its digest. */
  logs: z.array(Stamp.extend({ sha256: z.string() })),
  /** Each file the steps wrote, as they left it. */
  outputs: z.array(Stamp),
  /** For the harvest's summary lines. */
  deployments: z.number(),
  problems: z.number(),
});
export type FinishState = z.infer<typeof FinishStateSchema>;

function stamp(root: string, file: string): Stamp | null {
  try {
    const s = statSync(join(root, file));
    return { file, size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

/** The settings and releases the steps read, as one digest. */
function inputsDigest(config: Config, releases: readonly ReleaseRef[], generator: string): string {
  return sha256Hex(
    JSON.stringify({
      version: VERSION,
      generator,
      projects: config.projects.map((p) => p.id),
      deployments: config.deployments,
      environments: config.environments,
      freezes: config.freezes,
      timezone: config.timezone,
      strict: config.strict,
      // Left out when empty, so a config without them keeps the digest it had before the setting.
      ...(config.identities.length ? { identities: config.identities } : {}),
      releases,
    }),
  );
}

/** The log files of every source, relative to the config folder, as the steps would read them. */
function logFiles(config: Config, configDir: string): string[] {
  return config.deployments.flatMap((s) => expandSource(s.path, configDir));
}

/** Every file the steps wrote: deployments.json, the chain, the evidence records and their state. */
function outputFiles(dataDir: string): string[] {
  const files = [dataPaths.deployments, dataPaths.audit, '.state/evidence.json'];
  const evidence = join(dataDir, 'evidence');
  if (existsSync(evidence))
    for (const project of readdirSync(evidence).sort())
      for (const name of readdirSync(join(evidence, project)).sort())
        files.push(
          relative(dataDir, join(evidence, project, name))
            .split(sep)
            .join('/'),
        );
  return files;
}

const outputStamps = (dataDir: string): Stamp[] =>
  outputFiles(dataDir).flatMap((f) => stamp(dataDir, f) ?? []);

function readState(file: string): FinishState | null {
  try {
    const parsed = FinishStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface FinishCheck {
  /** The last harvest's record when nothing the steps read or wrote changed since; else null. */
  unchanged: FinishState | null;
  /** What to record once the steps have run (`recordFinish`). */
  next: { inputs: string; logs: FinishState['logs'] };
}

/**
 * Whether the deployments and audit steps may be skipped. `fresh` is how many releases this harvest
 * assembled: the evidence of each is written anew, so any at all means the steps run.
 */
export function checkFinish(input: {
  config: Config;
  configDir: string;
  dataDir: string;
  /** `finishStateFile(...)`. */
  stateFile: string;
  releases: readonly ReleaseRef[];
  fresh: number;
  generator: string;
}): FinishCheck {
  const before = readState(input.stateFile);
  const known = new Map((before?.logs ?? []).map((l) => [l.file, l]));
  const logs = logFiles(input.config, input.configDir).map((file) => {
    const abs = resolve(input.configDir, file);
    const s = statSync(abs);
    const was = known.get(file);
    // The same size and time: the same bytes (as git's index assumes); else read and compare.
    const digest =
      was && was.size === s.size && was.mtimeMs === s.mtimeMs ? was.sha256 : sha256Hex(readFileSync(abs));
    return { file, size: s.size, mtimeMs: s.mtimeMs, sha256: digest };
  });
  const next = { inputs: inputsDigest(input.config, input.releases, input.generator), logs };
  const same =
    before !== null &&
    input.fresh === 0 &&
    before.inputs === next.inputs &&
    before.logs.length === logs.length &&
    before.logs.every((l, i) => l.file === logs[i]!.file && l.sha256 === logs[i]!.sha256) &&
    JSON.stringify(outputStamps(input.dataDir)) === JSON.stringify(before.outputs);
  return { unchanged: same ? before : null, next };
}

/** Records what the steps read and wrote, for the next harvest's `checkFinish`. */
export function recordFinish(
  dataDir: string,
  stateFile: string,
  next: FinishCheck['next'],
  counts: { deployments: number; problems: number },
): void {
  const state: FinishState = {
    version: VERSION,
    ...next,
    outputs: outputStamps(dataDir),
    ...counts,
  };
  writeFileAtomic(stateFile, JSON.stringify(state, null, 2) + '\n');
}
