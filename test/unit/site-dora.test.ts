// The DORA four keys on the sample data folder, every expected figure worked out by hand from
// test/fixtures/sample-data/deployments.json and the release records' commits (times in UTC).
// The window is the 90 days ending at the sample's harvest time, 2026-03-01T12:00Z: it starts
// 2025-12-01T12:00Z, and holds every deployment of the fixture.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  changeFailureBand,
  computeDora,
  doraWindow,
  frequencyBand,
  leadTimeBand,
  median,
  restoreBand,
  type DoraMetrics,
} from '../../src/core/dora.ts';
import { liveAt } from '../../src/core/deployments/index.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import type { Deployment } from '../../src/schemas/index.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const deployments = data.deployments!.deployments;
const window = doraWindow(data.site.harvestedAt);
const dora = computeDora({ deployments, releases: data.releases, window, projects: data.site.projects });
const group = (project: string, tier: string): DoraMetrics =>
  dora.find((g) => g.project === project && g.tier === tier)!;

const H = 3600;
const D = 24 * H;

describe('the window', () => {
  it('is the 90 days ending at the harvest time, never the clock', () => {
    expect(window).toEqual({ from: '2025-12-01T12:00:00.000Z', to: '2026-03-01T12:00:00.000Z', days: 90 });
  });

  it('gives one group per project and tier with deployments, production first', () => {
    expect(dora.map((g) => `${g.project}/${g.tier}`)).toEqual([
      'api/production',
      'api/staging',
      'web/production',
    ]);
    expect(group('api', 'production').environments).toEqual(['production']);
  });
});

describe('api in production', () => {
  const g = group('api', 'production');

  it('lists its five deployments in the window, each failure with its reason', () => {
    expect(g.deployments.map((d) => [d.deployment.id, d.live, d.finished, d.failure])).toEqual([
      ['gitlab:102', true, true, null],
      ['api-0003', false, true, 'failed'],
      ['api-0004', true, true, null],
      ['api-0005', true, true, 'rolled_back'],
      ['api-0006', true, true, null],
    ]);
  });

  it('deployment frequency: 4 went live (gitlab:102, api-0004, api-0005, api-0006) in 90/7 weeks: 0.311 a week, medium', () => {
    expect(g.frequency.count).toBe(4);
    expect(g.frequency.perWeek).toBeCloseTo(28 / 90, 10);
    // 4 in 90 days is once in 22.5 days: at least once a month, less than once a week.
    expect(g.frequency.band).toBe('medium');
  });

  it('change failure rate: api-0003 failed and api-0005 was rolled back, of 5 finished: 40%, low', () => {
    expect(g.changeFailureRate).toEqual({ failures: 2, total: 5, rate: 0.4, band: 'low' });
  });

  it('time to restore: 1 h (api-0003 started 09:00, api-0004 live 10:00) and 22 h 5 min (api-0005 live 22 Feb 10:00, rollback live 23 Feb 08:05): median 11 h 32.5 min, high', () => {
    expect(g.timeToRestore.samples).toEqual([
      {
        failureId: 'api-0003',
        failedAt: '2026-02-13T09:00:00Z',
        restoredById: 'api-0004',
        restoredAt: '2026-02-13T10:00:00Z',
        seconds: H,
      },
      {
        failureId: 'api-0005',
        failedAt: '2026-02-22T10:00:00Z',
        restoredById: 'api-0006',
        restoredAt: '2026-02-23T08:05:00Z',
        seconds: 22 * H + 5 * 60,
      },
    ]);
    expect(g.timeToRestore.medianSeconds).toBe((H + 22 * H + 5 * 60) / 2);
    expect(g.timeToRestore.band).toBe('high');
  });

  it('lead time: each commit to the first live production deployment of a release containing it; median 5 d 13 h, high', () => {
    // 1.0.0's commits went live with gitlab:102 (16 Jan 09:00); 1.1.0's with api-0004 (13 Feb
    // 10:00; api-0003 failed first), and b1 too: 1.1.0-rc.1 never reached production, but 1.1.0
    // lists it; 1.2.0+build.5's with api-0005 (live 22 Feb 10:00, rolled back the next day).
    expect(
      g.leadTime.samples.map((s) => [s.commit.slice(0, 2), s.release, s.deploymentId, s.seconds]),
    ).toEqual([
      ['b1', '1.1.0-rc.1', 'api-0004', 12 * D], // authored 1 Feb 10:00
      ['c5', '1.1.0', 'api-0004', 7 * D + H], // 6 Feb 09:00
      ['a2', '1.0.0', 'gitlab:102', 6 * D + 15.5 * H], // 9 Jan 17:30
      ['a1', '1.0.0', 'gitlab:102', 6 * D + H], // 10 Jan 08:00
      ['c4', '1.1.0', 'api-0004', 6 * D + H], // 7 Feb 09:00
      ['c3', '1.1.0', 'api-0004', 5 * D + H],
      ['c2', '1.1.0', 'api-0004', 4 * D + H],
      ['d2', '1.2.0+build.5', 'api-0005', 3 * D + 3 * H], // 19 Feb 07:00
      ['c1', '1.1.0', 'api-0004', 2 * D + 18.25 * H], // 10 Feb 15:45
      ['d1', '1.2.0+build.5', 'api-0005', 2 * D + 3 * H], // 20 Feb 07:00
    ]);
    // Ten samples: the median is the mean of the 5th and 6th shortest, c3 and a1.
    expect(g.leadTime.medianSeconds).toBe((5 * D + H + 6 * D + H) / 2);
    expect(g.leadTime.band).toBe('high');
  });
});

describe('api in staging', () => {
  const g = group('api', 'staging');

  it('counts the unknown version (github:77) as a deployment, and not the one still running (api-0007)', () => {
    expect(g.deployments.map((d) => [d.deployment.id, d.live, d.finished])).toEqual([
      ['gitlab:101', true, true],
      ['api-0001', true, true],
      ['api-0002', true, true],
      ['github:77', true, true],
      ['api-0007', false, false],
    ]);
    expect(g.frequency.count).toBe(4);
    expect(g.frequency.band).toBe('medium');
    expect(g.changeFailureRate).toEqual({ failures: 0, total: 4, rate: 0, band: 'elite' });
    expect(g.timeToRestore).toEqual({ samples: [], medianSeconds: null, band: null });
  });

  it('lead time: b1 reached staging with 1.1.0-rc.1 after 1 day; 1.2.0+build.5 never went live there; median 4 d 15 h 45 min', () => {
    expect(g.leadTime.samples.map((s) => [s.commit.slice(0, 2), s.deploymentId, s.seconds])).toEqual([
      ['c5', 'api-0002', 6 * D + 5 * H],
      ['a2', 'gitlab:101', 5 * D + 17 * H],
      ['c4', 'api-0002', 5 * D + 5 * H],
      ['a1', 'gitlab:101', 5 * D + 2.5 * H],
      ['c3', 'api-0002', 4 * D + 5 * H],
      ['c2', 'api-0002', 3 * D + 5 * H],
      ['c1', 'api-0002', D + 22.25 * H],
      ['b1', 'api-0001', D],
    ]);
    expect(g.leadTime.medianSeconds).toBe((4 * D + 5 * H + 5 * D + 2.5 * H) / 2);
    expect(g.leadTime.band).toBe('high');
  });
});

describe('web in production', () => {
  const g = group('web', 'production');

  it('one deployment in 90 days is low; the canceled one counts in no rate', () => {
    expect(g.frequency).toMatchObject({ count: 1, band: 'low' });
    expect(g.changeFailureRate).toEqual({ failures: 0, total: 1, rate: 0, band: 'elite' });
  });

  it('a lead time of exactly one day is high, not elite ("less than one day")', () => {
    expect(g.leadTime.samples.map((s) => [s.commit.slice(0, 2), s.seconds])).toEqual([['f1', D]]);
    expect(g.leadTime.band).toBe('high');
  });
});

describe('rollbacks the log does not call rolled_back', () => {
  const base = deployments.find((d) => d.id === 'api-0004')!;
  const make = (id: string, at: string, more: Partial<Deployment>): Deployment => ({
    ...base,
    id,
    at,
    startedAt: null,
    finishedAt: at,
    attempts: [{ status: 'success', at, source: base.source }],
    ...more,
  });
  const log = [
    make('x-1', '2026-02-10T10:00:00Z', { version: '1.1.0' }),
    make('x-2', '2026-02-11T10:00:00Z', { version: '1.2.0+build.5' }),
    make('x-3', '2026-02-11T12:30:00Z', { version: '1.1.0', rollback: true }),
    make('x-4', '2026-02-20T10:00:00Z', { version: '1.2.0+build.5', status: 'failed' }),
  ];
  const [g] = computeDora({ deployments: log, releases: data.releases, window, projects: ['api'] });

  it('count the deployment a rollback replaced as a change failure, restored by the rollback', () => {
    expect(g!.deployments.map((d) => [d.deployment.id, d.failure, d.rolledBackBy])).toEqual([
      ['x-1', null, null],
      ['x-2', 'replaced_by_rollback', 'x-3'],
      ['x-3', null, null],
      ['x-4', 'failed', null],
    ]);
    expect(g!.changeFailureRate).toMatchObject({ failures: 2, total: 4, rate: 0.5 });
    expect(g!.timeToRestore.samples[0]).toMatchObject({
      failureId: 'x-2',
      restoredById: 'x-3',
      seconds: 2.5 * H,
    });
  });

  it('list a failure nothing has restored yet without a time, and leave it out of the median', () => {
    expect(g!.timeToRestore.samples[1]).toEqual({
      failureId: 'x-4',
      failedAt: '2026-02-20T10:00:00Z',
      restoredById: null,
      restoredAt: null,
      seconds: null,
    });
    expect(g!.timeToRestore.medianSeconds).toBe(2.5 * H);
  });
});

describe('the bands of the 2023 State of DevOps report', () => {
  it('deployment frequency: elite above one a day, high from one a week, medium from one in 30 days', () => {
    expect([2, 1, 1 / 7, 1 / 7 - 1e-9, 1 / 30, 1 / 31, 0].map(frequencyBand)).toEqual([
      'elite',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ]);
  });

  it('lead time: elite under a day, high under a week, medium under 30 days', () => {
    expect([D - 1, D, 7 * D - 1, 7 * D, 30 * D - 1, 30 * D].map(leadTimeBand)).toEqual([
      'elite',
      'high',
      'high',
      'medium',
      'medium',
      'low',
    ]);
  });

  it('change failure rate: elite up to 5%, high up to 10%, medium up to 15%', () => {
    expect([0, 0.05, 0.0501, 0.1, 0.15, 0.1501, 0.64].map(changeFailureBand)).toEqual([
      'elite',
      'elite',
      'high',
      'high',
      'medium',
      'low',
      'low',
    ]);
  });

  it('time to restore: elite under an hour, high under a day, medium under a week', () => {
    expect([H - 1, H, D - 1, D, 7 * D - 1, 7 * D].map(restoreBand)).toEqual([
      'elite',
      'high',
      'high',
      'medium',
      'medium',
      'low',
    ]);
  });
});

describe('helpers', () => {
  it('median: the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('a rolled-back deployment went live at its first success, not when it was rolled back', () => {
    expect(liveAt(deployments.find((d) => d.id === 'api-0005')!)).toBe('2026-02-22T10:00:00Z');
    expect(liveAt(deployments.find((d) => d.id === 'api-0003')!)).toBeNull();
  });
});
