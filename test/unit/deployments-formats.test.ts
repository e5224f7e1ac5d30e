// The GitLab, GitHub and Argo CD importers on hand-made documents for the shapes the corpus lacks
// (newer GitLab responses with status and approvals, `deployable: null`, GitHub lists with
// statuses, Argo CD JSON, multi-source applications, a failed sync) and for what they must refuse.
// The recorded corpus itself is read in test/integration/deployments-corpus.test.ts.
import { describe, expect, it } from 'vitest';
import {
  buildDeployments,
  parseArgocdApplication,
  parseGithubDeployments,
  parseGitlabDeployments,
} from '../../src/core/deployments/index.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const opts = { project: 'api' };

describe('GitLab', () => {
  const api = {
    id: 101,
    iid: 7,
    ref: 'v2.3.0',
    sha: SHA,
    status: 'success',
    created_at: '2026-11-20T14:00:00.000+01:00',
    updated_at: '2026-11-20T14:05:00.000+01:00',
    finished_at: '2026-11-20T14:04:30.000+01:00',
    user: { username: 'ana', name: 'Ana' },
    environment: { id: 1, name: 'production', external_url: 'https://api.example' },
    deployable: {
      id: 9,
      name: 'deploy',
      stage: 'deploy',
      status: 'success',
      tag: true,
      web_url: 'https://gitlab.example/jobs/9',
      started_at: '2026-11-20T13:01:00Z',
      finished_at: '2026-11-20T13:04:30Z',
      commit: { title: 'Release 2.3.0\r' },
      pipeline: { id: 55, ref: 'v2.3.0', status: 'success' },
    },
    approvals: [
      { user: { username: 'ben' }, status: 'approved', created_at: '2026-11-20T13:59:00Z' },
      { user: { username: 'cy' }, status: 'rejected', created_at: '2026-11-20T13:59:30Z' },
      { user: { username: 'dee' }, status: 'approved', created_at: '2026-11-20T13:59:40Z' },
    ],
  };

  it('a current API response: status, tag from a tag pipeline, approvals, job and pipeline', () => {
    const { records, problems } = parseGitlabDeployments(JSON.stringify([api], null, 2), 'gl.json', opts);
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      id: 'gitlab:101',
      project: 'api',
      environment: 'production',
      status: 'success',
      at: '2026-11-20T14:04:30.000+01:00',
      startedAt: '2026-11-20T13:01:00Z',
      finishedAt: '2026-11-20T14:04:30.000+01:00',
      ref: { tag: 'v2.3.0', sha: SHA, name: 'v2.3.0' },
      actor: 'ana',
      approvers: ['ben', 'dee'],
      url: 'https://gitlab.example/jobs/9',
      description: 'Release 2.3.0',
      data: {
        iid: 7,
        job: {
          id: 9,
          name: 'deploy',
          stage: 'deploy',
          status: 'success',
          web_url: 'https://gitlab.example/jobs/9',
        },
        pipeline: { id: 55, ref: 'v2.3.0', status: 'success' },
        environmentUrl: 'https://api.example',
      },
      source: { format: 'gitlab', file: 'gl.json', line: 2, pointer: '/0' },
    });
    const [d] = buildDeployments({
      raw: records,
      releases: [{ project: 'api', version: '2.3.0', tag: 'v2.3.0', commit: SHA }],
      environments: [],
    });
    expect([d.version, d.durationSeconds]).toEqual(['2.3.0', 210]);
  });

  it('deployable: null (a deployment created through the API): no job, times from the deployment', () => {
    const { records, problems } = parseGitlabDeployments(
      JSON.stringify({ ...api, deployable: null, finished_at: undefined, status: 'running' }),
      'gl.json',
      opts,
    );
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      status: 'started',
      at: '2026-11-20T14:05:00.000+01:00',
      startedAt: '2026-11-20T14:00:00.000+01:00',
      finishedAt: null,
      ref: { tag: null, name: 'v2.3.0' },
      url: null,
      description: null,
      data: { job: null, pipeline: null },
    });
  });

  it.each([
    ['created', 'started'],
    ['running', 'started'],
    ['blocked', 'started'],
    ['success', 'success'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['skipped', 'canceled'],
  ])('status %s → %s', (gitlab, ours) => {
    expect(
      parseGitlabDeployments(JSON.stringify({ ...api, status: gitlab }), 'gl.json', opts).records[0].status,
    ).toBe(ours);
  });

  it('reports a bad record by its pointer and line, and keeps the others', () => {
    const text = JSON.stringify(
      [api, { ...api, id: 102, status: 'exploded', created_at: 'soon' }, { ...api, id: 103 }],
      null,
      2,
    );
    const { records, problems } = parseGitlabDeployments(text, 'gl.json', opts);
    expect(records.map((r) => r.id)).toEqual(['gitlab:101', 'gitlab:103']);
    const line = (p: string) => text.split('\n').findIndex((l) => l.includes(p)) + 1;
    expect(problems.map((p) => [p.pointer, p.line])).toEqual([
      ['/1/status', line('"exploded"')],
      ['/1/created_at', line('"soon"')],
    ]);
    expect(problems[0].message).toBe(
      'expected "status" to be a GitLab deployment status (created, running, blocked, success, failed, canceled, skipped), found "exploded"',
    );
  });

  it('JSON Lines of webhook payloads: running then success merge into one deployment', () => {
    const hook = (status: string, at: string) =>
      JSON.stringify({
        object_kind: 'deployment',
        status,
        status_changed_at: at,
        deployment_id: 15,
        environment: 'staging',
        short_sha: '279484c0',
        commit_url: 'https://gitlab.example/-/commit/279484c0',
        ref: 'main',
        user: { username: 'ana' },
      });
    const { records, problems } = parseGitlabDeployments(
      `${hook('running', '2021-04-28 21:45:00 +0200')}\n${hook('success', '2021-04-28 21:50:00 +0200')}\n`,
      'hooks.jsonl',
      opts,
    );
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.status, r.source.line, r.ref.sha])).toEqual([
      ['started', 1, '279484c0'],
      ['success', 2, '279484c0'],
    ]);
    const [d] = buildDeployments({ raw: records, releases: [], environments: [] });
    expect([d.id, d.status, d.startedAt, d.finishedAt, d.durationSeconds, d.version]).toEqual([
      'gitlab:15',
      'success',
      '2021-04-28T21:45:00+02:00',
      '2021-04-28T21:50:00+02:00',
      300,
      null,
    ]);
  });

  it('needs the source to name the project', () => {
    const { records, problems } = parseGitlabDeployments(JSON.stringify(api), 'gl.json', {});
    expect(records).toEqual([]);
    expect(problems[0].message).toMatch(/add "project": "<project id>" to this entry of "deployments"/);
  });

  it('a file that is not JSON: line and column', () => {
    const { problems } = parseGitlabDeployments('[\n  {"id": 1,\n  "sha": }\n]', 'gl.json', opts);
    expect(problems).toEqual([
      {
        file: 'gl.json',
        line: 3,
        pointer: '',
        message: expect.stringMatching(/^not valid JSON at line 3, column 10: expected a value/),
      },
    ]);
  });
});

describe('GitHub', () => {
  const deployment = (id: number, created: string, statuses?: unknown[]) => ({
    id,
    sha: SHA,
    ref: 'v2.3.0',
    task: 'deploy',
    payload: { ticket: 'CHG-1' },
    environment: 'production',
    description: 'Ship it',
    creator: { login: 'ana' },
    created_at: created,
    updated_at: created,
    ...(statuses ? { statuses } : {}),
  });
  const status = (state: string, at: string, extra: Record<string, unknown> = {}) => ({
    id: Date.parse(at),
    state,
    created_at: at,
    creator: { login: 'deploy-bot[bot]' },
    description: '',
    environment: 'production',
    target_url: '',
    log_url: 'https://ci.example/run/1',
    ...extra,
  });

  it('a list of deployments with their statuses: one record each, merged by id', () => {
    const list = [
      deployment(1, '2026-11-20T10:00:00Z', [
        status('success', '2026-11-20T10:04:00Z'),
        status('in_progress', '2026-11-20T10:01:00Z'),
        status('queued', '2026-11-20T10:00:05Z'),
      ]),
      deployment(2, '2026-11-21T10:00:00Z', [status('error', '2026-11-21T10:02:00Z')]),
      deployment(3, '2026-11-22T10:00:00Z'),
      deployment(4, '2026-11-23T10:00:00Z', [
        status('inactive', '2026-11-24T10:00:00Z'),
        status('success', '2026-11-23T10:03:00Z'),
      ]),
    ];
    const text = JSON.stringify(list, null, 2);
    const { records, problems } = parseGithubDeployments(text, 'gh.json', opts);
    expect(problems).toEqual([]);
    // inactive adds nothing: the deployment that replaced it is a record of its own.
    expect(records).toHaveLength(4 + 3 + 1 + 1);
    expect(records[1].source.pointer).toBe('/0/statuses/0');
    expect(records[1].source.line).toBe(text.split('\n').findIndex((l) => l.includes('"statuses"')) + 2);
    const ds = buildDeployments({
      raw: records,
      releases: [{ project: 'api', version: '2.3.0', tag: 'v2.3.0', commit: SHA }],
      environments: [],
    });
    expect(
      ds.map((d) => [d.id, d.status, d.attempts.map((a) => a.status).join(','), d.durationSeconds]),
    ).toEqual([
      ['github:1', 'success', 'started,started,started,success', 240],
      ['github:2', 'failed', 'started,failed', 120],
      ['github:3', 'started', 'started', null],
      ['github:4', 'success', 'started,success', 180],
    ]);
    expect(ds[0]).toMatchObject({
      version: '2.3.0',
      ref: { version: null, tag: 'v2.3.0', sha: SHA },
      actor: 'ana',
      url: 'https://ci.example/run/1',
      description: 'Ship it',
      data: { ticket: 'CHG-1' },
    });
  });

  it.each([
    ['queued', 'started'],
    ['pending', 'started'],
    ['in_progress', 'started'],
    ['success', 'success'],
    ['failure', 'failed'],
    ['error', 'failed'],
  ])('state %s → %s', (state, ours) => {
    const { records } = parseGithubDeployments(
      JSON.stringify([deployment(1, '2026-11-20T10:00:00Z', [status(state, '2026-11-20T10:01:00Z')])]),
      'gh.json',
      opts,
    );
    expect(records[1].status).toBe(ours);
  });

  it('statuses listed alone name their deployment by deployment_url; a payload given as a string is parsed', () => {
    const text = JSON.stringify([
      status('failure', '2026-11-20T10:01:00Z', {
        deployment_url: 'https://api.github.com/repos/o/r/deployments/77',
      }),
    ]);
    const { records, problems } = parseGithubDeployments(text, 'gh.json', opts);
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      id: 'github:77',
      status: 'failed',
      actor: 'deploy-bot[bot]',
      ref: { sha: null },
    });
    const withString = parseGithubDeployments(
      JSON.stringify({ ...deployment(5, '2026-11-20T10:00:00Z'), payload: '{"a":1}' }),
      'gh.json',
      opts,
    );
    expect(withString.records[0].data).toEqual({ a: 1 });
  });

  it('reports an unknown state and a list that is not one', () => {
    const { records, problems } = parseGithubDeployments(
      JSON.stringify([
        deployment(1, '2026-11-20T10:00:00Z', [status('exploded', '2026-11-20T10:01:00Z')]),
        42,
      ]),
      'gh.json',
      opts,
    );
    expect(records.map((r) => r.status)).toEqual(['started']);
    expect(problems.map((p) => [p.pointer, p.message.slice(0, 40)])).toEqual([
      ['/0/statuses/0/state', 'expected "state" to be one of "queued", '],
      ['/1', 'expected a GitHub deployment (a deployme'],
    ]);
  });
});

describe('Argo CD', () => {
  const app = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'api-prod' },
    status: {
      history: [
        {
          id: 1,
          revision: SHA,
          deployedAt: '2026-11-20T10:00:10Z',
          source: {
            repoURL: 'https://git.example/api.git',
            path: 'deploy',
            targetRevision: 'v2.3.0',
            plugin: { env: [{ name: 'TOKEN', value: 'secret' }] },
          },
        },
        {
          id: 2,
          revisions: ['2.4.0', SHA.replace('0', 'f')],
          deployStartedAt: '2026-11-21T10:00:00Z',
          deployedAt: '2026-11-21T10:00:30Z',
          initiatedBy: { username: 'ana' },
          sources: [
            { repoURL: 'https://charts.example', chart: 'api', targetRevision: '2.4.0' },
            { repoURL: 'https://git.example/values.git', targetRevision: 'main' },
          ],
        },
      ],
      operationState: {
        phase: 'Failed',
        message: 'one or more objects failed to apply',
        startedAt: '2026-11-22T10:00:00Z',
        finishedAt: '2026-11-22T10:01:00Z',
        operation: { initiatedBy: { username: 'ben' }, sync: { revision: SHA } },
        syncResult: { revision: SHA },
      },
    },
  };
  const cfg = { project: 'api', environment: 'production' };

  it('history entries from JSON (deployStartedAt optional, multi-source revisions) and a failed operation', () => {
    const text = JSON.stringify(app, null, 2);
    const { records, problems } = parseArgocdApplication(text, 'argo.json', cfg);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.id, r.status, r.at, r.startedAt, r.actor, r.ref.sha, r.ref.name])).toEqual([
      ['argocd:api-prod/1', 'success', '2026-11-20T10:00:10Z', null, null, SHA, null],
      [
        'argocd:api-prod/2',
        'success',
        '2026-11-21T10:00:30Z',
        '2026-11-21T10:00:00Z',
        'ana',
        SHA.replace('0', 'f'),
        '2.4.0',
      ],
      [
        'argocd:api-prod/operation-2026-11-22T10:00:00Z',
        'failed',
        '2026-11-22T10:01:00Z',
        '2026-11-22T10:00:00Z',
        'ben',
        SHA,
        null,
      ],
    ]);
    // Where each source came from, never the plugin environment or Helm values.
    expect(records[0].data).toEqual({
      application: 'api-prod',
      sources: [{ repoURL: 'https://git.example/api.git', path: 'deploy', targetRevision: 'v2.3.0' }],
      automated: null,
    });
    expect(JSON.stringify(records)).not.toContain('secret');
    expect(records[1].source.line).toBe(text.split('\n').findIndex((l) => l.includes('"id": 2')));
    // The Helm chart version names the release.
    const ds = buildDeployments({
      raw: records,
      releases: [
        { project: 'api', version: '2.3.0', tag: 'v2.3.0', commit: SHA },
        { project: 'api', version: '2.4.0', tag: 'v2.4.0', commit: 'f'.repeat(40) },
      ],
      environments: [{ id: 'production', tier: 'production' }],
    });
    expect(ds.map((d) => [d.version, d.ref.version, d.status, d.rollback])).toEqual([
      ['2.3.0', null, 'success', false],
      ['2.4.0', '2.4.0', 'success', false],
      ['2.3.0', null, 'failed', false],
    ]);
  });

  it('a YAML List of applications, and YAML errors with their line', () => {
    const yaml =
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: argoproj.io/v1alpha1\n  kind: Application\n  metadata:\n    name: a\n  status:\n    history:\n    - id: 3\n      revision: \"0123456\"\n      deployedAt: "2026-11-20T10:00:00Z"\n    - id: 4\n      deployedAt: never\n';
    const { records, problems } = parseArgocdApplication(yaml, 'apps.yaml', cfg);
    expect(records.map((r) => [r.id, r.source.line, r.source.pointer, r.ref.sha])).toEqual([
      ['argocd:a/3', 10, '/items/0/status/history/0', '0123456'],
    ]);
    expect(problems).toEqual([
      {
        file: 'apps.yaml',
        line: 14,
        pointer: '/items/0/status/history/1/deployedAt',
        message: expect.stringMatching(/^expected "deployedAt" to be an ISO 8601/),
      },
    ]);
    const digits = parseArgocdApplication(yaml.replace('"0123456"', '0123456'), 'apps.yaml', cfg);
    expect(digits.problems[0]).toMatchObject({
      line: 11,
      pointer: '/items/0/status/history/0/revision',
      message:
        'expected "revision" to be a string, found the number 123456; quote it in the YAML ("revision": "…")',
    });
    const broken = parseArgocdApplication('kind: Application\nmetadata: [unclosed\n', 'bad.yaml', cfg);
    expect(broken.records).toEqual([]);
    expect(broken.problems[0]).toMatchObject({
      file: 'bad.yaml',
      message: expect.stringMatching(/^not valid YAML: /),
    });
  });

  it('needs the source to name the project and the environment', () => {
    expect(
      parseArgocdApplication(JSON.stringify(app), 'argo.json', { project: 'api' }).problems[0].message,
    ).toMatch(/add "environment" to this entry/);
  });
});
