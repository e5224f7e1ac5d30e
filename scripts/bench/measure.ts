// Timing and memory for the benchmark: medians, and a node child process whose peak memory is
// measured as a whole process tree (the child itself, and git, esbuild or pagefind under it).
//
// Peak RSS is the larger of two figures: the child's own maxRSS (getrusage, exact, reported by
// the child when it is done) and the peak of the summed RSS of the child and all its descendants,
// sampled from /proc every 50 ms (a short-lived spike between samples can be missed).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/** The machine, for the table's caption. */
export function machine(): string {
  const cpu = cpus();
  const git = execFileSync('git', ['--version'])
    .toString()
    .trim()
    .replace(/^git version /, '');
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, git ${git}, ${process.platform} ${process.arch}`;
}

/** What the child printed on its `BENCH_RESULT ` line, and the tree's peak RSS in bytes. */
export interface ChildResult<T> {
  result: T;
  peakRss: number;
  wall: number;
}

const PREFIX = 'BENCH_RESULT ';

/** Child side: prints the result with the process's own peak RSS (bytes), for runChild. */
export function reportResult(result: object): void {
  process.stdout.write(
    `\n${PREFIX}${JSON.stringify({ ...result, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`,
  );
}

function descendants(root: number): number[] {
  const parent = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parent.get(ppid) ?? [];
      list.push(Number(name));
      parent.set(ppid, list);
    } catch {
      // gone already
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const c of parent.get(pid) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The summed RSS of a process and all its descendants, in bytes (0 elsewhere than Linux). */
export function treeRss(pid: number): number {
  if (process.platform !== 'linux') return 0;
  return [pid, ...descendants(pid)].reduce((n, p) => n + rssOf(p), 0);
}

/**
 * Runs `node script ...args` (type stripping, as `npm run bench` runs) and waits for it; its
 * output goes to a buffer that is shown only if it fails. Resolves with the child's result line.
 */
export function runChild<T>(
  script: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; nodeArgs?: string[] } = {},
): Promise<ChildResult<T>> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), script, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    let peak = 0;
    const sample = () => {
      if (child.pid !== undefined) peak = Math.max(peak, treeRss(child.pid));
    };
    const timer = setInterval(sample, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      const line = out.split('\n').find((l) => l.startsWith(PREFIX));
      if (code !== 0 || !line) {
        reject(
          new Error(
            `${script} ${args.join(' ')} exited ${code} (peak ${(peak / 2 ** 20).toFixed(0)} MiB):\n${(out + err).split('\n').slice(-40).join('\n')}`,
          ),
        );
        return;
      }
      const result = JSON.parse(line.slice(PREFIX.length)) as T & { maxRss: number };
      resolve({ result, peakRss: Math.max(peak, result.maxRss), wall });
    });
  });
}

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const secs = (s: number) =>
  s >= 100 ? `${s.toFixed(0)} s` : s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`;
