// buildDeployments and environmentIntervals (docs/deployments.md) on small hand-written logs: every expected
// value below is worked out by hand from the lines in the test.
import { describe, expect, it } from 'vitest';
import {
  buildDeployments,
  environmentIntervals,
  intervalsAt,
  parseWaybillDeployments,
  unknownProjectProblems,
  type RawDeployment,
  type DeployableRelease,
} from '../../src/core/deployments/index.ts';
import { DeploymentsSchema } from '../../src/schemas/deployment.ts';

const SHA = {
  a: 'aaaaaaa1111111111111111111111111111111111'.slice(0, 40),
  b: 'bbbbbbb2222222222222222222222222222222222'.slice(0, 40),
  c: 'ccccccc3333333333333333333333333333333333'.slice(0, 40),
  rc: 'ddddddd4444444444444444444444444444444444'.slice(0, 40),
};
const releases: DeployableRelease[] = [
  { project: 'api', version: '1.0.0', tag: 'v1.0.0', commit: SHA.a },
  { project: 'api', version: '1.1.0', tag: 'v1.1.0', commit: SHA.b },
  { project: 'api', version: '2.0.0-rc.1', tag: 'v2.0.0-rc.1', commit: SHA.c },
  { project: 'api', version: '2.0.0', tag: 'v2.0.0', commit: SHA.c },
  { project: 'web', version: '1.0.0', tag: 'web@1.0.0', commit: SHA.rc },
];
const environments = [
  { id: 'production', tier: 'production' },
  { id: 'staging', tier: 'staging' },
];

/** Waybill lines from objects, with the defaults every test line shares. */
function raw(lines: Record<string, unknown>[]): RawDeployment[] {
  const text = lines
    .map((l) =>
      JSON.stringify({ project: 'api', environment: 'production', status: 'success', actor: 'ana', ...l }),
    )
    .join('\n');
  const { records, problems } = parseWaybillDeployments(text, 'deploys/log.jsonl', {});
  expect(problems).toEqual([]);
  return records;
}
const build = (lines: Record<string, unknown>[]) =>
  buildDeployments({ raw: raw(lines), releases, environments });

describe('tying records to releases', () => {
  it('by version, by tag, by full or abbreviated SHA, and by a ref that is a tag', () => {
    const ds = build([
      { id: 'by-version', at: '2026-01-01T10:00:00Z', version: '1.0.0' },
      { id: 'by-tag', at: '2026-01-02T10:00:00Z', tag: 'v1.1.0' },
      { id: 'by-refs-tags', at: '2026-01-03T10:00:00Z', tag: 'refs/tags/v1.0.0' },
      { id: 'by-full-sha', at: '2026-01-04T10:00:00Z', sha: SHA.b.toUpperCase() },
      { id: 'by-short-sha', at: '2026-01-05T10:00:00Z', sha: SHA.a.slice(0, 7) },
      { id: 'tag-as-version', at: '2026-01-06T10:00:00Z', version: 'v1.1.0' },
    ]);
    expect(ds.map((d) => [d.id, d.version])).toEqual([
      ['by-version', '1.0.0'],
      ['by-tag', '1.1.0'],
      ['by-refs-tags', '1.0.0'],
      ['by-full-sha', '1.1.0'],
      ['by-short-sha', '1.0.0'],
      ['tag-as-version', '1.1.0'],
    ]);
    // `ref` keeps what the record named, as written (SHA lower-cased).
    expect(ds[3].ref).toEqual({ version: null, tag: null, sha: SHA.b });
    expect(ds[1].ref).toEqual({ version: null, tag: 'v1.1.0', sha: null });
  });

  it('a commit with two releases (2.0.0-rc.1 and 2.0.0) ships as the higher', () => {
    expect(build([{ id: 'x', at: '2026-01-01T10:00:00Z', sha: SHA.c }])[0].version).toBe('2.0.0');
  });

  it('keeps a record that matches no release, with version null and what it named', () => {
    const ds = build([
      { id: 'unknown-sha', at: '2026-01-01T10:00:00Z', sha: 'abcdef1234567' },
      { id: 'unknown-version', at: '2026-01-02T10:00:00Z', version: '9.9.9' },
      { id: 'too-short', at: '2026-01-03T10:00:00Z', version: '0.0.0-none', sha: SHA.a.slice(0, 7) },
      { id: 'other-project', at: '2026-01-04T10:00:00Z', project: 'web', version: '1.1.0' },
    ]);
    expect(ds.map((d) => [d.id, d.version])).toEqual([
      ['unknown-sha', null],
      ['unknown-version', null],
      // The version names no release; the SHA that follows does.
      ['too-short', '1.0.0'],
      // 1.1.0 is a release of api, not of web.
      ['other-project', null],
    ]);
    expect(ds[0].ref.sha).toBe('abcdef1234567');
    expect(ds[1].ref.version).toBe('9.9.9');
  });

  it('an abbreviation that fits two tagged commits names neither', () => {
    const twins: DeployableRelease[] = [
      { project: 'api', version: '1.0.0', tag: 'v1.0.0', commit: `abcdef1${'0'.repeat(33)}` },
      { project: 'api', version: '1.0.1', tag: 'v1.0.1', commit: `abcdef1${'f'.repeat(33)}` },
    ];
    const r = raw([
      { id: 'x', at: '2026-01-01T10:00:00Z', sha: 'abcdef1' },
      { id: 'y', at: '2026-01-01T11:00:00Z', sha: 'abcdef1f' },
    ]);
    expect(buildDeployments({ raw: r, releases: twins, environments }).map((d) => d.version)).toEqual([
      null,
      '1.0.1',
    ]);
  });
});

describe('merging the records of one deployment', () => {
  const ds = build([
    {
      id: 'd1',
      at: '2026-03-14T13:58:00+01:00',
      status: 'started',
      version: '1.1.0',
      actor: 'ana',
      url: 'https://ci/1',
    },
    { id: 'other', at: '2026-03-14T13:00:00Z', status: 'success', version: '1.0.0' },
    {
      id: 'd1',
      at: '2026-03-14T13:03:30Z',
      status: 'success',
      version: '1.1.0',
      actor: 'deploy-bot',
      approvers: ['ben', 'cy'],
      url: 'https://ci/1/done',
    },
  ]);
  const d1 = ds.find((d) => d.id === 'd1')!;

  it('one record with every attempt, oldest first, and the last one as its status', () => {
    expect(ds).toHaveLength(2);
    expect(d1.attempts.map((a) => [a.status, a.at, a.source.line])).toEqual([
      ['started', '2026-03-14T13:58:00+01:00', 1],
      ['success', '2026-03-14T13:03:30Z', 3],
    ]);
    expect(d1.status).toBe('success');
    expect(d1.source).toEqual({ format: 'waybill', file: 'deploys/log.jsonl', line: 3, pointer: '' });
  });

  it('start, finish and duration across offsets: 13:58+01:00 is 12:58Z, 5.5 minutes before 13:03:30Z', () => {
    expect(d1.startedAt).toBe('2026-03-14T13:58:00+01:00');
    expect(d1.finishedAt).toBe('2026-03-14T13:03:30Z');
    expect(d1.at).toBe('2026-03-14T13:03:30Z');
    expect(d1.durationSeconds).toBe(330);
  });

  it('the actor is who started it; approvers from every record; the url from the last', () => {
    expect(d1.actor).toBe('ana');
    expect(d1.approvers).toEqual(['ben', 'cy']);
    expect(d1.url).toBe('https://ci/1/done');
  });

  it('a deployment that never finished is at its start, with no finish and no duration', () => {
    const [d] = build([{ id: 'run', at: '2026-03-14T10:00:00Z', status: 'started', version: '1.0.0' }]);
    expect([d.status, d.at, d.startedAt, d.finishedAt, d.durationSeconds]).toEqual([
      'started',
      '2026-03-14T10:00:00Z',
      '2026-03-14T10:00:00Z',
      null,
      null,
    ]);
  });

  it('a single success has no start time and no duration', () => {
    const [d] = build([{ id: 'one', at: '2026-03-14T10:00:00Z', version: '1.0.0' }]);
    expect([d.startedAt, d.finishedAt, d.durationSeconds, d.attempts.length]).toEqual([
      null,
      '2026-03-14T10:00:00Z',
      null,
      1,
    ]);
  });

  it('the same status at the same instant read twice is one attempt', () => {
    const r = raw([{ id: 'x', at: '2026-03-14T10:00:00Z', status: 'started', version: '1.0.0' }]);
    const twice = [...r, { ...r[0], source: { ...r[0].source, file: 'deploys/copy.jsonl' } }];
    expect(buildDeployments({ raw: twice, releases, environments })[0].attempts).toHaveLength(1);
  });

  it('the same id in two projects is two deployments', () => {
    expect(
      build([
        { id: 'x', at: '2026-03-14T10:00:00Z', version: '1.0.0' },
        { id: 'x', project: 'web', at: '2026-03-14T10:00:00Z', version: '1.0.0' },
      ]).map((d) => [d.project, d.version]),
    ).toEqual([
      ['api', '1.0.0'],
      ['web', '1.0.0'],
    ]);
  });
});

describe('rollbacks, tiers and order', () => {
  const ds = build([
    { id: 'p1', at: '2026-01-01T10:00:00Z', version: '1.0.0' },
    { id: 'p2', at: '2026-01-02T10:00:00Z', version: '2.0.0' },
    { id: 's1', at: '2026-01-02T11:00:00Z', version: '1.0.0', environment: 'staging' },
    { id: 'p3-failed', at: '2026-01-03T10:00:00Z', version: '1.1.0', status: 'failed' },
    { id: 'p4', at: '2026-01-04T10:00:00Z', version: '1.1.0' },
    { id: 'p5', at: '2026-01-05T10:00:00Z', version: '1.1.0' },
    { id: 'p6', at: '2026-01-06T10:00:00Z', sha: 'abcdef0123456' },
    { id: 'p7', at: '2026-01-07T10:00:00Z', version: '1.0.0' },
    { id: 'q1', at: '2026-01-07T10:00:00Z', version: '1.0.0', environment: 'qa' },
  ]);
  const by = (id: string) => ds.find((d) => d.id === id)!;

  it('a successful deployment of a lower version than the one running before it is a rollback', () => {
    expect(ds.filter((d) => d.rollback).map((d) => d.id)).toEqual(['p4']);
    // p3 failed: it is not a rollback, and 2.0.0 still ran when p4 brought 1.1.0 back.
    expect(by('p3-failed').rollback).toBe(false);
    // p5 redeploys what runs; s1 is the first in staging; p7 follows an unknown version.
    expect([by('p5').rollback, by('s1').rollback, by('p7').rollback]).toEqual([false, false, false]);
  });

  it('the tier comes from the config, "other" when the environment is not listed', () => {
    expect([by('p1').tier, by('s1').tier, by('q1').tier]).toEqual(['production', 'staging', 'other']);
  });

  it('sorted by instant, then id; valid against DeploymentsSchema', () => {
    expect(ds.map((d) => d.id)).toEqual(['p1', 'p2', 's1', 'p3-failed', 'p4', 'p5', 'p6', 'p7', 'q1']);
    expect(() => DeploymentsSchema.parse({ deployments: ds, problems: [] })).not.toThrow();
    expect(ds.every((d) => d.freeze === null)).toBe(true);
  });

  it('instants, not strings: 10:30+02:00 (08:30Z) comes before 09:00Z', () => {
    expect(
      build([
        { id: 'b', at: '2026-01-01T09:00:00Z', version: '1.0.0' },
        { id: 'a', at: '2026-01-01T10:30:00+02:00', version: '1.0.0' },
      ]).map((d) => d.id),
    ).toEqual(['a', 'b']);
  });

  it('is the same whatever order the records come in', () => {
    const r = raw([
      { id: 'p1', at: '2026-01-01T10:00:00Z', version: '1.0.0' },
      { id: 'p2', at: '2026-01-02T10:00:00Z', version: '2.0.0', status: 'started' },
      { id: 'p2', at: '2026-01-02T10:05:00Z', version: '2.0.0' },
      { id: 'p3', at: '2026-01-03T10:00:00Z', version: '1.0.0' },
    ]);
    const forward = buildDeployments({ raw: r, releases, environments });
    const backward = buildDeployments({ raw: [...r].reverse(), releases, environments });
    // Only the order of equal-time attempts' sources could differ; there are none here.
    expect(backward).toEqual(forward);
  });
});

describe('environmentIntervals', () => {
  const ds = build([
    { id: 'p1', at: '2026-01-01T10:00:00Z', version: '1.0.0', actor: 'ana' },
    { id: 'p2', at: '2026-01-02T10:00:00Z', version: '1.1.0', actor: 'ben' },
    { id: 'p3', at: '2026-01-03T10:00:00Z', version: '2.0.0', status: 'failed' },
    { id: 'p4', at: '2026-01-04T10:00:00Z', version: '1.1.0' },
    { id: 'p5', at: '2026-01-05T10:00:00Z', sha: 'abcdef0123456' },
    { id: 's1', at: '2026-01-01T09:00:00Z', version: '2.0.0', environment: 'staging' },
  ]);
  const intervals = environmentIntervals(ds);

  it('per project and environment, [from, to) for each version; failures change nothing; redeploys extend', () => {
    expect(intervals.map((i) => [i.environment, i.version, i.from, i.to, i.deploymentIds])).toEqual([
      ['production', '1.0.0', '2026-01-01T10:00:00Z', '2026-01-02T10:00:00Z', ['p1']],
      ['production', '1.1.0', '2026-01-02T10:00:00Z', '2026-01-05T10:00:00Z', ['p2', 'p4']],
      ['production', null, '2026-01-05T10:00:00Z', null, ['p5']],
      ['staging', '2.0.0', '2026-01-01T09:00:00Z', null, ['s1']],
    ]);
    expect(intervals[2].ref.sha).toBe('abcdef0123456');
    expect(intervals[0].tier).toBe('production');
  });

  it('what ran where at an instant (the time-travel view)', () => {
    const at = (t: string) => intervalsAt(intervals, t).map((i) => `${i.environment}=${i.version}`);
    expect(at('2026-01-01T09:30:00Z')).toEqual(['staging=2.0.0']);
    expect(at('2026-01-02T10:00:00Z')).toEqual(['production=1.1.0', 'staging=2.0.0']);
    expect(at('2026-01-03T12:00:00+02:00')).toEqual(['production=1.1.0', 'staging=2.0.0']);
    expect(at('2030-01-01T00:00:00Z')).toEqual(['production=null', 'staging=2.0.0']);
  });
});

it('unknownProjectProblems names the record and the projects the config has', () => {
  const problems = unknownProjectProblems(
    raw([{ id: 'x', at: '2026-01-01T10:00:00Z', version: '1.0.0', project: 'apí' }]),
    ['web', 'api'],
  );
  expect(problems).toEqual([
    {
      file: 'deploys/log.jsonl',
      line: 1,
      pointer: '/project',
      message: 'expected the id of a project in the config ("api", "web"), found "apí"',
    },
  ]);
});

describe('deployments that were rolled back', () => {
  it('ran until the rollback: they appear in what ran where, and what replaces them is a rollback', async () => {
    const { buildDeployments, environmentIntervals } = await import('../../src/core/deployments/index.ts');
    const raw = (
      id: string,
      version: string,
      status: 'success' | 'rolled_back',
      at: string,
      attempts: { status: 'success' | 'rolled_back'; at: string }[] = [],
    ) =>
      [...attempts, { status, at }].map((a) => ({
        id,
        project: 'p',
        environment: 'production',
        status: a.status,
        at: a.at,
        ref: { version, tag: null, sha: null },
        actor: null,
        approvers: [],
        url: null,
        description: null,
        data: null,
        source: { format: 'waybill' as const, file: 'd.jsonl', line: 1, pointer: '' },
      }));
    const releases = ['1.0.0', '2.0.0'].map((v) => ({
      project: 'p',
      version: v,
      tag: `v${v}`,
      commit: v.replace(/\./g, '').padEnd(40, 'a'),
    }));
    const deployments = buildDeployments({
      raw: [
        ...raw('a', '1.0.0', 'success', '2026-01-01T10:00:00Z'),
        // 2.0.0 went live at noon and was rolled back at 15:00, by the redeploy of 1.0.0.
        ...raw('b', '2.0.0', 'rolled_back', '2026-01-02T15:00:00Z', [
          { status: 'success', at: '2026-01-02T12:00:00Z' },
        ]),
        ...raw('c', '1.0.0', 'success', '2026-01-02T15:00:00Z'),
      ] as never,
      releases,
      environments: [{ id: 'production', tier: 'production' }],
    });
    expect(deployments.find((d) => d.id === 'c')!.rollback).toBe(true);
    expect(environmentIntervals(deployments).map((i) => [i.version, i.from, i.to])).toEqual([
      ['1.0.0', '2026-01-01T10:00:00Z', '2026-01-02T12:00:00Z'],
      ['2.0.0', '2026-01-02T12:00:00Z', '2026-01-02T15:00:00Z'],
      ['1.0.0', '2026-01-02T15:00:00Z', null],
    ]);
  });
});
