// The calendar records through a real harvest: deployments a minute inside and outside a weekly
// freeze on both daylight-saving weekends of 2026 in Europe/Berlin, planned releases whose date
// moves between two harvests (SEQUENCE), and group releases.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo } from '../../src/demo/git-builder.ts';
import { ConfigSchema, type ConfigInput } from '../../src/schemas/config/config.ts';
import { harvest } from '../../src/harvest/harvest.ts';
import { FreezesSchema, GroupSchema, PlannedSchema } from '../../src/schemas/calendar.ts';
import { DeploymentsSchema } from '../../src/schemas/deployment.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-calendar-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const NOW = new Date('2026-11-20T12:00:00Z');
const who = { name: 'Ada', email: 'ada@example.com' };

const config = (over: Partial<ConfigInput> = {}): ConfigInput => ({
  timezone: 'Europe/Berlin',
  projects: [{ id: 'app', name: 'App', repo: './app', tags: 'v{version}' }],
  environments: [
    { id: 'production', name: 'Production', tier: 'production' },
    { id: 'staging', name: 'Staging', tier: 'staging' },
  ],
  deployments: [{ format: 'waybill', path: 'deploys/*.jsonl' }],
  freezes: [
    { name: 'Weekends', cron: { start: '0 18 * * 5', end: '0 8 * * 1' }, environments: ['production'] },
    { name: 'Year-end freeze', start: '2026-12-19T18:00', end: '2027-01-04T08:00' },
  ],
  groups: [{ id: '2026-11', name: 'November train', date: '2026-11-20', members: { app: '1.1.0' } }],
  ...over,
});

async function run(dir: string, over: Partial<ConfigInput> = {}) {
  const data = join(dir, 'data');
  await harvest(
    { config: ConfigSchema.parse(config(over)), file: join(dir, 'waybill.config.json'), dir },
    { now: NOW, dataDir: data, log: () => {} },
  );
  const read = (f: string) => JSON.parse(readFileSync(join(data, f), 'utf8'));
  return {
    deployments: DeploymentsSchema.parse(read('deployments.json')).deployments,
    freezes: FreezesSchema.parse(read('freezes.json')),
    planned: PlannedSchema.array().parse(read('planned.json')),
    groups: GroupSchema.array().parse(read('groups.json')),
  };
}

const planned = (date: string, status = 'tentative', version = '1.2.0') =>
  `---\nproject: app\nversion: "${version}"\ndate: ${date}\nstatus: ${status}\n---\nFaster start-up.\n`;

// [id, environment, finished]: each pair sits a minute either side of a freeze edge.
const DEPLOYS: Array<[string, string, string, boolean]> = [
  // Friday 27 March 2026, 18:00 CET = 17:00Z; Monday 30 March, 08:00 CEST (clocks went forward) = 06:00Z.
  ['mar-before-start', 'production', '2026-03-27T16:59:00Z', false],
  ['mar-after-start', 'production', '2026-03-27T17:01:00Z', true],
  ['mar-before-end', 'production', '2026-03-30T05:59:00Z', true],
  ['mar-after-end', 'production', '2026-03-30T06:01:00Z', false],
  // Friday 23 October 2026, 18:00 CEST = 16:00Z; Monday 26 October, 08:00 CET (clocks went back) = 07:00Z.
  ['oct-before-start', 'production', '2026-10-23T15:59:00Z', false],
  ['oct-after-start', 'production', '2026-10-23T16:01:00Z', true],
  ['oct-before-end', 'production', '2026-10-26T06:59:00Z', true],
  ['oct-after-end', 'production', '2026-10-26T07:01:00Z', false],
  // The weekly freeze is for production only.
  ['oct-staging', 'staging', '2026-10-24T12:00:00Z', false],
];

let dir: string;
beforeAll(async () => {
  dir = join(root, 'main');
  await buildRepo(join(dir, 'app'), [
    { commit: 'feat: first', files: { 'a.txt': '1' }, author: who, date: '2026-03-02T10:00:00+01:00' },
    { tag: 'v1.0.0' },
    { commit: 'feat: second', files: { 'a.txt': '2' }, author: who, date: '2026-03-20T10:00:00+01:00' },
    { tag: 'v1.1.0' },
  ]);
  mkdirSync(join(dir, 'deploys'), { recursive: true });
  // A production deployment that started before the freeze and finished inside it counts by its finish.
  const lines = [
    { at: '2026-10-23T15:50:00Z', id: 'oct-long', environment: 'production', status: 'started' },
    { at: '2026-10-23T16:10:00Z', id: 'oct-long', environment: 'production', status: 'success' },
    ...DEPLOYS.map(([id, environment, at]) => ({ at, id, environment, status: 'success' })),
  ].map((l) =>
    JSON.stringify({ ...l, project: 'app', version: '1.1.0', actor: 'ada', approvers: [], url: null }),
  );
  writeFileSync(join(dir, 'deploys/app.jsonl'), lines.join('\n') + '\n');
  mkdirSync(join(dir, 'content/planned'), { recursive: true });
  writeFileSync(join(dir, 'content/planned/app-1.1.0.md'), planned('2026-03-20', 'confirmed', '1.1.0'));
}, 60_000);

describe('freeze violations through the harvest', () => {
  it('flags exactly the deployments that finished inside a freeze for their environment', async () => {
    const { deployments, freezes } = await run(dir);
    const flagged = Object.fromEntries(deployments.map((d) => [d.id, d.freeze?.name ?? null]));
    for (const [id, , , inside] of DEPLOYS)
      expect([id, flagged[id]]).toEqual([id, inside ? 'Weekends' : null]);
    expect(flagged['oct-long']).toBe('Weekends');
    expect(freezes.horizon).toEqual({ from: '2026-03-02T10:00:00+01:00', to: '2027-11-20T13:00:00+01:00' });
    expect(freezes.freezes.map((f) => [f.id, f.kind, f.windows.length > 50])).toEqual([
      ['weekends', 'weekly', true],
      ['year-end-freeze', 'fixed', false],
    ]);
  });
});

describe('planned releases and groups through the harvest', () => {
  it('bumps SEQUENCE when a planned date moves between harvests, and only then', async () => {
    writeFileSync(join(dir, 'content/planned/app-1.2.0.md'), planned('2026-12-01'));
    const first = await run(dir);
    expect(first.planned).toEqual([
      {
        project: 'app',
        version: '1.1.0',
        date: '2026-03-20',
        status: 'confirmed',
        notes: 'Faster start-up.\n',
        source: 'content/planned/app-1.1.0.md',
        sequence: 0,
        previousDates: [],
        shipped: true,
      },
      {
        project: 'app',
        version: '1.2.0',
        date: '2026-12-01',
        status: 'tentative',
        notes: 'Faster start-up.\n',
        source: 'content/planned/app-1.2.0.md',
        sequence: 0,
        previousDates: [],
        shipped: false,
      },
    ]);
    writeFileSync(join(dir, 'content/planned/app-1.2.0.md'), planned('2026-12-08', 'confirmed'));
    const second = await run(dir);
    expect(second.planned[1]).toMatchObject({
      date: '2026-12-08',
      status: 'confirmed',
      sequence: 1,
      previousDates: ['2026-12-01'],
    });
    expect(second.planned[0]).toMatchObject({ sequence: 0, previousDates: [] });
    const third = await run(dir);
    expect(third.planned[1]).toMatchObject({ sequence: 1, previousDates: ['2026-12-01'] });
    writeFileSync(join(dir, 'content/planned/app-1.2.0.md'), planned('2026-12-15'));
    expect((await run(dir)).planned[1]).toMatchObject({
      sequence: 2,
      previousDates: ['2026-12-01', '2026-12-08'],
    });
  });

  it('marks group members released when their version exists', async () => {
    const { groups } = await run(dir, {
      groups: [
        { id: 'g', name: 'Train', date: '2026-12-01', members: { app: '1.2.0' } },
        { id: 'h', name: 'Done', date: '2026-03-20', members: { app: '1.1.0' } },
      ],
    });
    expect(groups).toEqual([
      {
        id: 'h',
        name: 'Done',
        date: '2026-03-20',
        members: [{ project: 'app', version: '1.1.0', released: true }],
      },
      {
        id: 'g',
        name: 'Train',
        date: '2026-12-01',
        members: [{ project: 'app', version: '1.2.0', released: false }],
      },
    ]);
  });

  it('fails on a group member of an unknown project, naming the key', async () => {
    await expect(
      run(dir, {
        groups: [{ id: 'g', name: 'Train', date: '2026-12-01', members: { app: '1.1.0', nope: '1.0.0' } }],
      }),
    ).rejects.toThrow(/groups\[0\]\.members\.nope: group "g" names the project "nope"/);
  });

  it('fails on a bad planned file, naming the file and field', async () => {
    writeFileSync(
      join(dir, 'content/planned/bad.md'),
      '---\nproject: app\nversion: 2.0\ndate: 2026-02-30\nstatus: maybe\n---\n',
    );
    try {
      await expect(run(dir)).rejects.toThrow(
        /content\/planned\/bad\.md: status: expected one of "tentative", "confirmed", "cancelled", found string "maybe"/,
      );
      await expect(run(dir)).rejects.toThrow(
        /content\/planned\/bad\.md: version: expected a string, found number 2/,
      );
      await expect(run(dir)).rejects.toThrow(
        /content\/planned\/bad\.md: date: expected a real calendar date like 2026-12-01, found string "2026-02-30"/,
      );
    } finally {
      rmSync(join(dir, 'content/planned/bad.md'));
    }
  });
});
