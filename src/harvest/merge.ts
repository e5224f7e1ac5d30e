// `waybill merge <shard>... --data DIR`: shards harvested in parallel (`harvest --project`, one CI
// matrix job each) become one data folder, byte for byte what one harvest of everything writes:
// each shard's projects are copied in (superseded records archived, as a harvest would), then the
// steps that need every project run once (src/harvest/finish.ts, finishHarvest).
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { InputError } from '../errors/index.ts';
import { dataPaths } from '../schemas/layout.ts';
import { ReleaseSchema, type Release } from '../schemas/release.ts';
import { ShardSchema, type Shard } from '../schemas/shard.ts';
import { archiveSuperseded, existingRecords } from './archive.ts';
import { releaseKey } from '../core/audit/events.ts';
import { assertDataFormat } from './data-format.ts';
import { finishHarvest } from './finish.ts';
import { readState, stateRefs } from './incremental.ts';
import { DEFAULT_LOCK_WAIT_MS, waitUntilUnlocked, withDataLock } from './lock.ts';
import type { ReleaseRef, StateRelease } from '../schemas/state.ts';
import { resolveSigningKey } from './ssh-keygen.ts';
import { readEvidenceState, type EvidenceState } from './evidence-state.ts';
import { checkKeptRecords, readChain, type ChainRead } from './trust.ts';

/** A project's files in a data folder (and shard): everything a harvest writes for it alone. */
const projectPaths = (id: string) => [
  dataPaths.releasesOf(id),
  dataPaths.sbomsOf(id),
  dataPaths.project(id),
  dataPaths.next(id),
  dataPaths.state(id),
];

export interface MergeOptions {
  shards: string[];
  dataDir: string;
  now: Date;
  log: (line: string) => void;
  warn?: (line: string) => void;
  /** How long to wait for another harvest or merge holding the data folder or a shard. */
  lockWaitMs?: number;
  /** The audit signing key named by the environment (WAYBILL_AUDIT_SIGNING_KEY); it wins over `audit.signingKey`. */
  signingKey?: string | null;
}

type MergeResult = { projects: { id: string; shard: string | null }[] };

/** Merges holding the lock on the data folder, once no harvest is writing a shard. */
export async function mergeShards(loaded: LoadedConfig, opts: MergeOptions): Promise<MergeResult> {
  const lock = {
    waitMs: opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
    log: opts.log,
    warn: opts.warn ?? opts.log,
  };
  for (const dir of opts.shards) await waitUntilUnlocked(dir, lock);
  return withDataLock(opts.dataDir, { ...lock, command: 'merge' }, () => mergeLocked(loaded, opts));
}

async function mergeLocked(loaded: LoadedConfig, opts: MergeOptions): Promise<MergeResult> {
  const ids = loaded.config.projects.map((p) => p.id);
  assertDataFormat(opts.dataDir);
  const shards = opts.shards.map((dir) => ({ dir, shard: readShard(dir) }));
  // The chain and the signing key are checked before anything is written.
  const chain = readChain(opts.dataDir);
  const written = readEvidenceState(opts.dataDir, opts.warn ?? opts.log);
  const key = await resolveSigningKey(loaded.config.audit.signingKey, loaded.dir, opts.signingKey);

  // Which shard holds each project; two shards holding one project must agree on every file of it.
  const owner = new Map<string, string>();
  for (const { dir, shard } of shards) {
    for (const id of shard.projects) {
      if (!ids.includes(id))
        throw new InputError(`the shard ${dir} holds project "${id}", which the config does not define`, {
          where: join(dir, dataPaths.shard),
          fix: `harvest the shards with the same config as the merge (projects: ${ids.join(', ')})`,
        });
      const other = owner.get(id);
      if (other) {
        const diff = firstDifference(other, dir, projectPaths(id));
        if (diff)
          throw new InputError(`the shards ${other} and ${dir} disagree about ${describe(id, diff)}`, {
            where: diff,
            fix: 'harvest each project in one shard only, from the same commit of its repository and the same config',
          });
      } else owner.set(id, dir);
    }
  }
  checkChains(
    opts.dataDir,
    shards.map((s) => s.dir),
  );
  const missing = ids.filter((id) => !owner.has(id) && !existsSync(join(opts.dataDir, dataPaths.state(id))));
  // A project no shard holds is kept as the data folder has it: only if that is what the chain covers.
  for (const id of ids)
    if (!owner.has(id) && !missing.includes(id)) checkKeptProject(opts.dataDir, id, chain, written);
  if (missing.length)
    throw new InputError(
      `no shard holds ${missing.map((m) => `"${m}"`).join(', ')}, and the data folder has no harvest of ${missing.length === 1 ? 'it' : 'them'}`,
      {
        where: '--data',
        fix: `add a shard for each (waybill harvest --project ${missing[0]} --data <shard>)`,
      },
    );

  // Copy each shard's projects in, archiving records whose tags moved or vanished.
  const fresh = new Map<string, Release>();
  for (const [id, dir] of owner) {
    const after = readRefs(dir, id);
    if (!after)
      throw new InputError(
        `the shard ${dir} lists "${id}" but holds no complete harvest of it (${dataPaths.state(id)} is missing)`,
        { where: dir, fix: 'harvest that shard again; a strict harvest that failed leaves no state' },
      );
    // (A state that does not check is no help here: the records themselves say what they are.)
    const before = existingRecords(opts.dataDir, id, readRefs(opts.dataDir, id, false));
    for (const path of archiveSuperseded(opts.dataDir, id, before, after))
      opts.log(`${id}: kept the superseded record as ${path}`);
    for (const rel of projectPaths(id)) {
      rmSync(join(opts.dataDir, rel), { recursive: true, force: true });
      if (existsSync(join(dir, rel))) cpSync(join(dir, rel), join(opts.dataDir, rel), { recursive: true });
    }
    for (const r of after) {
      const release = ReleaseSchema.parse(
        JSON.parse(readFileSync(join(opts.dataDir, dataPaths.release(id, r.slug)), 'utf8')),
      );
      fresh.set(`${id}/${r.slug}`, release);
    }
  }
  const releaseIndex: ReleaseRef[] = ids.flatMap((id) => {
    const state = readState(join(opts.dataDir, dataPaths.state(id)));
    return state ? stateRefs(id, state) : [];
  });
  await finishHarvest(loaded, {
    dataDir: opts.dataDir,
    now: opts.now,
    log: opts.log,
    warn: opts.warn,
    releaseIndex,
    fresh,
    chain,
    written,
    key,
  });
  return { projects: ids.map((id) => ({ id, shard: owner.get(id) ?? null })) };
}

function readShard(dir: string): Shard {
  const file = join(dir, dataPaths.shard);
  if (!existsSync(file))
    throw new InputError(`${dir} is not a shard: it has no ${dataPaths.shard}`, {
      where: dir,
      fix: 'harvest it with `waybill harvest --project <id> --data <shard>`',
    });
  assertDataFormat(dir);
  const parsed = ShardSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new InputError(`${file} is not a shard manifest: ${parsed.error.issues[0]!.message}`, {
      where: file,
      fix: 'harvest the shard again',
    });
  return parsed.data;
}

/** The releases the last harvest of a project into `dir` wrote, or null when there is none. */
function readRefs(dir: string, id: string, strict = true): StateRelease[] | null {
  const file = join(dir, dataPaths.state(id));
  return (
    readState(file, (why) => {
      if (strict)
        throw new InputError(`${file} does not check: ${why}`, {
          where: file,
          fix: `harvest "${id}" again (in a shard: waybill harvest --project ${id} --data <shard>)`,
        });
    })?.releases ?? null
  );
}

/**
 * A project merge keeps from the data folder (no shard holds it): its state must list the
 * releases the chain holds, at the same commits, and its records must be the ones the chain
 * covers. Merge reads no git, so it cannot repair them: it refuses, naming the first problem.
 */
function checkKeptProject(dataDir: string, id: string, chain: ChainRead, written: EvidenceState): void {
  const refs = readRefs(dataDir, id) ?? [];
  const problems = checkKeptRecords(dataDir, id, refs, chain.state, written);
  const listed = new Map(refs.map((r) => [releaseKey(id, r.version), r.commit]));
  for (const [rk, known] of chain.state.releases) {
    if (!known.live || !rk.startsWith(`${id}\0`)) continue;
    if (listed.get(rk) !== known.commit)
      problems.push(
        `${dataPaths.state(id)} does not list ${known.tag} at ${known.commit.slice(0, 12)}, which ${dataPaths.audit} holds`,
      );
  }
  if (problems.length)
    throw new InputError(
      `the data folder's records of "${id}", which no shard holds, do not check: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
      {
        where: join(dataDir, dataPaths.state(id)),
        fix: `add a shard that holds "${id}" (waybill harvest --project ${id} --data <shard>), or run \`waybill harvest\` on the data folder`,
      },
    );
}

/**
 * Shards harvested from a restored data folder carry its audit chain: each must be the data
 * folder's chain or an older prefix of it. A shard whose chain has entries the data folder lacks
 * was harvested from another history: merging would fork the chain.
 */
function checkChains(dataDir: string, dirs: string[]): void {
  const read = (d: string) =>
    existsSync(join(d, dataPaths.audit)) ? readFileSync(join(d, dataPaths.audit), 'utf8') : null;
  const base = read(dataDir) ?? '';
  for (const dir of dirs) {
    const chain = read(dir);
    if (chain === null || base.startsWith(chain)) continue;
    const a = base.split('\n');
    const b = chain.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]) + 1 || a.length;
    throw new InputError(
      chain.startsWith(base)
        ? `the audit chain of the shard ${dir} is ahead of the data folder's (${b.length - 1} events against ${a.length - 1}): the data folder is an older copy`
        : `the audit chains of the shard ${dir} and of the data folder differ from line ${line}`,
      {
        where: join(dir, dataPaths.audit),
        fix: 'restore the latest data folder (the same one every shard started from) into --data, then merge again',
      },
    );
  }
}

/** The first file (relative path) that differs between two folders over the given paths, or null. */
function firstDifference(a: string, b: string, rels: string[]): string | null {
  const walk = (root: string, rel: string): string[] => {
    const p = join(root, rel);
    if (!existsSync(p)) return [];
    return statSync(p).isDirectory()
      ? readdirSync(p)
          .sort()
          .flatMap((n) => walk(root, join(rel, n)))
      : [rel];
  };
  for (const rel of rels) {
    const files = [...new Set([...walk(a, rel), ...walk(b, rel)])].sort();
    for (const f of files) {
      const x = existsSync(join(a, f)) ? readFileSync(join(a, f)) : null;
      const y = existsSync(join(b, f)) ? readFileSync(join(b, f)) : null;
      if (!x || !y || !x.equals(y)) return f;
    }
  }
  return null;
}

function describe(id: string, rel: string): string {
  const m = /^releases\/[^/]+\/(.+)\.json$/.exec(rel);
  return m ? `the release ${id} ${m[1]} (${rel})` : `project "${id}" (${rel})`;
}
