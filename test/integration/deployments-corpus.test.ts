// Real deployment logs (docs/deployments.md): the recorded GitLab, GitHub and Argo CD documents in
// test/fixtures/deployments/ (a subset of test/fixtures/shared-corpus/deploy, see its README), read
// through readDeploymentSources as the harvest reads them. Every expected value was read off the
// files by hand. Every file of the whole corpus is also read: each one gives records or problems
// naming it, never nothing.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDeployments, environmentIntervals } from '../../src/core/deployments/index.ts';
import { readDeploymentSources, type DeploymentSource } from '../../src/harvest/deployments.ts';
import { DeploymentsSchema } from '../../src/schemas/deployment.ts';
import { describeIfAvailable } from '../helpers/needs.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures/deployments');
const shared = resolve(import.meta.dirname, '../fixtures/shared-corpus/deploy');
const read = (sources: DeploymentSource[], dir = fixtures) => readDeploymentSources(sources, dir);
const GL = 'gitlab/narkoz-gitlab__spec__fixtures__';
const GH = 'github/webhooks__payload-examples__api.github.com__';

describe('GitLab', () => {
  it("the deployments API: one object and a list (no deployment status in these 2016 responses: the job's)", async () => {
    const { raw, problems, files } = await read([
      { format: 'gitlab', path: 'gitlab/narkoz-gitlab__spec__fixtures__deploy*.json', project: 'api' },
    ]);
    expect(problems).toEqual([]);
    expect(files).toEqual([`${GL}deployment.json`, `${GL}deployments.json`]);
    expect(raw.map((r) => [r.id, r.source.file, r.source.pointer])).toEqual([
      ['gitlab:42', `${GL}deployment.json`, ''],
      ['gitlab:41', `${GL}deployments.json`, '/0'],
      ['gitlab:42', `${GL}deployments.json`, '/1'],
    ]);
    expect(raw[0]).toMatchObject({
      project: 'api',
      environment: 'production',
      status: 'success',
      // The job started at its creation (started_at is null); the deployment record was created after it finished.
      startedAt: '2016-08-11T11:32:24.456Z',
      finishedAt: '2016-08-11T11:32:35.145Z',
      at: '2016-08-11T11:32:35.145Z',
      ref: { version: null, tag: null, sha: 'a91957a858320c0e17f3a0eca7cfacbff50ea29a', name: 'master' },
      actor: 'root',
      approvers: [],
      url: null,
      // "Merge branch 'rename-readme' into 'master'\r": the CR is not part of the title.
      description: "Merge branch 'rename-readme' into 'master'",
      data: {
        iid: 2,
        job: { id: 664, name: 'deploy', stage: 'deploy', status: 'success' },
        pipeline: null,
        environmentUrl: 'https://about.gitlab.com',
      },
      source: { format: 'gitlab', line: 1 },
    });
    expect(raw[1]).toMatchObject({
      at: '2016-08-11T07:36:39.851Z',
      startedAt: '2016-08-11T07:36:27.357Z',
      ref: { sha: '99d03678b90d914dbb1b109132516d71a4a03ea8' },
    });

    // Deployment 42 is in both files: one deployment, one attempt.
    const ds = buildDeployments({
      raw,
      releases: [
        {
          project: 'api',
          version: '8.11.0',
          tag: 'v8.11.0',
          commit: '99d03678b90d914dbb1b109132516d71a4a03ea8',
        },
      ],
      environments: [{ id: 'production', tier: 'production' }],
    });
    expect(ds.map((d) => [d.id, d.version, d.attempts.length, d.durationSeconds, d.tier])).toEqual([
      ['gitlab:41', '8.11.0', 1, 12.494, 'production'],
      ['gitlab:42', null, 1, 10.689, 'production'],
    ]);
    expect(ds[1].ref.sha).toBe('a91957a858320c0e17f3a0eca7cfacbff50ea29a');
  });

  it('the deployment webhook: "2021-04-28 21:50:00 +0200" is 2021-04-28T19:50:00Z, kept with its offset', async () => {
    const { raw, problems } = await read([
      { format: 'gitlab', path: 'gitlab/go-gitlab__testdata__webhooks__deployment.json', project: 'api' },
    ]);
    expect(problems).toEqual([]);
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatchObject({
      id: 'gitlab:15',
      environment: 'staging',
      status: 'success',
      at: '2021-04-28T21:50:00+02:00',
      startedAt: null,
      finishedAt: '2021-04-28T21:50:00+02:00',
      // The full SHA from commit_url, rather than short_sha "279484c0".
      ref: { sha: '279484c09fbe69ededfced8c1bb6e6d24616b468', name: '1.0.0' },
      actor: 'user1',
      url: 'http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796',
      description: 'Add new file',
      data: {
        job: { id: 796 },
        environmentUrl: 'https://staging.example.com',
        gitlabProject: 'root/test-deployment-webhooks',
      },
      source: { line: 1, pointer: '' },
    });
    expect(Date.parse(raw[0].at)).toBe(Date.parse('2021-04-28T19:50:00Z'));
    // Its ref is the tag "1.0.0": with tags written as {version}, that is release 1.0.0.
    const [d] = buildDeployments({
      raw,
      releases: [{ project: 'api', version: '1.0.0', tag: '1.0.0', commit: 'f'.repeat(40) }],
      environments: [],
    });
    expect([d.version, d.ref.tag, d.tier]).toEqual(['1.0.0', '1.0.0', 'other']);
  });

  it('an environment and a release webhook are not deployments: a problem each, naming the file', async () => {
    const { raw, problems } = await read([
      { format: 'gitlab', path: 'gitlab/*{environment,release}.json', project: 'api' },
    ]);
    expect(raw).toEqual([]);
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['gitlab/go-gitlab__testdata__webhooks__release.json', 1],
      [`${GL}environment.json`, 1],
    ]);
    expect(problems[0].message).toMatch(/found a "release" webhook payload/);
    expect(problems[1].message).toMatch(
      /an environment, not a deployment; export GET \/projects\/:id\/deployments instead/,
    );
  });
});

describe('GitHub', () => {
  it('deployment and deployment_status payloads of one deployment merge: created 15:20:53, success 15:20:55', async () => {
    const { raw, problems } = await read([
      {
        format: 'github',
        path: 'github/*deployment{,_status}__{payload,with-installation.payload}.json',
        project: 'api',
      },
    ]);
    expect(problems).toEqual([]);
    // Two deployment payloads (one record each), two status payloads (the deployment, then the status).
    expect(
      raw.map((r) => [
        r.source.file.replace(/^github\/webhooks__payload-examples__api\.github\.com__/, ''),
        r.status,
        r.at,
        r.source.pointer,
        r.source.line,
      ]),
    ).toEqual([
      ['deployment__payload.json', 'started', '2019-05-15T15:20:53Z', '/deployment', 3],
      ['deployment__with-installation.payload.json', 'started', '2019-05-15T15:20:53Z', '/deployment', 3],
      ['deployment_status__payload.json', 'started', '2019-05-15T15:20:53Z', '/deployment', 36],
      ['deployment_status__payload.json', 'success', '2019-05-15T15:20:55Z', '/deployment_status', 3],
      [
        'deployment_status__with-installation.payload.json',
        'started',
        '2019-05-15T15:20:53Z',
        '/deployment',
        36,
      ],
      [
        'deployment_status__with-installation.payload.json',
        'success',
        '2019-05-15T15:20:55Z',
        '/deployment_status',
        3,
      ],
    ]);
    const ds = buildDeployments({
      raw,
      releases: [
        {
          project: 'api',
          version: '0.1.0',
          tag: 'v0.1.0',
          commit: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        },
      ],
      environments: [{ id: 'production', tier: 'production' }],
    });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({
      id: 'github:145988746',
      project: 'api',
      version: '0.1.0',
      environment: 'production',
      tier: 'production',
      status: 'success',
      at: '2019-05-15T15:20:55Z',
      startedAt: '2019-05-15T15:20:53Z',
      finishedAt: '2019-05-15T15:20:55Z',
      durationSeconds: 2,
      actor: 'Codertocat',
      approvers: [],
      url: null,
      description: null,
      data: {},
      rollback: false,
      ref: { version: null, tag: null, sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e' },
    });
    expect(ds[0].attempts.map((a) => [a.status, a.at])).toEqual([
      ['started', '2019-05-15T15:20:53Z'],
      ['success', '2019-05-15T15:20:55Z'],
    ]);
    expect(() => DeploymentsSchema.parse({ deployments: ds, problems: [] })).not.toThrow();
  });

  it('GitHub Pages: a deployment still in progress, by a bot, with its run as the link', async () => {
    // The corpus's Pages examples reuse the deployment id of the others (145988746): read apart.
    const { raw, problems } = await read([
      { format: 'github', path: 'github/*gh-pages.payload.json', project: 'docs' },
    ]);
    expect(problems).toEqual([]);
    const [d] = buildDeployments({ raw, releases: [], environments: [] });
    expect(d).toMatchObject({
      id: 'github:145988746',
      environment: 'github-pages',
      status: 'started',
      at: '2022-01-03T01:28:30Z',
      startedAt: '2022-01-03T01:28:30Z',
      finishedAt: null,
      durationSeconds: null,
      actor: 'github-pages[bot]',
      version: null,
      url: 'https://github.com/CorsixTH/CorsixTH/runs/4687056418?check_suite_focus=true',
    });
    expect(d.attempts.map((a) => [a.status, a.at])).toEqual([
      ['started', '2022-01-03T01:28:30Z'],
      ['started', '2022-01-03T01:28:40Z'],
    ]);
  });

  it('a workflow_job payload carries its deployment; review and release payloads are refused by name', async () => {
    const { raw, problems } = await read([
      { format: 'github', path: 'github/*{workflow_job,deployment_review,release}*.json', project: 'api' },
    ]);
    expect(
      raw.map((r) => [r.id, r.environment, r.status, r.at, r.actor, r.ref.sha, r.ref.name, r.source.line]),
    ).toEqual([
      [
        'github:875096709',
        'Test',
        'started',
        '2023-04-19T21:12:12Z',
        'lineville',
        '16c5286e8d9a0629956a28938386b36608707a71',
        'main',
        28,
      ],
    ]);
    expect(
      problems.map((p) => [
        p.file.replace(GH, ''),
        p.message.match(/found (a "[a-z_]+" webhook payload)/)?.[1],
      ]),
    ).toEqual([
      ['deployment_review__requested.payload.json', 'a "deployment_review" webhook payload'],
      ['release__published.payload.json', 'a "release" webhook payload'],
    ]);
  });
});

describe('Argo CD', () => {
  it('diff-cache.yaml: ten history entries of one revision, each a deployment with its line', async () => {
    const { raw, problems } = await read([
      {
        format: 'argocd',
        path: 'argocd/argo-cd__controller__testdata__diff-cache.yaml',
        project: 'velero',
        environment: 'test',
      },
    ]);
    expect(problems).toEqual([]);
    expect(raw.map((r) => r.id)).toEqual(
      [14, 15, 16, 17, 18, 19, 20, 21, 22, 23].map((n) => `argocd:velero-test/${n}`),
    );
    expect(raw.map((r) => r.source.line)).toEqual([90, 119, 148, 177, 206, 235, 264, 293, 322, 351]);
    expect(
      raw.every(
        (r) =>
          r.status === 'success' &&
          r.ref.sha === 'ea8759964626a583667a2bfd08f334ec2070040a' &&
          r.actor === null,
      ),
    ).toBe(true);
    expect(raw[0]).toMatchObject({
      project: 'velero',
      environment: 'test',
      at: '2024-03-04T22:00:06Z',
      startedAt: '2024-03-04T22:00:05Z',
      finishedAt: '2024-03-04T22:00:06Z',
      source: { format: 'argocd', pointer: '/status/history/0' },
      data: {
        application: 'velero-test',
        sources: [
          {
            repoURL: 'https://github.com/foo/manifests-velero.git',
            path: 'instances/test',
            targetRevision: 'test-lla',
          },
        ],
        automated: null,
      },
    });
    // The operation in status.operationState succeeded: it is history entry 23, not another record.
    expect(raw[9].at).toBe('2024-03-05T07:33:04Z');

    const ds = buildDeployments({
      raw,
      releases: [
        {
          project: 'velero',
          version: '1.0.0',
          tag: 'v1.0.0',
          commit: 'ea8759964626a583667a2bfd08f334ec2070040a',
        },
      ],
      environments: [{ id: 'test', tier: 'testing' }],
    });
    expect(ds.map((d) => d.durationSeconds)).toEqual([1, 1, 0, 0, 0, 0, 0, 1, 0, 1]);
    expect(ds.every((d) => d.version === '1.0.0' && !d.rollback && d.tier === 'testing')).toBe(true);
    // Re-syncs of the same revision: one interval, still running.
    expect(environmentIntervals(ds).map((i) => [i.version, i.from, i.to, i.deploymentIds.length])).toEqual([
      ['1.0.0', '2024-03-04T22:00:06Z', null, 10],
    ]);
  });
});

describe('readDeploymentSources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-deploys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file and a glob that matches nothing are problems naming the path', async () => {
    const { raw, problems, files } = await read(
      [
        { format: 'waybill', path: 'deploys/missing.jsonl' },
        { format: 'waybill', path: 'deploys/*.jsonl' },
      ],
      dir,
    );
    expect([raw, files]).toEqual([[], []]);
    expect(problems).toEqual([
      {
        file: 'deploys/missing.jsonl',
        line: null,
        pointer: '',
        message: `the file deployments[0].path names does not exist (relative to ${dir}); fix the path or remove the source`,
      },
      {
        file: 'deploys/*.jsonl',
        line: null,
        pointer: '',
        message: `no file matches deployments[1].path "deploys/*.jsonl" (relative to ${dir}); fix the pattern or remove the source`,
      },
    ]);
  });

  it('expands a glob in sorted order, names files relative to the config, and keeps reading after a bad line', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'deploys'), { recursive: true });
    const line = (id: string, at: string) =>
      JSON.stringify({
        at,
        project: 'api',
        version: '1.0.0',
        environment: 'production',
        status: 'success',
        id,
      });
    writeFileSync(join(dir, 'deploys', 'b.jsonl'), `${line('b1', '2026-01-02T00:00:00Z')}\n`);
    writeFileSync(
      join(dir, 'deploys', 'a.jsonl'),
      `${line('a1', '2026-01-01T00:00:00Z')}\n{oops\n${line('a3', '2026-01-03T00:00:00Z')}\n`,
    );
    const { raw, problems, files } = await read([{ format: 'waybill', path: 'deploys/*.jsonl' }], dir);
    expect(files).toEqual(['deploys/a.jsonl', 'deploys/b.jsonl']);
    expect(raw.map((r) => [r.id, r.source.file, r.source.line])).toEqual([
      ['a1', 'deploys/a.jsonl', 1],
      ['a3', 'deploys/a.jsonl', 3],
      ['b1', 'deploys/b.jsonl', 1],
    ]);
    expect(problems).toEqual([
      {
        file: 'deploys/a.jsonl',
        line: 2,
        pointer: '',
        message: expect.stringMatching(
          /^not valid JSON at column 2: expected a property name in double quotes or "}", found "oops"; expected one deployment record per line/,
        ),
      },
    ]);
  });
});

// The whole corpus: every file gives records or problems naming it.
describeIfAvailable(existsSync(shared), `the deployment corpus is missing at ${shared}`)(
  'the whole deployment corpus',
  () => {
    const formats = { gitlab: 'gitlab', github: 'github', argocd: 'argocd' } as const;
    for (const [dir, format] of Object.entries(formats)) {
      for (const file of existsSync(join(shared, dir)) ? readdirSync(join(shared, dir)).sort() : []) {
        it(`${dir}/${file}`, async () => {
          const { raw, problems } = await read(
            [{ format, path: `${dir}/${file}`, project: 'api', environment: 'production' }],
            shared,
          );
          expect(raw.length + problems.length).toBeGreaterThan(0);
          for (const p of problems) expect(p.file).toBe(`${dir}/${file}`);
          // The MANIFEST's deployment files are read without a problem.
          if (/deployment(s|_status)?(__|\.)|with-deployment|diff-cache/.test(file) && !/review/.test(file)) {
            expect(problems).toEqual([]);
            expect(raw.length).toBeGreaterThan(0);
          }
          expect(() =>
            DeploymentsSchema.parse({
              deployments: buildDeployments({ raw, releases: [], environments: [] }),
              problems,
            }),
          ).not.toThrow();
        });
      }
    }
  },
);
