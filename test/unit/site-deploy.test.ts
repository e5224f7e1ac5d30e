// Deployments on the site, from the sample data folder's deployments.json (hand-written; every
// expectation below is read off it by hand, times in Europe/Berlin as site.json says, harvest
// 1 March 2026 13:00 CET): the loader and the portal's checks, the JSON API, the environments
// matrix and its time travel, a release's "Deployed to", and that the public audience gets none
// of it. The metrics page is in site-dora-page.test.ts.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataFailure, editJson } from '../helpers/data-folder.ts';
import { environmentIntervals } from '../../src/core/deployments/index.ts';
import { serializeJson, toApiDeployments, toApiRelease } from '../../src/lib/api/api.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { formatDuration, formatVersionLabel, safeHttpUrl } from '../../src/lib/delivery/deployment-format.ts';
import { isAuthor } from '../../src/lib/delivery/deployment-view.ts';
import { toEnvironmentsView } from '../../src/lib/delivery/environments-view.ts';
import { internalNav } from '../../src/lib/delivery/internal-nav.ts';
import { getApiDeploymentsPaths, getInternalIndexPaths } from '../../src/lib/delivery/internal-routes.ts';
import { toReleaseDeploymentsView } from '../../src/lib/delivery/release-deployments.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import {
  instantToZoned,
  intervalAt,
  serializeTimeTravel,
  zonedToInstant,
  type TimeTravelData,
} from '../../src/lib/delivery/time-travel.ts';
import { deploymentAnchor } from '../../src/lib/model/urls.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const internal = buildPortal({ ...data, audience: 'internal', base: '/', dataDir: SAMPLE });
const pub = buildPortal({ ...data, audience: 'public', base: '/', dataDir: SAMPLE });

describe('the data folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'waybill-deploy-'));
    cpSync(SAMPLE, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const edit = (change: (json: any) => void) => editJson(dir, 'deployments.json', change);
  const failure = dataFailure;

  it('reads deployments.json with the schema of src/schemas/deployment.ts', () => {
    expect(data.deployments!.deployments).toHaveLength(12);
    expect(data.deployments!.problems).toHaveLength(1);
  });

  it('has no deployments when the folder has no deployments.json', () => {
    rmSync(join(dir, 'deployments.json'));
    expect(readDataFolder(dir).deployments).toBeNull();
  });

  it('names the file and the field of a bad record', () => {
    const file = edit((j) => (j.deployments[3].status = 'done'));
    expect(failure(() => readDataFolder(dir))).toContain(`invalid data in ${file}`);
    expect(failure(() => readDataFolder(dir))).toMatch(/at \/deployments\/3\/status/);
  });

  it('refuses two records of one project with one id: they would share an anchor and a row', () => {
    edit((j) => (j.deployments[4].id = j.deployments[2].id));
    expect(failure(() => readDataFolder(dir))).toMatch(
      /at \/deployments\/4\/id: expected each project's deployment ids to be unique, found "gitlab:102" of project "api", which \/deployments\/2 has too/,
    );
  });

  it('refuses a record of a version that is no release, or of a project that is not listed', () => {
    edit((j) => (j.deployments[2].version = '9.9.9'));
    const bad = readDataFolder(dir);
    expect(failure(() => buildPortal({ ...bad, audience: 'internal', base: '/', dataDir: dir }))).toMatch(
      /deployments\.json:\n {2}at \/deployments\/2\/version: "9\.9\.9" \(deployment "gitlab:102"\) is not the version of any file in releases\/api\//,
    );
    edit((j) => {
      j.deployments[2].version = '1.0.0';
      j.deployments[0].project = 'nope';
    });
    const worse = readDataFolder(dir);
    expect(failure(() => buildPortal({ ...worse, audience: 'internal', base: '/', dataDir: dir }))).toMatch(
      /at \/deployments\/0\/project: "nope" \(deployment "web-0001"\) is not a project listed in site\.json/,
    );
  });
});

describe('the public audience', () => {
  it('has no deployments at all: none in the portal, none per release, no paths, no nav, no JSON', () => {
    expect(pub.deployments).toEqual([]);
    expect(pub.deploymentProblems).toEqual([]);
    expect(pub.project('api')!.deployments('1.1.0')).toEqual([]);
    expect(getInternalIndexPaths(pub)).toEqual([]);
    expect(getApiDeploymentsPaths(pub)).toEqual([]);
    expect(internalNav('public', pub.paths)).toEqual([]);
    expect(toApiDeployments(pub)).toBeNull();
    expect(toEnvironmentsView(pub)).toBeNull();
    const api = pub.project('api')!;
    expect(toReleaseDeploymentsView(pub, api, api.release('1.1.0')!)).toBeNull();
    const json = serializeJson(toApiRelease(pub, api.release('1.1.0')!));
    expect(json).not.toMatch(/deploy/i);
  });
});

describe('/api/v1/deployments.json', () => {
  const list = toApiDeployments(internal)!;

  it('lists every record, unknown versions included, by `at` then id, with exactly the contract fields', () => {
    expect(list.map((d) => d.id)).toEqual([
      'web-0001',
      'gitlab:101',
      'gitlab:102',
      'web-0002',
      'api-0001',
      'api-0002',
      'api-0003',
      'api-0004',
      'api-0005',
      'api-0006',
      'github:77',
      'api-0007',
    ]);
    expect(Object.keys(list[0]!)).toEqual([
      'id',
      'project',
      'version',
      'environment',
      'status',
      'at',
      'actor',
      'approvers',
      'url',
      'source',
      'freeze',
    ]);
    expect(list.find((d) => d.id === 'github:77')).toMatchObject({
      version: null,
      source: { format: 'github', file: 'exports/github-deployments.json', line: null },
    });
    expect(list.find((d) => d.id === 'api-0004')).toMatchObject({
      source: { format: 'waybill', file: 'deploys/api.jsonl', line: 6 },
      freeze: { name: 'Release-week freeze' },
    });
  });

  it('sorts by the instant, not the text of `at`', () => {
    const shifted = structuredClone(data.deployments!);
    // 10:30 in UTC+02:00 is 08:30Z: before gitlab:101 (10:30Z) though its text sorts after.
    shifted.deployments.find((d) => d.id === 'gitlab:102')!.at = '2026-01-15T10:29:00+02:00';
    const portal = buildPortal({
      ...data,
      deployments: shifted,
      audience: 'internal',
      base: '/',
      dataDir: SAMPLE,
    });
    expect(
      toApiDeployments(portal)!
        .slice(1, 3)
        .map((d) => d.id),
    ).toEqual(['gitlab:102', 'gitlab:101']);
  });

  it("a release's JSON carries its deployments for the internal audience", () => {
    const api = internal.project('api')!;
    expect(toApiRelease(internal, api.release('1.1.0')!).deployments!.map((d) => d.id)).toEqual([
      'api-0002',
      'api-0003',
      'api-0004',
      'api-0006',
    ]);
  });
});

describe('/environments/', () => {
  const view = toEnvironmentsView(internal)!;

  it('has a column per environment, production first, and a row per project', () => {
    expect(view.environments).toEqual([
      { id: 'production', tier: 'production' },
      { id: 'staging', tier: 'staging' },
    ]);
    expect(view.rows.map((r) => r.project.text)).toEqual(['Acme API', 'Acme Web']);
  });

  it('shows what runs now, as of the harvest: since when, put there by whom, and a later attempt that did not go live', () => {
    const [api, web] = view.rows;
    expect(api!.cells[0]).toEqual({
      environment: 'production',
      running: {
        version: { label: '1.1.0', url: '/projects/api/1.1.0/', unknown: false },
        since: { iso: '2026-02-23T08:05:00Z', text: '23 February 2026 at 09:05 CET' },
        by: 'by Grace Hopper, no approval recorded',
        deploymentUrl: '/environments/#dep-api-api-0006',
      },
      note: null,
    });
    expect(api!.cells[1]!.running).toMatchObject({
      version: { label: 'unknown version (sha e9e9e9e)', url: null, unknown: true },
      since: { text: '25 February 2026 at 13:00 CET' },
      by: 'by Linus Example, no approval recorded',
    });
    expect(api!.cells[1]!.note).toEqual({
      text: '1.2.0+build.5 in progress since 1 March 2026 at 12:00 CET',
      url: '/environments/#dep-api-api-0007',
      status: 'started',
    });
    expect(web!.cells[0]!.running).toMatchObject({
      version: { label: '1.2' },
      by: 'by Grace Hopper, approved by Ada Lovelace',
    });
    expect(web!.cells[0]!.note).toMatchObject({ text: '1.3rc1 canceled on 22 January 2026 at 10:00 CET' });
    expect(web!.cells[1]).toEqual({ environment: 'staging', running: null, note: null });
  });

  it('lists every interval: a failed deployment changes nothing, a rolled-back one ran until the rollback', () => {
    const production = view.history.find((h) => h.project.id === 'api' && h.environment === 'production')!;
    expect(production.intervals.map((i) => [i.version.label, i.from.text, i.to?.text ?? 'now'])).toEqual([
      ['1.0.0', '16 January 2026 at 10:00 CET', '13 February 2026 at 11:00 CET'],
      ['1.1.0', '13 February 2026 at 11:00 CET', '22 February 2026 at 11:00 CET'],
      ['1.2.0+build.5', '22 February 2026 at 11:00 CET', '23 February 2026 at 09:05 CET'],
      ['1.1.0', '23 February 2026 at 09:05 CET', 'now'],
    ]);
    expect(view.history.map((h) => `${h.project.id}/${h.environment}`)).toEqual([
      'api/production',
      'api/staging',
      'web/production',
    ]);
  });

  it('logs every record in the order of the JSON, links only http(s) URLs, and marks failures and rollbacks', () => {
    expect(view.log.map((d) => d.id)).toEqual(toApiDeployments(internal)!.map((d) => d.id));
    const failed = view.log.find((d) => d.id === 'api-0003')!;
    expect(failed).toMatchObject({
      statusText: 'Failed',
      url: null,
      actor: 'Mallory <img src=x onerror=alert(4)>',
      duration: '10 min',
      source: 'deploys/api.jsonl:4',
    });
    expect(view.log.find((d) => d.id === 'api-0004')!.url).toBe('https://ci.acme.example/api/deploys/4');
    expect(view.log.find((d) => d.id === 'api-0005')!.rolledBackBy).toEqual({
      text: 'rolled back by 1.1.0 on 23 February 2026 at 09:05 CET',
      url: '/environments/#dep-api-api-0006',
    });
    expect(view.log.find((d) => d.id === 'api-0006')!.rollback).toBe(true);
    expect(view.problems).toEqual([
      'deploys/api.jsonl:7: expected "status" to be one of started, success, failed, rolled_back, canceled, found "done"',
    ]);
  });

  it('embeds the intervals for time travel with "<" escaped', () => {
    expect(view.timeTravel).not.toContain('<');
    const parsed = JSON.parse(view.timeTravel) as TimeTravelData;
    expect(parsed).toMatchObject({
      timeZone: 'Europe/Berlin',
      harvestedAt: '2026-03-01T12:00:00Z',
      min: '2025-12-02T10:00',
      max: '2026-03-01T13:00',
      empty: 'not deployed',
    });
    // 22 February 2026, 12:00 in Berlin: 1.2.0+build.5 ran in production, 1.1.0 in staging.
    const at = zonedToInstant('2026-02-22T12:00', 'Europe/Berlin')!;
    expect(intervalAt(parsed.intervals, 'api', 'production', at)?.label).toBe('1.2.0+build.5');
    expect(intervalAt(parsed.intervals, 'api', 'staging', at)?.label).toBe('1.1.0');
    expect(intervalAt(parsed.intervals, 'web', 'staging', at)).toBeNull();
    // Before anything ran in production:
    expect(
      intervalAt(parsed.intervals, 'api', 'production', zonedToInstant('2026-01-16T09:59', 'Europe/Berlin')!),
    ).toBeNull();
    expect(
      intervalAt(parsed.intervals, 'api', 'production', zonedToInstant('2026-01-16T10:00', 'Europe/Berlin')!)
        ?.label,
    ).toBe('1.0.0');
  });
});

describe("time travel in the portal's time zone", () => {
  it("reads a picked date and time in the portal zone, not the browser's", () => {
    expect(new Date(zonedToInstant('2026-02-22T12:00', 'Europe/Berlin')!).toISOString()).toBe(
      '2026-02-22T11:00:00.000Z',
    );
    expect(new Date(zonedToInstant('2026-07-01T12:00', 'Europe/Berlin')!).toISOString()).toBe(
      '2026-07-01T10:00:00.000Z',
    );
    expect(new Date(zonedToInstant('2026-07-01T12:00', 'America/New_York')!).toISOString()).toBe(
      '2026-07-01T16:00:00.000Z',
    );
    expect(zonedToInstant('2026-02-30T12:00', 'UTC')).toBeNull();
    expect(zonedToInstant('yesterday', 'UTC')).toBeNull();
  });

  it('a time the clock skips reads with the offset before the change; a repeated one as its first occurrence', () => {
    // Berlin: 29 March 2026 02:00 → 03:00; 25 October 2026 03:00 → 02:00.
    expect(new Date(zonedToInstant('2026-03-29T02:30', 'Europe/Berlin')!).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(new Date(zonedToInstant('2026-10-25T02:30', 'Europe/Berlin')!).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('shows an instant as the picker value in the portal zone', () => {
    expect(instantToZoned(Date.parse('2026-03-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-03-01T13:00');
    expect(instantToZoned(Date.parse('2026-03-01T12:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-03-02T02:00');
  });

  it('escapes "<" and line separators in the embedded JSON', () => {
    const text = serializeTimeTravel({
      timeZone: 'UTC',
      harvestedAt: '',
      min: '',
      max: '',
      empty: '</script><b>\u2028',
      intervals: [],
    });
    expect(text).not.toMatch(/[<\u2028]/);
    expect(JSON.parse(text).empty).toBe('</script><b>\u2028');
  });
});

describe('a release\'s "Deployed to"', () => {
  const api = internal.project('api')!;
  const view = toReleaseDeploymentsView(internal, api, api.release('1.1.0')!)!;

  it('lists every deployment of the version with every attempt, and where it runs now', () => {
    expect(view.runningIn).toEqual(['production']);
    expect(view.deployments.map((d) => [d.id, d.environment, d.statusText, d.rollback])).toEqual([
      ['api-0002', 'staging', 'Succeeded', false],
      ['api-0003', 'production', 'Failed', false],
      ['api-0004', 'production', 'Succeeded', false],
      ['api-0006', 'production', 'Succeeded', true],
    ]);
    expect(view.deployments[1]!.attempts.map((a) => [a.statusText, a.at.text])).toEqual([
      ['In progress', '13 February 2026 at 10:00 CET'],
      ['Failed', '13 February 2026 at 10:10 CET'],
    ]);
    expect(view.deployments[2]).toMatchObject({
      approvers: ['Grace Hopper'],
      duration: '20 min',
      freeze: 'Release-week freeze',
      startedAt: { text: '13 February 2026 at 10:40 CET' },
    });
  });

  it('says when the person who deployed also wrote a change of the release', () => {
    // Mallory wrote c1 of 1.1.0 and deployed api-0003; Ada wrote c2 and deployed api-0004.
    expect(view.deployments.map((d) => d.actorIsAuthor)).toEqual([false, true, true, false]);
    expect(isAuthor('ada', internal.record(api.release('1.1.0')!))).toBe(true); // the user part of ada@acme.example
    expect(isAuthor(null, internal.record(api.release('1.1.0')!))).toBe(false);
  });

  it('is null for a release never deployed', () => {
    const web = internal.project('web')!;
    expect(toReleaseDeploymentsView(internal, web, web.release('1.3rc1')!)).toMatchObject({ runningIn: [] });
    expect(toReleaseDeploymentsView(internal, api, api.release('1.1.0-rc.1')!)).toMatchObject({
      runningIn: [],
    });
    const noDeployments = buildPortal({
      ...data,
      deployments: null,
      audience: 'internal',
      base: '/',
      dataDir: SAMPLE,
    });
    const a = noDeployments.project('api')!;
    expect(toReleaseDeploymentsView(noDeployments, a, a.release('1.1.0')!)).toBeNull();
  });
});

describe('helpers', () => {
  it('formatDuration rounds down to what people say', () => {
    expect([0, 59, 60, 600, 3600, 3660, 86399, 86400, 90000, 40 * 86400].map(formatDuration)).toEqual([
      '0 s',
      '59 s',
      '1 min',
      '10 min',
      '1 h',
      '1 h 1 min',
      '23 h 59 min',
      '1 d',
      '1 d 1 h',
      '40 d',
    ]);
  });

  it('safeHttpUrl keeps http(s) URLs only', () => {
    expect(safeHttpUrl('https://ci.example/1')).toBe('https://ci.example/1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl(' JAVASCRIPT:alert(1)')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });

  it('an unknown version names what the record named', () => {
    const ref = { version: null, tag: null, sha: null };
    expect(formatVersionLabel({ version: null, ref: { ...ref, sha: 'abcdef1234567890' } })).toBe(
      'unknown version (sha abcdef1)',
    );
    expect(formatVersionLabel({ version: null, ref: { ...ref, tag: 'v9' } })).toBe(
      'unknown version (tag v9)',
    );
    expect(formatVersionLabel({ version: null, ref })).toBe('unknown version');
  });

  it('anchors are stable, readable, and distinct for ids that differ only in unsafe characters', () => {
    expect(deploymentAnchor('api', 'api-0001')).toBe('dep-api-api-0001');
    expect(deploymentAnchor('api', 'gitlab:42')).toMatch(/^dep-api-gitlab-42-[0-9a-f]{8}$/);
    expect(deploymentAnchor('api', 'gitlab:42')).not.toBe(deploymentAnchor('api', 'gitlab/42'));
    expect(deploymentAnchor('api', '<x onmouseover=1>')).toMatch(/^dep-api-x-onmouseover-1-[0-9a-f]{8}$/);
  });

  it('intervals merge a redeploy of the running version', () => {
    const [d] = data.deployments!.deployments.filter((x) => x.id === 'api-0004');
    const again = { ...d!, id: 'again', at: '2026-02-14T10:00:00Z' };
    expect(environmentIntervals([d!, again]).map((i) => i.deploymentIds)).toEqual([['api-0004', 'again']]);
  });
});
