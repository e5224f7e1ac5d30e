// A harvest with nothing new skips the deployments and audit steps (src/harvest/finish-cache.ts):
// the deployment logs, the releases and the settings are as last time, and what those steps wrote
// is as they left it. Anything else runs them again: a new log line, a log replaced by other
// bytes, an output edited or deleted. A log restored with a new time but the same bytes does not.
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { buildRepo } from '../../src/demo/git-builder.ts';
import { harvest } from '../../src/harvest/harvest.ts';
import { readTree } from '../helpers/data-folder.ts';

const dir = mkdtempSync(join(tmpdir(), 'waybill-warm-'));
const data = join(dir, 'data');
const log = join(dir, 'deploys.jsonl');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (id: string, version: string, at: string) =>
  `${JSON.stringify({ at, project: 'lib', version, environment: 'production', status: 'success', id, actor: 'ann', approvers: ['bo'] })}\n`;

async function run(now = '2026-06-01T12:00:00Z'): Promise<string[]> {
  const lines: string[] = [];
  await harvest(
    {
      config: ConfigSchema.parse({
        projects: [{ id: 'lib', name: 'Lib', repo: './lib' }],
        environments: [{ id: 'production', tier: 'production' }],
        deployments: [{ format: 'waybill', path: 'deploys.jsonl' }],
      }),
      file: join(dir, 'waybill.config.json'),
      dir,
    },
    { now: new Date(now), dataDir: data, log: (l) => lines.push(l) },
  );
  return lines;
}
/** The data folder without site.json, which records when the harvest ran. */
const snapshot = () => {
  const tree = readTree(data);
  tree.delete('site.json');
  return tree;
};
const skipped = (lines: string[]) => lines.some((l) => l.startsWith('deployments and audit: unchanged'));
const events = () => readFileSync(join(data, 'audit.jsonl'), 'utf8').trim().split('\n').length;

beforeAll(async () => {
  await buildRepo(join(dir, 'lib'), [
    { commit: 'feat: first', files: { a: '1\n' }, date: '2026-03-02T10:00:00+01:00' },
    { tag: 'v1.0.0' },
    { commit: 'fix: second', files: { a: '2\n' }, date: '2026-04-02T10:00:00+02:00' },
    { tag: 'v1.1.0' },
  ]);
  writeFileSync(
    log,
    line('d1', '1.0.0', '2026-03-03T10:00:00Z') + line('d2', '1.1.0', '2026-04-03T10:00:00Z'),
  );
  expect(skipped(await run())).toBe(false);
});

describe('a harvest with nothing new', () => {
  it('skips the deployments and audit steps and leaves the data folder as it was', async () => {
    const before = snapshot();
    const lines = await run();
    expect(lines).toContain('deployments and audit: unchanged since the last harvest (2 records)');
    expect(snapshot()).toEqual(before);
  });

  it('still skips them when a log is restored with a new time but the same bytes (a CI cache)', async () => {
    utimesSync(log, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    expect(skipped(await run())).toBe(true);
  });

  it('runs them for a new log line, which the chain then records', async () => {
    const had = events();
    appendFileSync(log, line('d3', '1.1.0', '2026-05-03T10:00:00Z'));
    const lines = await run();
    expect(skipped(lines)).toBe(false);
    expect(lines).toContain('deployments: 3 records');
    // deploy.success, and evidence.updated for 1.1.0, whose evidence lists its deployments.
    expect(events()).toBe(had + 2);
    expect(skipped(await run())).toBe(true);
  });

  it('runs them for a log with other bytes of the same size and time', async () => {
    const text = readFileSync(log, 'utf8');
    const { mtime } = await import('node:fs').then((fs) => fs.statSync(log));
    writeFileSync(log, text.replace('"actor":"ann"', '"actor":"bob"'));
    utimesSync(log, mtime, mtime);
    expect(skipped(await run())).toBe(false);
  });

  it('runs them when what they wrote was edited or deleted, and writes it again', async () => {
    expect(skipped(await run())).toBe(true);
    const deployments = readFileSync(join(data, 'deployments.json'), 'utf8');
    writeFileSync(join(data, 'deployments.json'), deployments.replace('"bob"', '"eve"'));
    expect(skipped(await run())).toBe(false);
    expect(readFileSync(join(data, 'deployments.json'), 'utf8')).toBe(deployments);
    const evidence = join(data, 'evidence', 'lib', '1.1.0.json');
    const record = readFileSync(evidence, 'utf8');
    unlinkSync(evidence);
    expect(skipped(await run())).toBe(false);
    expect(readFileSync(evidence, 'utf8')).toBe(record);
  });
});
