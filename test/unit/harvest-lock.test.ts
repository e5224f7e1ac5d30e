// The lock on a data folder (src/harvest/lock.ts) and the state files that carry their own digest
// (src/harvest/sealed-json.ts), on throwaway folders.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStale, waitUntilUnlocked, withDataLock } from '../../src/harvest/lock.ts';
import { sealJson, unsealJson } from '../../src/harvest/sealed-json.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = () => {
  const d = join(root, `data-${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const quiet = { log: () => {}, warn: () => {} };
const opts = (waitMs = 5000, lines: string[] = []) => ({
  command: 'harvest',
  waitMs,
  log: (l: string) => lines.push(`log: ${l}`),
  warn: (l: string) => lines.push(`warn: ${l}`),
});
const deadPid = () =>
  Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      .stdout,
  );
const holder = (over: Record<string, unknown>) =>
  JSON.stringify({
    pid: process.pid,
    host: hostname(),
    started: '2026-06-01T08:00:00.000Z',
    command: 'harvest',
    processStart: null,
    nonce: 'x',
    ...over,
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the lock on a data folder', () => {
  it('is a file naming its holder while held, and gone after', async () => {
    const d = folder();
    await withDataLock(d, opts(), async () => {
      const held = JSON.parse(readFileSync(join(d, '.lock'), 'utf8'));
      expect(held).toMatchObject({ pid: process.pid, host: hostname(), command: 'harvest' });
      expect(Date.parse(held.started)).toBeGreaterThan(0);
    });
    expect(existsSync(join(d, '.lock'))).toBe(false);
  });

  it('is held once by a call chain that locks again from inside (a build, then its harvest)', async () => {
    const d = folder();
    const result = await withDataLock(d, opts(100), () => withDataLock(d, opts(100), async () => 'inner'));
    expect(result).toBe('inner');
  });

  it('makes a second holder in the same process wait for the first, never interleave', async () => {
    const d = folder();
    const order: string[] = [];
    const lines: string[] = [];
    const first = withDataLock(d, opts(), async () => {
      order.push('first in');
      await sleep(300);
      order.push('first out');
    });
    await sleep(50);
    const second = withDataLock(d, opts(5000, lines), async () => {
      order.push('second in');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
    expect(lines[0]).toMatch(/^log: waiting for waybill harvest \(pid \d+ on .*\) to finish writing /);
  });

  it('taken by a process that is gone is stale: named, taken over, and its temporary files removed', async () => {
    const d = folder();
    const pid = deadPid();
    writeFileSync(join(d, '.lock'), holder({ pid }));
    mkdirSync(join(d, 'releases/api'), { recursive: true });
    writeFileSync(join(d, 'releases/api/1.0.0.json.999.0123456789ab.tmp'), 'half');
    writeFileSync(join(d, 'releases/api/1.0.0.json'), 'whole');
    const lines: string[] = [];
    await withDataLock(d, opts(5000, lines), async () => {});
    expect(lines).toEqual([
      `warn: took over the stale lock ${join(d, '.lock')} of waybill harvest (pid ${pid} on ${hostname()}, since 2026-06-01T08:00:00.000Z): that process no longer runs, so its harvest was interrupted; this one finishes it`,
    ]);
    expect(existsSync(join(d, 'releases/api/1.0.0.json.999.0123456789ab.tmp'))).toBe(false);
    expect(readFileSync(join(d, 'releases/api/1.0.0.json'), 'utf8')).toBe('whole');
  });

  it('is stale when its process id now runs another process, started later', () => {
    const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
    const parent = { pid: process.ppid, host: hostname(), started: '', command: 'harvest', nonce: 'x' };
    expect(isStale({ ...parent, processStart: start })).toBe(false);
    expect(isStale({ ...parent, processStart: null })).toBe(false);
    expect(isStale({ ...parent, processStart: `${start}0` })).toBe(true);
    expect(isStale({ ...parent, pid: deadPid(), processStart: null })).toBe(true);
  });

  it('held by another host is never judged stale: it is waited for, then refused, naming the holder', async () => {
    const d = folder();
    writeFileSync(join(d, '.lock'), holder({ pid: 1, host: 'ci-runner-7' }));
    await expect(withDataLock(d, opts(300), async () => {})).rejects.toThrow(
      `the data folder ${d} is locked by waybill harvest (pid 1 on ci-runner-7, since 2026-06-01T08:00:00.000Z); waited 0.3 s`,
    );
    expect(existsSync(join(d, '.lock'))).toBe(true);
  });

  it('that is not a lock waybill wrote is refused, not removed', async () => {
    const d = folder();
    writeFileSync(join(d, '.lock'), 'mine');
    await expect(withDataLock(d, opts(), async () => {})).rejects.toThrow(
      /\.lock is not a lock waybill wrote/,
    );
  });

  it('is waited for by readers, who take none', async () => {
    const d = folder();
    let released = false;
    const held = withDataLock(d, opts(), async () => {
      await sleep(300);
      released = true;
    });
    await sleep(50);
    await waitUntilUnlocked(d, { waitMs: 5000, ...quiet });
    expect(released).toBe(true);
    await held;
  });
});

describe('a state file with its own digest', () => {
  it('reads back what was written, however it is indented', () => {
    const value = { fingerprint: 'f', releases: [{ slug: '1.0.0', commit: 'a'.repeat(40) }] };
    expect(unsealJson(sealJson(value))).toEqual({ ok: true, value });
    expect(unsealJson(sealJson(value, false))).toEqual({ ok: true, value });
    expect(sealJson(value, false)).toBe(
      `{"digest":"${JSON.parse(sealJson(value)).digest}","fingerprint":"f","releases":[{"commit":"${'a'.repeat(40)}","slug":"1.0.0"}]}\n`,
    );
  });

  it('does not check after one character of it changed, or without a digest', () => {
    const text = sealJson({ commit: 'a'.repeat(40) });
    expect(unsealJson(text.replace('"aaaa', '"aaab'))).toEqual({
      ok: false,
      why: 'its digest does not match its content (edited or damaged)',
    });
    expect(unsealJson('{"commit":"a"}')).toEqual({
      ok: false,
      why: 'it has no digest (written by an older waybill, or by hand)',
    });
    expect(unsealJson('{')).toEqual({ ok: false, why: 'it is not valid JSON' });
  });
});
