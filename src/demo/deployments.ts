/**
 * The demo's deployment logs (docs/deployments.md), for `sdk` and `api` across `staging` and `production`,
 * in the three shapes a team really has them:
 *
 * - `deploys/sdk.jsonl`: waybill's own JSON Lines (docs/deployments.md), one status record a line, for the
 *   SDK's browser bundle on the CDN (staging, then production);
 * - `exports/gitlab-deployments.json`: `GET /projects/:id/deployments` of the API's production
 *   environment, with GitLab's approvals of a protected environment;
 * - `exports/github-deployments.json`: `GET /repos/:o/:r/deployments` of the API's staging
 *   environment, each deployment with its `statuses` list (newest first, as GitHub returns them).
 *
 * Every record names the demo's real versions, tags and commit SHAs (from the repositories just
 * built), except one GitHub deployment of an unreleased commit, which matches no release and is
 * shown as "unknown version (sha …)". Dates are pinned in 2026, so the files are the same bytes
 * on every run. The story, with the figures of /metrics/ it gives (worked out by hand below):
 *
 * - every release went to staging within the hour and, from 1.0.0 on, to production the next
 *   morning, with an approval;
 * - sdk 2.1.0 waited for production until 25 August: the first attempt failed (a smoke test),
 *   the second, by Bob Okafor, who wrote a change in 2.1.0, went live, and 2.0.0 was rolled
 *   back in two days later; 2.1.0 went back on 10 September, and was redeployed on 14 October;
 * - the API's production deployments are GitLab's; on 15 September a redeploy of 1.3.0 (a cluster
 *   move) failed and the next one succeeded; on 6 October one was canceled for want of approval;
 * - the API's staging deployments are GitHub's: 1.3rc1 failed once; on 10 April Grace Lee put
 *   an unreleased commit (her own) on staging; at the harvest a deployment of 1.3.0 is running.
 *
 * The DORA window is the 90 days ending at the harvest; with SOURCE_DATE_EPOCH=1795000000
 * (2026-11-18T11:06:40Z) it starts 2026-08-20T11:06:40Z, and holds:
 *
 * | sdk, production | sdk-0020 (2.1.0, failed), 0021 (2.1.0, went live), 0022 (2.0.0, the rollback), 0023 and 0024 (2.1.0) |
 * | --- | --- |
 * | frequency | 4 went live in 90 days: 0.31 a week, medium (once in 30 days to once a week) |
 * | lead time | 2.1.0's 4 commits (authored 8 Jul 18:20Z, 9 Jul 02:00Z, 14 Jul 15:10Z, 15 Jul 07:30Z) to 0021 live 25 Aug 09:40Z: 47 d 15 h 20 min, 47 d 7 h 40 min, 41 d 18 h 30 min, 41 d 2 h 10 min; median 44 d 13 h 5 min, low |
 * | change failure rate | 0020 failed, 0021 rolled back by 0022: 2 of 5, 40%, low |
 * | time to restore | 0020 started 08:00 → 0021 live 09:40: 1 h 40 min; 0021 live 25 Aug 09:40 → 0022 live 27 Aug 14:05: 2 d 4 h 25 min; median 1 d 3 h 2 min 30 s, medium |
 *
 * sdk in staging: 1 went live (sdk-0019, 2.1.0 again, 24 August), 0 failed: 0.08 a week (low), 0% (elite).
 * api in production: gitlab:305 failed (job 07:55–08:05), gitlab:306 went live 09:10, gitlab:307
 * canceled (counts in no rate): 0.08 a week (low), 1 of 2 failed, 50% (low), restored in 1 h 15
 * min (high); no commit first went live in the window, so no lead time. api in staging: only the
 * deployment still running, which counts in nothing.
 *
 * @module
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuiltRepo } from './git-builder.ts';
import { runGit } from './git-builder.ts';
import { PEOPLE } from './repos.ts';

export const DEMO_DEPLOY_DIR = 'deploys';
export const DEMO_EXPORT_DIR = 'exports';
export const DEMO_GITLAB_FILE = `${DEMO_EXPORT_DIR}/gitlab-deployments.json`;
export const DEMO_GITHUB_FILE = `${DEMO_EXPORT_DIR}/github-deployments.json`;

/** The config's `deployments` sources for these files (paths relative to the config). */
export const DEMO_DEPLOYMENT_SOURCES = [
  { format: 'waybill' as const, path: `${DEMO_DEPLOY_DIR}/*.jsonl` },
  { format: 'gitlab' as const, path: DEMO_GITLAB_FILE, project: 'api' },
  { format: 'github' as const, path: DEMO_GITHUB_FILE, project: 'api' },
];

/** A commit as the forges' exports describe it. */
export interface DemoCommit {
  sha: string;
  subject: string;
  author: { name: string; email: string };
  /** Author date, ISO 8601 with the author's offset. */
  date: string;
}

/** What the logs name: each tag's commit (an annotated tag peeled) and each repository's HEAD, by repository. */
export interface DemoShas {
  tags: Record<string, Record<string, DemoCommit>>;
  head: Record<string, DemoCommit>;
}

/**
 * The commit of every tag and the HEAD of the named built repositories, from git:
 * `repos[name].tags` holds what each tag ref points at, which for an annotated tag is the tag
 * object, not the commit. (Only the repositories the logs name: the platform's tag of a blob has
 * no commit.)
 */
export async function readDemoShas(
  repos: Record<string, BuiltRepo>,
  names: readonly string[] = ['acme-api'],
): Promise<DemoShas> {
  const tags: DemoShas['tags'] = {};
  const head: DemoShas['head'] = {};
  // %H full SHA, %s subject, %an author name, %ae author e-mail, %aI author date (ISO 8601 with
  // the author's offset); NUL-separated, since subjects may hold anything else.
  const show = async (dir: string, rev: string): Promise<DemoCommit> => {
    const [sha, subject, name, email, date] = (
      await runGit(dir, ['show', '-s', '--format=%H%x00%s%x00%an%x00%ae%x00%aI', rev])
    )
      .trim()
      .split('\0') as [string, string, string, string, string];
    return { sha, subject, author: { name, email }, date };
  };
  for (const name of names) {
    const repo = repos[name];
    if (!repo) throw new Error(`the demo's deployment logs need the repository ${name}, which was not built`);
    tags[name] = {};
    for (const tag of Object.keys(repo.tags).sort())
      tags[name][tag] = await show(repo.dir, `refs/tags/${tag}^{commit}`);
    head[name] = await show(repo.dir, repo.head);
  }
  return { tags, head };
}

// ---------------------------------------------------------------------------------------------
// sdk: waybill JSON Lines

type Status = 'started' | 'success' | 'failed' | 'rolled_back' | 'canceled';

interface WaybillLine {
  at: string;
  project: string;
  version: string;
  environment: string;
  status: Status;
  actor: string;
  approvers: string[];
  url: string | null;
  id: string;
  description?: string;
}

const { alice, bob, chen, erin, farid, grace, releaseBot } = PEOPLE;

/**
 * One SDK deployment: a `started` line and its outcome line (the lines of one deployment share
 * its id), or only the outcome when the pipeline logged no start.
 */
interface SdkSpec {
  version: string;
  environment: 'staging' | 'production';
  started: string | null;
  finished: string;
  status: Status;
  actor: string;
  approvers: string[];
  description?: string;
}

function sdkLines(n: number, d: SdkSpec): WaybillLine[] {
  const id = `sdk-${String(n).padStart(4, '0')}`;
  const base = {
    project: 'sdk',
    version: d.version,
    environment: d.environment,
    actor: d.actor,
    approvers: d.approvers,
    url: `https://ci.acme.example/acme/sdk/pipelines/${300 + n}`,
    id,
    ...(d.description ? { description: d.description } : {}),
  };
  const lines: WaybillLine[] = [];
  if (d.started) lines.push({ at: d.started, ...base, status: 'started' });
  lines.push({ at: d.finished, ...base, status: d.status });
  return lines;
}

/** Staging deploys are the release bot's, logged when done; production ones log their start and need an approver. */
const staging = (version: string, at: string): SdkSpec => ({
  version,
  environment: 'staging',
  started: null,
  finished: at,
  status: 'success',
  actor: releaseBot.name,
  approvers: [],
});
const production = (
  version: string,
  started: string,
  finished: string,
  status: Status,
  actor: string,
  approvers: string[],
  description?: string,
): SdkSpec => ({
  version,
  environment: 'production',
  started,
  finished,
  status,
  actor,
  approvers,
  ...(description ? { description } : {}),
});

/** The SDK's deployments, oldest first; their ids are `sdk-0001` on, in this order. */
export const SDK_DEPLOYMENTS: SdkSpec[] = [
  staging('0.1.0', '2026-01-13T11:30:00Z'),
  staging('0.2.0', '2026-01-26T14:00:00Z'),
  staging('1.0.0', '2026-02-10T09:00:00Z'),
  production(
    '1.0.0',
    '2026-02-11T08:50:00Z',
    '2026-02-11T09:00:00Z',
    'success',
    alice.name,
    [bob.name],
    'First stable release on the CDN',
  ),
  staging('1.1.0', '2026-02-23T15:30:00Z'),
  production('1.1.0', '2026-02-24T08:50:00Z', '2026-02-24T09:00:00Z', 'success', alice.name, [bob.name]),
  staging('1.2.0', '2026-03-10T15:00:00Z'),
  production('1.2.0', '2026-03-11T08:50:00Z', '2026-03-11T09:00:00Z', 'success', alice.name, [chen.name]),
  staging('1.3.0', '2026-04-14T10:00:00Z'),
  production('1.3.0', '2026-04-15T07:50:00Z', '2026-04-15T08:00:00Z', 'success', alice.name, [bob.name]),
  staging('1.4.0', '2026-05-12T08:40:00Z'),
  production('1.4.0', '2026-05-13T07:50:00Z', '2026-05-13T08:00:00Z', 'success', alice.name, [bob.name]),
  staging('2.0.0-rc.1', '2026-06-03T07:30:00Z'),
  // The security fix from the 1.x branch goes straight to production (sdk-0014), approved in a
  // hurry by the one who deployed it and wrote it: the demo's self-approved production change.
  production(
    '1.4.1',
    '2026-06-04T09:50:00Z',
    '2026-06-04T10:00:00Z',
    'success',
    alice.name,
    [alice.name],
    'Security fix: the token no longer appears in debug logs',
  ),
  staging('2.0.0-rc.2', '2026-06-15T07:30:00Z'),
  staging('2.0.0', '2026-06-24T09:00:00Z'),
  production('2.0.0', '2026-06-25T07:50:00Z', '2026-06-25T08:00:00Z', 'success', alice.name, [
    bob.name,
    chen.name,
  ]),
  staging('2.1.0', '2026-07-15T08:15:00Z'),
  // In the DORA window (from 20 August), sdk-0019 to sdk-0024:
  {
    ...staging('2.1.0', '2026-08-24T10:00:00Z'),
    started: '2026-08-24T09:50:00Z',
    actor: bob.name,
    description: 'Re-check 2.1.0 on staging before production',
  },
  production(
    '2.1.0',
    '2026-08-25T08:00:00Z',
    '2026-08-25T08:12:00Z',
    'failed',
    bob.name,
    [alice.name],
    'Smoke test failed: sockets left open after client.close()',
  ),
  production('2.1.0', '2026-08-25T09:30:00Z', '2026-08-25T09:40:00Z', 'success', bob.name, [alice.name]),
  production(
    '2.0.0',
    '2026-08-27T14:00:00Z',
    '2026-08-27T14:05:00Z',
    'success',
    alice.name,
    [chen.name],
    'Roll back to 2.0.0: keep-alive sockets leak under load (#47)',
  ),
  production(
    '2.1.0',
    '2026-09-10T08:50:00Z',
    '2026-09-10T09:00:00Z',
    'success',
    alice.name,
    [bob.name],
    '2.1.0 again, with keep-alive off in the CDN build',
  ),
  production(
    '2.1.0',
    '2026-10-14T08:00:00Z',
    '2026-10-14T08:05:00Z',
    'success',
    releaseBot.name,
    [],
    'Redeploy to purge the CDN cache',
  ),
];

/** The SDK's log: JSON Lines, oldest first. */
export function sdkLog(): WaybillLine[] {
  return SDK_DEPLOYMENTS.flatMap((d, i) => sdkLines(i + 1, d));
}

// ---------------------------------------------------------------------------------------------
// api, production: GitLab deployments API

/** A GitLab user as the deployments API embeds it. */
function gitlabUser(id: number, who: { name: string; email: string }) {
  const username = who.email.split('@')[0]!;
  return {
    id,
    username,
    name: who.name,
    state: 'active',
    avatar_url: `https://gitlab.acme.example/uploads/-/system/user/avatar/${id}/avatar.png`,
    web_url: `https://gitlab.acme.example/${username}`,
  };
}

const GITLAB_USERS = {
  erin: gitlabUser(11, erin),
  farid: gitlabUser(12, farid),
  grace: gitlabUser(13, grace),
};

interface GitlabSpec {
  id: number;
  tag: string;
  status: 'success' | 'failed' | 'canceled';
  created: string;
  started: string;
  finished: string;
  user: keyof typeof GITLAB_USERS;
  approvals: {
    user: keyof typeof GITLAB_USERS;
    status: 'approved' | 'rejected';
    at: string;
    comment: string | null;
  }[];
}

const GITLAB_SPECS: GitlabSpec[] = [
  {
    id: 301,
    tag: 'v1.0.0',
    status: 'success',
    created: '2026-02-10T08:45:00.000Z',
    started: '2026-02-10T08:50:00.000Z',
    finished: '2026-02-10T09:00:00.000Z',
    user: 'erin',
    approvals: [
      {
        user: 'farid',
        status: 'approved',
        at: '2026-02-10T08:47:12.000Z',
        comment: 'First production release, go',
      },
    ],
  },
  {
    id: 302,
    tag: 'v1.1.0',
    status: 'success',
    created: '2026-02-17T08:45:00.000Z',
    started: '2026-02-17T08:50:00.000Z',
    finished: '2026-02-17T09:00:00.000Z',
    user: 'farid',
    approvals: [{ user: 'erin', status: 'approved', at: '2026-02-17T08:48:30.000Z', comment: null }],
  },
  {
    id: 303,
    tag: 'v1.2.0',
    status: 'success',
    created: '2026-03-03T08:45:00.000Z',
    started: '2026-03-03T08:50:00.000Z',
    finished: '2026-03-03T09:00:00.000Z',
    user: 'erin',
    approvals: [
      { user: 'grace', status: 'approved', at: '2026-03-03T08:46:05.000Z', comment: 'Security fix included' },
    ],
  },
  {
    id: 304,
    tag: 'v1.3.0',
    status: 'success',
    created: '2026-04-01T07:45:00.000Z',
    started: '2026-04-01T07:50:00.000Z',
    finished: '2026-04-01T08:00:00.000Z',
    user: 'erin',
    approvals: [
      { user: 'farid', status: 'approved', at: '2026-04-01T07:46:00.000Z', comment: null },
      {
        user: 'grace',
        status: 'approved',
        at: '2026-04-01T07:48:00.000Z',
        comment: 'Amounts migration checked',
      },
    ],
  },
  // In the DORA window: a cluster move redeploys 1.3.0; the first job fails.
  {
    id: 305,
    tag: 'v1.3.0',
    status: 'failed',
    created: '2026-09-15T07:50:00.000Z',
    started: '2026-09-15T07:55:00.000Z',
    finished: '2026-09-15T08:05:00.000Z',
    user: 'erin',
    approvals: [
      { user: 'farid', status: 'approved', at: '2026-09-15T07:52:00.000Z', comment: 'Cluster move' },
    ],
  },
  {
    id: 306,
    tag: 'v1.3.0',
    status: 'success',
    created: '2026-09-15T08:55:00.000Z',
    started: '2026-09-15T09:00:00.000Z',
    finished: '2026-09-15T09:10:00.000Z',
    user: 'farid',
    approvals: [{ user: 'erin', status: 'approved', at: '2026-09-15T08:57:00.000Z', comment: null }],
  },
  // Blocked for approval, rejected, canceled: never deployed.
  {
    id: 307,
    tag: 'v1.3.0',
    status: 'canceled',
    created: '2026-10-06T13:00:00.000Z',
    started: '2026-10-06T13:00:05.000Z',
    finished: '2026-10-06T13:20:00.000Z',
    user: 'grace',
    approvals: [
      {
        user: 'farid',
        status: 'rejected',
        at: '2026-10-06T13:18:00.000Z',
        comment: 'Not during the partner launch',
      },
    ],
  },
];

export function gitlabExport(shas: DemoShas): unknown[] {
  const repo = 'acme-api';
  return GITLAB_SPECS.map((d, i) => {
    const commit = shas.tags[repo]![d.tag]!;
    const sha = commit.sha;
    const user = GITLAB_USERS[d.user];
    const job = 5000 + d.id;
    const pipeline = 900 + d.id;
    const seconds = (Date.parse(d.finished) - Date.parse(d.started)) / 1000;
    return {
      id: d.id,
      iid: i + 1,
      ref: d.tag,
      sha,
      status: d.status,
      created_at: d.created,
      updated_at: d.finished,
      finished_at: d.status === 'canceled' ? null : d.finished,
      user,
      environment: {
        id: 7,
        name: 'production',
        external_url: 'https://api.acme.example',
        state: 'available',
        tier: 'production',
      },
      deployable: {
        id: job,
        status: d.status,
        stage: 'deploy',
        name: 'deploy:production',
        ref: d.tag,
        tag: true,
        coverage: null,
        allow_failure: false,
        created_at: d.created,
        started_at: d.started,
        finished_at: d.finished,
        duration: seconds,
        queued_duration: (Date.parse(d.started) - Date.parse(d.created)) / 1000,
        user,
        commit: {
          id: sha,
          short_id: sha.slice(0, 8),
          title: commit.subject,
          author_name: commit.author.name,
          author_email: commit.author.email,
          created_at: commit.date,
          message: `${commit.subject}\n`,
        },
        pipeline: {
          id: pipeline,
          iid: pipeline - 900,
          project_id: 42,
          sha,
          ref: d.tag,
          status: d.status,
          source: 'push',
          created_at: d.created,
          updated_at: d.finished,
          web_url: `https://gitlab.acme.example/acme/api/-/pipelines/${pipeline}`,
        },
        web_url: `https://gitlab.acme.example/acme/api/-/jobs/${job}`,
      },
      approvals: d.approvals.map((a) => ({
        user: GITLAB_USERS[a.user],
        status: a.status,
        created_at: a.at,
        comment: a.comment,
      })),
      pending_approval_count: 0,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// api, staging: GitHub deployments with statuses

function githubUser(id: number, who: { email: string }) {
  const login = who.email.split('@')[0]!;
  return {
    login,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    html_url: `https://github.com/${login}`,
    type: 'User',
    site_admin: false,
  };
}

const GITHUB_USERS = {
  erin: githubUser(7100011, erin),
  grace: githubUser(7100013, grace),
  bot: { ...githubUser(7100099, { email: 'acme-deploy[bot]@acme.example' }), type: 'Bot' },
};

interface GithubSpec {
  id: number;
  /** A tag, or `main` for the unreleased commit at the head of the branch. */
  ref: string;
  creator: keyof typeof GITHUB_USERS;
  created: string;
  description: string | null;
  /** Oldest first here; the export lists them newest first, as the API does. */
  statuses: { state: 'queued' | 'in_progress' | 'success' | 'failure'; at: string; description: string }[];
}

const GITHUB_SPECS: GithubSpec[] = [
  {
    id: 910001,
    ref: 'v1.0.0',
    creator: 'erin',
    created: '2026-02-09T09:55:00Z',
    description: 'Deploy v1.0.0 to staging',
    statuses: [
      { state: 'in_progress', at: '2026-02-09T09:55:20Z', description: 'Rolling out' },
      { state: 'success', at: '2026-02-09T10:00:00Z', description: 'Healthy' },
    ],
  },
  {
    id: 910002,
    ref: 'v1.1.0',
    creator: 'bot',
    created: '2026-02-16T09:35:00Z',
    description: 'Deploy v1.1.0 to staging',
    statuses: [
      { state: 'in_progress', at: '2026-02-16T09:35:20Z', description: 'Rolling out' },
      { state: 'success', at: '2026-02-16T09:40:00Z', description: 'Healthy' },
    ],
  },
  {
    id: 910003,
    ref: 'v1.2.0',
    creator: 'bot',
    created: '2026-03-02T09:40:00Z',
    description: 'Deploy v1.2.0 to staging',
    statuses: [
      { state: 'in_progress', at: '2026-03-02T09:40:20Z', description: 'Rolling out' },
      { state: 'success', at: '2026-03-02T09:45:00Z', description: 'Healthy' },
    ],
  },
  {
    id: 910004,
    ref: 'v1.3rc1',
    creator: 'bot',
    created: '2026-03-18T09:25:00Z',
    description: 'Deploy v1.3rc1 to staging',
    statuses: [
      { state: 'in_progress', at: '2026-03-18T09:25:20Z', description: 'Rolling out' },
      {
        state: 'failure',
        at: '2026-03-18T09:30:00Z',
        description: 'Migration failed: amounts column still in decimals',
      },
    ],
  },
  {
    id: 910005,
    ref: 'v1.3rc1',
    creator: 'erin',
    created: '2026-03-18T10:55:00Z',
    description: 'Deploy v1.3rc1 to staging, migration fixed',
    statuses: [
      { state: 'in_progress', at: '2026-03-18T10:55:20Z', description: 'Rolling out' },
      { state: 'success', at: '2026-03-18T11:00:00Z', description: 'Healthy' },
    ],
  },
  {
    id: 910006,
    ref: 'v1.3.0',
    creator: 'bot',
    created: '2026-03-31T08:55:00Z',
    description: 'Deploy v1.3.0 to staging',
    statuses: [
      { state: 'in_progress', at: '2026-03-31T08:55:20Z', description: 'Rolling out' },
      { state: 'success', at: '2026-03-31T09:00:00Z', description: 'Healthy' },
    ],
  },
  // Grace tries her own unreleased commit on staging: it matches no release.
  {
    id: 910007,
    ref: 'main',
    creator: 'grace',
    created: '2026-04-10T08:55:00Z',
    description: 'Try the logging clean-up on staging',
    statuses: [
      { state: 'in_progress', at: '2026-04-10T08:55:20Z', description: 'Rolling out' },
      { state: 'success', at: '2026-04-10T09:00:00Z', description: 'Healthy' },
    ],
  },
  // Running at the harvest (18 November, 11:06 UTC).
  {
    id: 910008,
    ref: 'v1.3.0',
    creator: 'bot',
    created: '2026-11-18T10:50:00Z',
    description: 'Deploy v1.3.0 to staging',
    statuses: [
      { state: 'queued', at: '2026-11-18T10:50:05Z', description: 'Waiting for a runner' },
      { state: 'in_progress', at: '2026-11-18T10:52:00Z', description: 'Rolling out' },
    ],
  },
];

export function githubExport(shas: DemoShas): unknown[] {
  const repo = 'acme-api';
  const api = 'https://api.github.com/repos/acme/api';
  return GITHUB_SPECS.map((d) => {
    const sha = (d.ref === 'main' ? shas.head[repo]! : shas.tags[repo]![d.ref]!).sha;
    const url = `${api}/deployments/${d.id}`;
    const statuses = d.statuses
      .map((s, j) => ({
        url: `${url}/statuses/${d.id * 10 + j}`,
        id: d.id * 10 + j,
        node_id: `DES_kwDO${d.id}${j}`,
        state: s.state,
        creator: GITHUB_USERS.bot,
        description: s.description,
        environment: 'staging',
        target_url: `https://github.com/acme/api/actions/runs/${d.id + 40000}`,
        log_url: `https://github.com/acme/api/actions/runs/${d.id + 40000}`,
        environment_url: 'https://staging.api.acme.example',
        created_at: s.at,
        updated_at: s.at,
        deployment_url: url,
        repository_url: api,
      }))
      .reverse();
    const last = d.statuses[d.statuses.length - 1]!;
    return {
      url,
      id: d.id,
      node_id: `DE_kwDO${d.id}`,
      sha,
      ref: d.ref,
      task: 'deploy',
      payload: {},
      original_environment: 'staging',
      environment: 'staging',
      description: d.description,
      creator: GITHUB_USERS[d.creator],
      created_at: d.created,
      updated_at: last.at,
      statuses_url: `${url}/statuses`,
      repository_url: api,
      transient_environment: false,
      production_environment: false,
      statuses,
    };
  }).reverse();
}

// ---------------------------------------------------------------------------------------------

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes the three logs into `root` (`deploys/`, `exports/`), replacing what a previous run wrote
 * there, from the SHAs of the repositories just built.
 */
export async function writeDemoDeployments(root: string, repos: Record<string, BuiltRepo>): Promise<void> {
  const shas = await readDemoShas(repos);
  await Promise.all(
    [DEMO_DEPLOY_DIR, DEMO_EXPORT_DIR].map((d) => rm(join(root, d), { recursive: true, force: true })),
  );
  await mkdir(join(root, DEMO_DEPLOY_DIR), { recursive: true });
  await mkdir(join(root, DEMO_EXPORT_DIR), { recursive: true });
  await writeFile(
    join(root, DEMO_DEPLOY_DIR, 'sdk.jsonl'),
    sdkLog()
      .map((l) => JSON.stringify(l))
      .join('\n') + '\n',
  );
  await writeFile(join(root, DEMO_GITLAB_FILE), json(gitlabExport(shas)));
  await writeFile(join(root, DEMO_GITHUB_FILE), json(githubExport(shas)));
}
