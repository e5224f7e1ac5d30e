// The lock on a data folder (docs/audit.md, "The lock"): one harvest or merge writes a data folder
// at a time. Two CI jobs that harvest into one folder (a retried job, a shared cache volume) would
// otherwise interleave their writes and lose each other's audit events.
//
// The lock is a file, `<data>/.lock`, holding who took it: process id, host, when, and what for.
// It is created with link(2) from a complete temporary file, so it never exists half written. A
// lock whose process is gone (same host, the process id no longer runs, or runs a process started
// later) is stale: it is named in a warning and taken over, and the temporary files a killed
// writer left behind are removed. A lock held by a live process, or by another host (whose
// processes cannot be checked from here), is waited for up to a bounded time, then refused with a
// message that names the holder.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors/index.ts';
import { TEMP_FILE } from './write.ts';

export const LOCK_FILE = '.lock';

/** What the lock file says. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock (ISO 8601, UTC). */
  started: string;
  /** `harvest`, `merge`, `build`. */
  command: string;
  /** The start time of the process (Linux: clock ticks since boot), to tell a reused process id; null elsewhere. */
  processStart: string | null;
  /** Unique to one taking of the lock. */
  nonce: string;
}

export interface LockOptions {
  /** What takes the lock, for the holder's record and for messages. */
  command: string;
  /** How long to wait for a live holder before refusing, in milliseconds. */
  waitMs: number;
  /** Progress ("waiting for …"). */
  log: (line: string) => void;
  /** A stale lock taken over. */
  warn: (line: string) => void;
  /** The wall clock (the holder's start time; not content). */
  clock?: () => Date;
}

/** Ten minutes: longer than most harvests, shorter than a CI job's timeout. `WAYBILL_LOCK_WAIT` (seconds) overrides it. */
export const DEFAULT_LOCK_WAIT_MS = 10 * 60 * 1000;

/** The wait from `WAYBILL_LOCK_WAIT` (whole seconds), else the default. */
export function lockWaitFrom(env: Record<string, string | undefined>): number {
  const v = env.WAYBILL_LOCK_WAIT;
  if (v === undefined || v === '') return DEFAULT_LOCK_WAIT_MS;
  if (!/^\d+$/.test(v))
    throw new InputError(`WAYBILL_LOCK_WAIT is "${v}"`, {
      where: 'environment',
      fix: 'set it to whole seconds to wait for another harvest holding the data folder (0: do not wait)',
    });
  return Number(v) * 1000;
}

/**
 * The folders the running call chain holds: a folder locked again from inside (build, then its
 * harvest) is already held; a harvest started beside it in the same process waits like any other.
 */
const heldHere = new AsyncLocalStorage<ReadonlySet<string>>();
/** Nonces of the locks this process holds, so that its own live lock is never judged stale. */
const liveNonces = new Set<string>();

/**
 * Runs `fn` holding the lock on `dataDir` (created if missing, and removed again when `fn` left
 * it empty: a harvest refused before it wrote anything leaves no folder behind).
 */
export async function withDataLock<T>(dataDir: string, opts: LockOptions, fn: () => Promise<T>): Promise<T> {
  const created = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const key = realpathSync(dataDir);
  const outer = heldHere.getStore();
  if (outer?.has(key)) return fn();
  const file = join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    started: (opts.clock ?? (() => new Date()))().toISOString(),
    command: opts.command,
    processStart: processStart(process.pid),
    nonce: randomBytes(8).toString('hex'),
  };
  await acquire(file, holder, opts);
  liveNonces.add(holder.nonce);
  try {
    return await heldHere.run(new Set([...(outer ?? []), key]), fn);
  } finally {
    liveNonces.delete(holder.nonce);
    release(file, holder.nonce);
    if (created) removeIfEmpty(dataDir);
  }
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // Another harvest took the folder over in between: it is theirs now.
  }
}

/**
 * Waits while another process holds the lock on `dataDir` (for readers: `verify`, a build without
 * its harvest), without taking it: a reader must not need write access. A stale lock is named and
 * left alone (the next harvest takes it over).
 */
export async function waitUntilUnlocked(dataDir: string, opts: Omit<LockOptions, 'command'>): Promise<void> {
  const file = join(dataDir, LOCK_FILE);
  if (!existsSync(dataDir) || heldHere.getStore()?.has(realpathSync(dataDir))) return;
  const deadline = Date.now() + opts.waitMs;
  let announced = false;
  for (;;) {
    const holder = readHolder(file);
    if (holder === null) return;
    if (holder === 'unreadable') throw notALock(file);
    if (isStale(holder)) {
      opts.warn(`${file} is a stale lock of ${describeHolder(holder)}: that process no longer runs`);
      return;
    }
    if (Date.now() >= deadline) throw lockedError(dataDir, file, holder, opts.waitMs);
    if (!announced) opts.log(`waiting for ${describeHolder(holder)} to finish writing ${dataDir}`);
    announced = true;
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

const POLL_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquire(file: string, mine: LockHolder, opts: LockOptions): Promise<void> {
  const deadline = Date.now() + opts.waitMs;
  let announced = false;
  for (;;) {
    if (tryCreate(file, mine)) return;
    const holder = readHolder(file);
    if (holder === null) continue; // released between the two calls
    if (holder === 'unreadable') throw notALock(file);
    if (isStale(holder)) {
      opts.warn(
        `took over the stale lock ${file} of ${describeHolder(holder)}: that process no longer runs, so its harvest was interrupted; this one finishes it`,
      );
      breakStale(file, holder);
      removeTemporaryFiles(join(file, '..'));
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(join(file, '..'), file, holder, opts.waitMs);
    if (!announced) opts.log(`waiting for ${describeHolder(holder)} to finish writing ${join(file, '..')}`);
    announced = true;
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

/** Creates the lock file whole, or returns false when it exists. */
function tryCreate(file: string, holder: LockHolder): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(holder) + '\n');
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: exclusive create (the holder is written right after).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
      try {
        writeFileSync(file, JSON.stringify(holder) + '\n', { flag: 'wx' });
        return true;
      } catch (e2) {
        if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw e2;
      }
    }
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function readHolder(file: string): LockHolder | null | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.started === 'string')
      return {
        pid: h.pid,
        host: h.host,
        started: h.started,
        command: typeof h.command === 'string' ? h.command : 'waybill',
        processStart: typeof h.processStart === 'string' ? h.processStart : null,
        nonce: typeof h.nonce === 'string' ? h.nonce : '',
      };
  } catch {
    // below
  }
  return 'unreadable';
}

/** A lock whose process is gone. Only a lock of this host can be judged; another host's is never stale. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  // This process: live if it holds it now, else left by an earlier process with the same id (a container's pid 1).
  if (holder.pid === process.pid) return !liveNonces.has(holder.nonce);
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return true;
    // EPERM: a live process of another user.
  }
  // The process id runs, but maybe as another process that got the id after the holder died.
  const start = processStart(holder.pid);
  return holder.processStart !== null && start !== null && start !== holder.processStart;
}

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat, proc(5)):
 * with the process id it names one process for the life of the machine. Null where there is no /proc.
 */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Removes a stale lock: renamed aside first (one of several waiting processes wins the rename),
 * then checked to be the lock judged stale. If a live holder took the lock in between, it is put
 * back (a window of a few system calls, and only after a crash).
 */
function breakStale(file: string, stale: LockHolder): void {
  const aside = `${file}.stale.${randomBytes(6).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // another waiter removed it
    throw e;
  }
  const moved = readHolder(aside);
  if (moved !== null && moved !== 'unreadable' && moved.nonce !== stale.nonce) {
    try {
      linkSync(aside, file);
    } catch {
      // someone else holds it now
    }
  }
  rmSync(aside, { force: true });
}

function release(file: string, nonce: string): void {
  const holder = readHolder(file);
  if (holder && holder !== 'unreadable' && holder.nonce === nonce) unlinkSync(file);
}

/**
 * The temporary files a killed writer left (src/harvest/write.ts names them), anywhere in the
 * data folder: they would otherwise stay beside the records for good.
 */
export function removeTemporaryFiles(dataDir: string): number {
  let removed = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // (Not the lock's own temporary files: a waiting process may be about to link one.)
      else if (TEMP_FILE.test(e.name) && !e.name.startsWith(`${LOCK_FILE}.`)) {
        rmSync(p, { force: true });
        removed++;
      }
    }
  };
  if (existsSync(dataDir)) walk(dataDir);
  return removed;
}

export function describeHolder(h: LockHolder): string {
  return `waybill ${h.command} (pid ${h.pid} on ${h.host}, since ${h.started})`;
}

function lockedError(dataDir: string, file: string, holder: LockHolder, waitedMs: number): InputError {
  const other = holder.host !== hostname();
  return new InputError(
    `the data folder ${dataDir} is locked by ${describeHolder(holder)}${waitedMs ? `; waited ${Math.round(waitedMs / 100) / 10} s` : ''}`,
    {
      where: file,
      fix: other
        ? `let that harvest finish (a process on another host cannot be checked from here); if it is gone for good, remove ${file}`
        : `let that harvest finish, or wait longer with WAYBILL_LOCK_WAIT=<seconds>; two harvests never write one data folder at once`,
    },
  );
}

function notALock(file: string): InputError {
  return new InputError(`${file} is not a lock waybill wrote`, {
    where: file,
    fix: `remove it if no waybill harvest is running on this data folder`,
  });
}
