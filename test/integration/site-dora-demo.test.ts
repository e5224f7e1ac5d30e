// The demo's deployments as the portal shows them: the demo generated into a temporary folder,
// harvested with "now" at SOURCE_DATE_EPOCH=1795000000 (2026-11-18T11:06:40Z, as the browser tests
// build it), and every figure checked against what src/demo/deployments.ts works out by hand
// from its own logs and the commits of sdk 2.1.0 (src/demo/repos.ts). Times in Europe/Berlin.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/generate.ts';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { computeDora, doraWindow, type DoraMetrics } from '../../src/core/dora.ts';
import { harvest } from '../../src/harvest/harvest.ts';
import { toApiDeployments } from '../../src/lib/api/api.ts';
import { readDataFolder, type DataFolder } from '../../src/lib/model/data-folder.ts';
import { toMetricsView } from '../../src/lib/delivery/dora-view.ts';
import { toEnvironmentsView } from '../../src/lib/delivery/environments-view.ts';
import { buildPortal, type Portal } from '../../src/lib/model/portal.ts';
import { intervalAt, zonedToInstant, type TimeTravelData } from '../../src/lib/delivery/time-travel.ts';

const NOW = new Date(1795000000 * 1000);
const H = 3600;
const D = 24 * H;

let root: string;
let data: DataFolder;
let portal: Portal;
let dora: DoraMetrics[];
const group = (project: string, tier: string) => dora.find((g) => g.project === project && g.tier === tier)!;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'waybill-demo-deploy-'));
  const { configPath } = await generateDemo(join(root, 'demo'));
  const config = ConfigSchema.parse(JSON.parse(readFileSync(configPath, 'utf8')));
  await harvest(
    { config, file: configPath, dir: join(root, 'demo') },
    { now: NOW, dataDir: join(root, 'data'), log: () => {} },
  );
  data = readDataFolder(join(root, 'data'));
  portal = buildPortal({ ...data, audience: 'internal', base: '/', dataDir: join(root, 'data') });
  dora = computeDora({
    deployments: portal.deployments,
    releases: data.releases,
    window: doraWindow(data.site.harvestedAt),
    projects: data.site.projects,
  });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the demo logs', () => {
  it('give 39 deployments in three formats, every one tied to a release but the unreleased commit on staging', () => {
    const list = toApiDeployments(portal)!;
    expect(list).toHaveLength(39);
    expect(data.deployments!.problems).toEqual([]);
    expect(new Set(list.map((d) => d.source.format))).toEqual(new Set(['waybill', 'gitlab', 'github']));
    expect(list.filter((d) => d.version === null).map((d) => d.id)).toEqual(['github:910007']);
    expect(new Set(list.map((d) => d.status))).toEqual(new Set(['success', 'failed', 'canceled', 'started']));
    expect(portal.deployments.filter((d) => d.rollback).map((d) => d.id)).toEqual(['sdk-0022']);
  });
});

describe('the demo matrix and time travel', () => {
  it('shows what runs where as of the harvest', () => {
    const view = toEnvironmentsView(portal)!;
    const cell = (project: string, environment: string) =>
      view.rows.find((r) => r.project.id === project)!.cells.find((c) => c.environment === environment)!;
    expect(cell('sdk', 'production').running).toMatchObject({
      version: { label: '2.1.0' },
      since: { text: '10 September 2026 at 11:00 CEST' },
      by: 'by Alice Schmidt, approved by Bob Okafor',
    });
    expect(cell('sdk', 'staging').running).toMatchObject({
      version: { label: '2.1.0' },
      since: { text: '15 July 2026 at 10:15 CEST' },
    });
    // gitlab:304 put 1.3.0 there; 305 failed and 306 redeployed it (the same interval); 307 was canceled.
    expect(cell('api', 'production').running).toMatchObject({
      version: { label: '1.3.0' },
      since: { text: '1 April 2026 at 10:00 CEST' },
      by: 'by erin, approved by farid and grace',
    });
    expect(cell('api', 'production').note?.text).toBe('1.3.0 canceled on 6 October 2026 at 15:20 CEST');
    const staging = cell('api', 'staging');
    expect(staging.running!.version.label).toMatch(/^unknown version \(sha [0-9a-f]{7}\)$/);
    expect(staging.running).toMatchObject({
      since: { text: '10 April 2026 at 11:00 CEST' },
      by: 'by grace, no approval recorded',
    });
    expect(staging.note?.text).toBe('1.3.0 in progress since 18 November 2026 at 11:50 CET');
    expect(cell('web', 'production').running).toBeNull();
  });

  it('answers "what ran in production on 26 August at noon": 2.1.0, rolled back the next day', () => {
    const view = toEnvironmentsView(portal)!;
    const { intervals } = JSON.parse(view.timeTravel) as TimeTravelData;
    const at = (local: string) => zonedToInstant(local, 'Europe/Berlin')!;
    expect(intervalAt(intervals, 'sdk', 'production', at('2026-08-26T12:00'))).toMatchObject({
      label: '2.1.0',
      by: 'by Bob Okafor, approved by Alice Schmidt',
    });
    expect(intervalAt(intervals, 'sdk', 'production', at('2026-08-28T12:00'))?.label).toBe('2.0.0');
    expect(intervalAt(intervals, 'sdk', 'production', at('2026-02-11T09:59'))).toBeNull();
    expect(intervalAt(intervals, 'sdk', 'production', at('2026-02-11T10:00'))?.label).toBe('1.0.0');
    expect(intervalAt(intervals, 'api', 'staging', at('2026-03-18T11:00'))?.label).toBe('1.2.0'); // 1.3rc1 failed at 10:30
    expect(intervalAt(intervals, 'api', 'staging', at('2026-03-18T12:00'))?.label).toBe('1.3rc1');
  });
});

describe('the demo DORA figures (90 days from 20 August 2026, 13:06 CEST)', () => {
  it('sdk in production: 0.31 a week, 44 d 13 h, 40%, 1 d 3 h', () => {
    const g = group('sdk', 'production');
    expect(g.deployments.map((d) => [d.deployment.id, d.failure])).toEqual([
      ['sdk-0020', 'failed'],
      ['sdk-0021', 'replaced_by_rollback'],
      ['sdk-0022', null],
      ['sdk-0023', null],
      ['sdk-0024', null],
    ]);
    expect(g.frequency).toMatchObject({ count: 4, band: 'medium' });
    expect(g.frequency.perWeek).toBeCloseTo(28 / 90, 10);
    // 2.1.0's commits, by their author dates in UTC, to sdk-0021 live on 25 August 09:40Z.
    expect(g.leadTime.samples.map((s) => [s.deploymentId, s.seconds])).toEqual([
      ['sdk-0021', 47 * D + 15 * H + 20 * 60], // Dana, 8 July 18:20Z
      ['sdk-0021', 47 * D + 7 * H + 40 * 60], // Chen, 9 July 02:00Z
      ['sdk-0021', 41 * D + 18 * H + 30 * 60], // Bob, 14 July 15:10Z
      ['sdk-0021', 41 * D + 2 * H + 10 * 60], // Alice, 15 July 07:30Z
    ]);
    expect(g.leadTime).toMatchObject({ medianSeconds: 44 * D + 13 * H + 5 * 60, band: 'low' });
    expect(g.changeFailureRate).toEqual({ failures: 2, total: 5, rate: 0.4, band: 'low' });
    expect(g.timeToRestore.samples.map((s) => [s.failureId, s.restoredById, s.seconds])).toEqual([
      ['sdk-0020', 'sdk-0021', H + 40 * 60],
      ['sdk-0021', 'sdk-0022', 2 * D + 4 * H + 25 * 60],
    ]);
    expect(g.timeToRestore).toMatchObject({
      medianSeconds: (H + 40 * 60 + 2 * D + 4 * H + 25 * 60) / 2,
      band: 'medium',
    });
  });

  it('sdk in staging: one redeploy, nothing failed', () => {
    const g = group('sdk', 'staging');
    expect(g.frequency).toMatchObject({ count: 1, band: 'low' });
    expect(g.changeFailureRate).toMatchObject({ failures: 0, total: 1, rate: 0, band: 'elite' });
    expect(g.leadTime.samples).toEqual([]);
  });

  it('api in production: a failed redeploy restored in 1 h 15 min; the canceled one counts in nothing; no lead time', () => {
    const g = group('api', 'production');
    expect(g.deployments.map((d) => [d.deployment.id, d.deployment.status, d.finished])).toEqual([
      ['gitlab:305', 'failed', true],
      ['gitlab:306', 'success', true],
      ['gitlab:307', 'canceled', false],
    ]);
    expect(g.frequency).toMatchObject({ count: 1, band: 'low' });
    expect(g.changeFailureRate).toEqual({ failures: 1, total: 2, rate: 0.5, band: 'low' });
    expect(g.timeToRestore).toMatchObject({ medianSeconds: H + 15 * 60, band: 'high' });
    expect(g.leadTime).toEqual({ samples: [], medianSeconds: null, band: null });
  });

  it('api in staging: only the deployment still running, which counts in nothing', () => {
    const g = group('api', 'staging');
    expect(g.deployments.map((d) => [d.deployment.id, d.live, d.finished])).toEqual([
      ['github:910008', false, false],
    ]);
    expect(g.frequency).toMatchObject({ count: 0, band: 'low' });
    expect(g.changeFailureRate.rate).toBeNull();
  });

  it('the page says them so', () => {
    const view = toMetricsView(portal)!;
    expect(view.groups.map((g) => [g.id, ...g.keys.map((k) => `${k.figure} (${k.bandText})`)])).toEqual([
      ['dora-sdk-production', '0.31 a week (Medium)', '44 d 13 h (Low)', '40% (Low)', '1 d 3 h (Medium)'],
      ['dora-sdk-staging', '0.08 a week (Low)', 'none (No band)', '0% (Elite)', 'none (No band)'],
      ['dora-api-production', '0.08 a week (Low)', 'none (No band)', '50% (Low)', '1 h 15 min (High)'],
      ['dora-api-staging', '0 a week (No band)', 'none (No band)', 'none (No band)', 'none (No band)'],
    ]);
    expect(view.without.map((p) => p.text)).toEqual(['@acme/core', '@acme/cli', '@acme/web']);
  });
});
