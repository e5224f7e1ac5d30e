// GitLab deployments (docs/deployments.md): responses of the deployments API (`GET /projects/:id/deployments`,
// a list; `GET /projects/:id/deployments/:id`, one object) and `deployment` webhook payloads, one
// document per file or as JSON Lines. Each deployment is one record with the status it has now;
// webhook payloads of one deployment (running, then success) are merged by `buildDeployments`.
// https://docs.gitlab.com/api/deployments/ and
// https://docs.gitlab.com/user/project/integrations/webhook_events/#deployment-events. Pure.
import type { DeploymentProblem, DeploymentStatus } from '../../schemas/deployment.ts';
import { describeValue } from '../../errors/describe.ts';
import { RecordReader, asSha, isObject, type Json } from './fields.ts';
import { readJsonDocuments, type JsonDocument } from './json.ts';
import type { ParseOptions, ParseResult, RawDeployment } from './types.ts';

/**
 * GitLab's deployment statuses → ours. `created` (the job exists), `running` and `blocked`
 * (waiting for approval) have not finished; `skipped` never ran, like a cancellation.
 */
export const GITLAB_STATUS: Readonly<Record<string, DeploymentStatus>> = {
  created: 'started',
  running: 'started',
  blocked: 'started',
  success: 'success',
  failed: 'failed',
  canceled: 'canceled',
  skipped: 'canceled',
};

const WHAT = 'GitLab deployment (a deployments API response or a "deployment" webhook payload)';

/** Trailing "\r" and blanks of a commit title (GitLab keeps the CR of CRLF messages: "Merge …\r"). */
const title = (s: string | null) => (s === null ? null : s.replace(/[\r\n\s]+$/, '') || null);

export function parseGitlabDeployments(text: string, file: string, opts: ParseOptions = {}): ParseResult {
  const { documents, problems } = readJsonDocuments(text, file, WHAT);
  const records: RawDeployment[] = [];
  if (!opts.project) {
    return {
      records,
      problems: [
        ...problems,
        {
          file,
          line: null,
          pointer: '',
          message:
            'a GitLab export does not name a waybill project: add "project": "<project id>" to this entry of "deployments" in the config',
        },
      ],
    };
  }
  for (const doc of documents) {
    const items: [unknown, string][] = Array.isArray(doc.value)
      ? doc.value.map((v, i) => [v, `/${i}`])
      : [[doc.value, '']];
    for (const [value, pointer] of items) {
      const r = readOne(value, pointer, doc, file, opts.project, opts.environment);
      if ('problems' in r) problems.push(...r.problems);
      else records.push(r);
    }
  }
  return { records, problems };
}

function readOne(
  value: unknown,
  pointer: string,
  doc: JsonDocument,
  file: string,
  project: string,
  defaultEnvironment: string | undefined,
): RawDeployment | { problems: DeploymentProblem[] } {
  const line = doc.lineOf(pointer);
  if (!isObject(value))
    return {
      problems: [{ file, line, pointer, message: `expected a ${WHAT}, found ${describeValue(value)}` }],
    };
  const kind = value.object_kind;
  if (kind === 'deployment')
    return fromWebhook(
      new RecordReader(value, file, line, pointer, (p) => doc.lineOf(p)),
      project,
      defaultEnvironment,
    );
  if (typeof kind === 'string') {
    return {
      problems: [
        {
          file,
          line,
          pointer,
          message: `expected a ${WHAT}, found a "${kind}" webhook payload; configure only deployment events here`,
        },
      ],
    };
  }
  if (value.id === undefined || (value.sha === undefined && value.deployable === undefined)) {
    const looksLikeEnvironment = typeof value.name === 'string' && 'external_url' in value;
    return {
      problems: [
        {
          file,
          line,
          pointer,
          message: `expected a ${WHAT} with "id", "sha" and "environment", found an object with ${
            Object.keys(value)
              .slice(0, 8)
              .map((k) => JSON.stringify(k))
              .join(', ') || 'no properties'
          }${looksLikeEnvironment ? ': an environment, not a deployment; export GET /projects/:id/deployments instead' : ''}`,
        },
      ],
    };
  }
  return fromApi(
    new RecordReader(value, file, line, pointer, (p) => doc.lineOf(p)),
    project,
    defaultEnvironment,
  );
}

function mapStatus(r: RecordReader, path: string[], raw: string | null): DeploymentStatus | null {
  if (raw === null) return null;
  const status = GITLAB_STATUS[raw];
  if (!status)
    r.problem(
      path,
      `expected ${JSON.stringify(path[path.length - 1])} to be a GitLab deployment status (${Object.keys(GITLAB_STATUS).join(', ')}), found ${describeValue(raw)}`,
    );
  return status ?? null;
}

/** A deployments API object: `{ id, iid, ref, sha, status, created_at, updated_at, user, environment, deployable, approvals }`. */
function fromApi(
  r: RecordReader,
  project: string,
  defaultEnvironment: string | undefined,
): RawDeployment | { problems: DeploymentProblem[] } {
  const id = r.string(['id'], { required: 'the deployment id', numbers: true });
  const deployable = isObject(r.obj.deployable) ? r.obj.deployable : null;
  // Old GitLab versions (the 2016 responses in the corpus) have no deployment status; the job's is the deployment's.
  const statusPath = r.obj.status != null || !deployable ? ['status'] : ['deployable', 'status'];
  const status = mapStatus(r, statusPath, r.string(statusPath, { required: 'the deployment status' }));
  const environment =
    (isObject(r.obj.environment) ? r.string(['environment', 'name']) : r.string(['environment'])) ??
    defaultEnvironment ??
    null;
  if (environment === null)
    r.problem(
      ['environment'],
      `expected "environment" with a "name", found ${describeValue(r.obj.environment)}`,
    );
  const ref = r.string(['ref']);
  const shaText = r.string(['sha']);
  const sha = asSha(shaText);
  if (shaText !== null && sha === null)
    r.problem(['sha'], `expected "sha" to be a commit SHA, found ${describeValue(shaText)}`);
  const createdAt = r.dateTime(['created_at'], { required: true });
  const updatedAt = r.dateTime(['updated_at']);
  const finishedAt = r.dateTime(['finished_at']);
  const jobCreated = deployable ? r.dateTime(['deployable', 'created_at']) : null;
  const jobStarted = deployable ? r.dateTime(['deployable', 'started_at']) : null;
  const jobFinished = deployable ? r.dateTime(['deployable', 'finished_at']) : null;
  const actor = r.string(['user', 'username']) ?? r.string(['user', 'name']);
  const approvers: string[] = [];
  const approvals = r.obj.approvals;
  if (Array.isArray(approvals)) {
    approvals.forEach((a, i) => {
      if (!isObject(a))
        return r.problem(['approvals', i], `expected an approval object, found ${describeValue(a)}`);
      // Rejections are approvals' other status; only "approved" ones (or ones without a status) approve.
      if (a.status !== undefined && a.status !== 'approved') return;
      const who =
        r.string(['approvals', i, 'user', 'username']) ?? r.string(['approvals', i, 'user', 'name']);
      if (who !== null && !approvers.includes(who)) approvers.push(who);
    });
  }
  const url = deployable ? r.string(['deployable', 'web_url']) : null;
  const description = title(deployable ? r.string(['deployable', 'commit', 'title']) : null);
  if (!r.ok || id === null || status === null || environment === null || createdAt === null)
    return { problems: r.problems };
  const terminal = status !== 'started';
  const finished = terminal ? (finishedAt ?? jobFinished ?? updatedAt ?? createdAt) : null;
  const pipeline = deployable && isObject(deployable.pipeline) ? deployable.pipeline : null;
  return {
    id: `gitlab:${id}`,
    project,
    environment,
    status,
    at: finished ?? updatedAt ?? createdAt,
    // The job's start; without one, its creation: GitLab before 11 created the deployment only
    // after the job had finished (the corpus has created_at after deployable.finished_at).
    startedAt: jobStarted ?? jobCreated ?? createdAt,
    finishedAt: finished,
    ref: { version: null, tag: deployable?.tag === true ? ref : null, sha, name: ref, moreShas: [] },
    actor,
    approvers,
    url,
    description,
    data: {
      iid: r.obj.iid ?? null,
      job: deployable ? pick(deployable, ['id', 'name', 'stage', 'status', 'web_url']) : null,
      pipeline: pipeline ? pick(pipeline, ['id', 'iid', 'ref', 'sha', 'status', 'web_url']) : null,
      environmentUrl: isObject(r.obj.environment) ? (r.obj.environment.external_url ?? null) : null,
    },
    source: { format: 'gitlab', file: r.file, line: r.line, pointer: r.pointer },
  };
}

/** A `deployment` webhook payload: `{ object_kind, status, status_changed_at, deployment_id, environment, ref, short_sha, commit_url, user, … }`. */
function fromWebhook(
  r: RecordReader,
  project: string,
  defaultEnvironment: string | undefined,
): RawDeployment | { problems: DeploymentProblem[] } {
  const id = r.string(['deployment_id'], { required: 'the deployment id', numbers: true });
  const status = mapStatus(r, ['status'], r.string(['status'], { required: 'the deployment status' }));
  // "2021-04-28 21:50:00 +0200": Ruby's Time#to_s, not ISO 8601; read with its offset.
  const at = r.dateTime(['status_changed_at'], { required: true });
  const environment = r.string(['environment']) ?? defaultEnvironment ?? null;
  if (environment === null)
    r.problem(['environment'], 'expected "environment": the environment name, found nothing');
  const commitUrl = r.string(['commit_url']);
  const fromUrl = asSha(commitUrl?.split('/').pop() ?? null);
  const sha = fromUrl ?? asSha(r.string(['short_sha']));
  const ref = r.string(['ref']);
  const actor = r.string(['user', 'username']) ?? r.string(['user', 'name']);
  const url = r.string(['deployable_url']);
  const description = title(r.string(['commit_title']));
  if (!r.ok || id === null || status === null || at === null || environment === null)
    return { problems: r.problems };
  return {
    id: `gitlab:${id}`,
    project,
    environment,
    status,
    at,
    startedAt: status === 'started' ? at : null,
    finishedAt: status === 'started' ? null : at,
    ref: { version: null, tag: null, sha, name: ref, moreShas: [] },
    actor,
    approvers: [],
    url,
    description,
    data: {
      job:
        r.obj.deployable_id != null
          ? { id: r.obj.deployable_id, web_url: r.obj.deployable_url ?? null }
          : null,
      environmentUrl: r.obj.environment_external_url ?? null,
      gitlabProject: isObject(r.obj.project) ? (r.obj.project.path_with_namespace ?? null) : null,
    },
    source: { format: 'gitlab', file: r.file, line: r.line, pointer: r.pointer },
  };
}

function pick(o: Json, keys: string[]): Json {
  const out: Json = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
