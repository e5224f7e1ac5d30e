// The audit chain: every byte of the log is covered, and a harvest appends exactly the events
// that bring the chain up to what the data folder says.
import { describe, expect, it } from 'vitest';
import {
  chainEvents,
  parseChain,
  serializeEvent,
  verifyChain,
  type NewAuditEvent,
} from '../../src/core/audit/chain.ts';
import { foldChain, newEvents, type CurrentRelease } from '../../src/core/audit/events.ts';
import { canonicalJson } from '../../src/core/canonical.ts';
import type { Deployment } from '../../src/schemas/deployment.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const D1 = '1'.repeat(64);
const D2 = '2'.repeat(64);
const rel = (over: Partial<CurrentRelease> = {}): CurrentRelease => ({
  project: 'api',
  version: '1.0.0',
  tag: 'v1.0.0',
  commit: A,
  tagObject: null,
  date: '2026-03-01T10:00:00+01:00',
  signature: 'unsigned',
  evidence: D1,
  ...over,
});
const toText = (events: ReturnType<typeof chainEvents>) =>
  events.map((e) => serializeEvent(e) + '\n').join('');

const sample: NewAuditEvent[] = [
  {
    at: '2026-03-02T09:00:00Z',
    kind: 'deploy.success',
    project: 'api',
    version: '1.0.0',
    data: { deployment: 'd1', approvers: ['bob'] },
  },
  {
    at: '2026-03-01T10:00:00+01:00',
    kind: 'release.published',
    project: 'api',
    version: '1.0.0',
    data: { tag: 'v1.0.0', commit: A, evidence: D1 },
  },
  {
    at: '2026-03-01T09:00:00Z',
    kind: 'release.published',
    project: 'web',
    version: '2.0',
    data: { tag: 'web-2.0', commit: B, evidence: D2 },
  },
];

describe('the chain', () => {
  it('orders a batch by time (offsets honoured), links every entry to the one before, and verifies', () => {
    const events = chainEvents(null, sample);
    expect(events.map((e) => [e.seq, e.project])).toEqual([
      [1, 'api'],
      [2, 'web'],
      [3, 'api'],
    ]);
    expect(events[0]!.prev).toBeNull();
    expect(events[1]!.prev).toBe(events[0]!.hash);
    const text = toText(events);
    expect(verifyChain(text)).toEqual({ events, failures: [] });
    // Each line is canonical JSON: sorted keys, no spaces.
    expect(text.split('\n')[0]).toBe(canonicalJson(JSON.parse(text.split('\n')[0]!)));
  });

  it('appends after an existing head, continuing seq and prev', () => {
    const first = chainEvents(null, sample.slice(0, 1));
    const more = chainEvents(first[0]!, sample.slice(1));
    expect(more.map((e) => e.seq)).toEqual([2, 3]);
    expect(more[0]!.prev).toBe(first[0]!.hash);
    expect(verifyChain(toText([...first, ...more])).failures).toEqual([]);
  });

  it('fails, naming the line, after any single byte of the log is changed', () => {
    const text = toText(chainEvents(null, sample));
    const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const changed =
        text.slice(0, i) +
        String.fromCharCode(code === 0x30 ? 0x31 : code === 0x0a ? 0x20 : code ^ 1) +
        text.slice(i + 1);
      const { failures } = verifyChain(changed);
      expect(failures.length, `byte ${i} (${JSON.stringify(text[i])})`).toBeGreaterThan(0);
      if (text[i] !== '\n')
        expect(
          failures.map((f) => f.line),
          `byte ${i}`,
        ).toContain(lineOf(i));
    }
  });

  it('fails on a removed, duplicated or reordered line, and on a cut-short file', () => {
    const lines = toText(chainEvents(null, sample)).split('\n').slice(0, -1);
    expect(verifyChain([lines[0], lines[2]].join('\n') + '\n').failures[0]).toMatchObject({ line: 2 });
    expect(verifyChain([lines[0], lines[0], lines[1]].join('\n') + '\n').failures.length).toBeGreaterThan(0);
    expect(verifyChain([lines[1], lines[0], lines[2]].join('\n') + '\n').failures[0]).toMatchObject({
      line: 1,
    });
    expect(verifyChain(lines.join('\n')).failures).toContainEqual({
      line: 3,
      message: expect.stringMatching(/no newline/),
    });
    expect(verifyChain('').failures).toEqual([]);
  });

  it('parses what it wrote', () => {
    const events = chainEvents(null, sample);
    expect(parseChain(toText(events))).toEqual(events);
  });
});

const deployment = (over: Partial<Deployment> = {}): Deployment => ({
  id: 'd1',
  project: 'api',
  version: '1.0.0',
  ref: { version: '1.0.0', tag: null, sha: null },
  environment: 'production',
  tier: 'production',
  status: 'success',
  at: '2026-03-02T09:00:00Z',
  startedAt: null,
  finishedAt: null,
  durationSeconds: null,
  actor: 'alice',
  approvers: ['bob'],
  url: null,
  description: null,
  rollback: false,
  attempts: [],
  source: { format: 'waybill', file: 'deploys.jsonl', line: 1, pointer: '' },
  data: null,
  freeze: null,
  ...over,
});

describe('the events a harvest appends', () => {
  const NOW = '2026-04-01T00:00:00.000Z';
  const input = (
    state: ReturnType<typeof foldChain>,
    releases: CurrentRelease[],
    deployments: Deployment[] = [],
  ) => newEvents({ state, now: NOW, releases, projects: ['api'], deployments, findings: [] });
  const after = (events: NewAuditEvent[]) => foldChain(chainEvents(null, events));

  it('publishes each new release once, with its tag, commit and evidence digest, at the tag date', () => {
    const first = input(foldChain([]), [rel()]);
    expect(first).toEqual([
      {
        at: '2026-03-01T10:00:00+01:00',
        kind: 'release.published',
        project: 'api',
        version: '1.0.0',
        data: { tag: 'v1.0.0', commit: A, tagObject: null, signature: 'unsigned', evidence: D1 },
      },
    ]);
    expect(input(after(first), [rel()])).toEqual([]);
  });

  it('records a moved tag with both commits, and a deleted one with its last commit, observed now', () => {
    const state = after(input(foldChain([]), [rel(), rel({ version: '1.1.0', tag: 'v1.1.0' })]));
    const moved = input(state, [
      rel({ commit: B, evidence: D2, archived: 'archive/api/1.0.0/' + A + '.json' }),
    ]);
    expect(moved).toContainEqual({
      at: NOW,
      kind: 'tag.moved',
      project: 'api',
      version: '1.0.0',
      data: expect.objectContaining({
        tag: 'v1.0.0',
        from: A,
        to: B,
        evidence: D2,
        archived: `archive/api/1.0.0/${A}.json`,
      }),
    });
    expect(moved).toContainEqual({
      at: NOW,
      kind: 'tag.deleted',
      project: 'api',
      version: '1.1.0',
      data: { tag: 'v1.1.0', commit: A, archived: null },
    });
    // Deleted tags of projects not harvested now are not deletions.
    expect(
      newEvents({ state, now: NOW, releases: [], projects: ['web'], deployments: [], findings: [] }),
    ).toEqual([]);
    // A tag deleted and later created again is published again.
    const gone = foldChain(
      chainEvents(null, [
        ...input(foldChain([]), [rel()]),
        ...input(after(input(foldChain([]), [rel()])), []),
      ]),
    );
    expect(input(gone, [rel()]).map((e) => e.kind)).toEqual(['release.published']);
  });

  it('anchors changed evidence of an unchanged release with evidence.updated, from and to', () => {
    const state = after(input(foldChain([]), [rel()]));
    expect(input(state, [rel({ evidence: D2 })])).toEqual([
      {
        at: NOW,
        kind: 'evidence.updated',
        project: 'api',
        version: '1.0.0',
        data: { commit: A, from: D1, to: D2 },
      },
    ]);
  });

  it('records each deployment status once, at the deployment time, with its actor and approvers', () => {
    const state = after(input(foldChain([]), [rel()], [deployment({ status: 'started' })]));
    expect(input(state, [rel()], [deployment({ status: 'started' })])).toEqual([]);
    const done = input(state, [rel()], [deployment()]);
    expect(done).toEqual([
      expect.objectContaining({
        kind: 'deploy.success',
        at: '2026-03-02T09:00:00Z',
        data: expect.objectContaining({
          deployment: 'd1',
          actor: 'alice',
          approvers: ['bob'],
          environment: 'production',
        }),
      }),
    ]);
  });

  it('records each control finding once', () => {
    const findings = [
      {
        control: 'sod' as const,
        deployment: 'd1',
        environment: 'production',
        at: '2026-03-02T09:00:00Z',
        message: 'm',
        project: 'api',
        version: '1.0.0',
      },
    ];
    const first = newEvents({
      state: foldChain([]),
      now: NOW,
      releases: [],
      projects: ['api'],
      deployments: [],
      findings,
    });
    expect(first.map((e) => e.kind)).toEqual(['sod.violation']);
    expect(
      newEvents({
        state: after(first),
        now: NOW,
        releases: [],
        projects: ['api'],
        deployments: [],
        findings,
      }),
    ).toEqual([]);
  });
});
