// The package as a user gets it: `npm pack` of this repository, once per test run (every test
// file that needs it shares the tarball, through a folder named after the packed sources and a
// lock), and installed into a fresh project with npm (the npm cache is shared, so it stays fast).
// Packing or installing that fails is a test failure with npm's reason, never a skip.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const PACKS = join(ROOT, 'test/.tmp/package');

/** What goes into the tarball or decides how it is compiled. */
const INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'astro.config.mjs', 'README.md'];
const INPUT_DIRS = ['bin', 'src', 'public', 'content/brand', 'content/notes', 'content/planned', 'scripts'];

function inputsHash(): string {
  const hash = createHash('sha256');
  const add = (rel: string) => {
    const abs = join(ROOT, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) add(join(rel, name));
    } else hash.update(`${rel}\0`).update(readFileSync(abs)).update('\0');
  };
  for (const f of [...INPUTS, ...INPUT_DIRS]) add(f);
  return hash.digest('hex').slice(0, 16);
}

/** Runs a command; a failure throws with what it printed. */
export function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): { stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd} (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`,
    );
  return { stdout: r.stdout, stderr: r.stderr };
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The tarball of the current sources (`npm pack`, whose prepack compiles src/ into build/), made
 * by the first test file that asks and shared with the others of the run.
 */
export function packedTarball(): string {
  const dir = join(PACKS, inputsHash());
  const done = join(dir, 'tarball.txt');
  const lock = join(PACKS, `${relative(PACKS, dir)}.lock`);
  mkdirSync(PACKS, { recursive: true });
  for (let waited = 0; !existsSync(done); waited += 500) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is packing: wait for it (or for its lock to go stale).
      if (waited > 10 * 60 * 1000)
        throw new Error(`gave up waiting for ${lock}: remove it if no test run is packing`);
      sleep(500);
      continue;
    }
    try {
      if (existsSync(done)) break;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const { stdout } = run('npm', ['pack', '--json', '--pack-destination', dir], ROOT);
      const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [{ filename: string }];
      writeFileSync(done, join(dir, filename));
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  // Older packs of sources that changed since.
  for (const name of readdirSync(PACKS))
    if (name !== relative(PACKS, dir) && !name.endsWith('.lock'))
      rmSync(join(PACKS, name), { recursive: true, force: true });
  return readFileSync(done, 'utf8');
}

/**
 * Installs the tarball into `dir` as a user does (`npm install --save-dev`), with `node@24`: this
 * machine has Node 20, and waybill (Astro 7) needs Node 22.12 or newer (docs/getting-started.md).
 */
export function installTarball(dir: string, tarball: string): void {
  run(
    'npm',
    ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', tarball, 'node@24'],
    dir,
  );
}

/** Every file and folder under `dir` with its size and modification time, to show nothing was written there. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = lstatSync(p);
      out.set(relative(dir, p), `${s.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`);
      if (s.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}
