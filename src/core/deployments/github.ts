// GitHub deployments (docs/deployments.md): the REST API's deployments (`GET /repos/:o/:r/deployments`, a
// list or one object), each optionally with the `statuses` list of
// `GET …/deployments/:id/statuses` added to it, or a list of statuses alone (each names its
// deployment by `deployment_url`); and `deployment` / `deployment_status` webhook payloads (and any
// other payload that embeds a `deployment`, like `workflow_job`), one per file or as JSON Lines.
// A deployment is one record (`started`, when it was created) plus one per status; they share the
// id `github:<deployment id>` and are merged by `buildDeployments`.
// https://docs.github.com/en/rest/deployments/deployments and …/statuses. Pure.
import type { DeploymentProblem, DeploymentStatus } from '../../schemas/deployment.ts';
import { describeValue } from '../../errors/describe.ts';
import { RecordReader, asSha, isObject, type Json } from './fields.ts';
import { readJsonDocuments, type JsonDocument } from './json.ts';
import type { ParseOptions, ParseResult, RawDeployment } from './types.ts';

/**
 * GitHub's status `state` → ours; null for `inactive`. GitHub marks a successful deployment
 * `inactive` when a later one to the same environment succeeds (`auto_inactive`): not an outcome
 * of this deployment but the next one's, which is a record of its own. So `inactive` adds no
 * attempt and leaves the status where it was.
 */
export const GITHUB_STATE: Readonly<Record<string, DeploymentStatus | null>> = {
  queued: 'started',
  pending: 'started',
  in_progress: 'started',
  success: 'success',
  failure: 'failed',
  error: 'failed',
  inactive: null,
};

const WHAT =
  'GitHub deployment (a deployments API response, with or without "statuses", or a "deployment" / "deployment_status" webhook payload)';

interface Ctx {
  file: string;
  doc: JsonDocument;
  project: string;
  defaultEnvironment: string | undefined;
  records: RawDeployment[];
  problems: DeploymentProblem[];
}

export function parseGithubDeployments(text: string, file: string, opts: ParseOptions = {}): ParseResult {
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
            'a GitHub export does not name a waybill project: add "project": "<project id>" to this entry of "deployments" in the config',
        },
      ],
    };
  }
  for (const doc of documents) {
    const ctx: Ctx = {
      file,
      doc,
      project: opts.project,
      defaultEnvironment: opts.environment,
      records,
      problems,
    };
    if (Array.isArray(doc.value)) doc.value.forEach((v, i) => readItem(ctx, v, `/${i}`));
    else readItem(ctx, doc.value, '');
  }
  return { records, problems };
}

const reader = (ctx: Ctx, obj: Json, pointer: string) =>
  new RecordReader(obj, ctx.file, ctx.doc.lineOf(pointer), pointer, (p) => ctx.doc.lineOf(p));

function readItem(ctx: Ctx, value: unknown, pointer: string): void {
  const line = ctx.doc.lineOf(pointer);
  if (!isObject(value)) {
    ctx.problems.push({
      file: ctx.file,
      line,
      pointer,
      message: `expected a ${WHAT}, found ${describeValue(value)}`,
    });
    return;
  }
  if (isObject(value.deployment)) {
    // A webhook payload: the deployment, and the status this event reports, if any.
    const deployment = readDeployment(ctx, value.deployment, `${pointer}/deployment`);
    if (isObject(value.deployment_status))
      readStatus(ctx, value.deployment_status, `${pointer}/deployment_status`, deployment);
    return;
  }
  if (typeof value.state === 'string' && typeof value.deployment_url === 'string') {
    readStatus(ctx, value, pointer, null);
    return;
  }
  if (value.sha !== undefined && value.environment !== undefined && value.id !== undefined) {
    const deployment = readDeployment(ctx, value, pointer);
    const statuses = value.statuses;
    if (Array.isArray(statuses))
      statuses.forEach((s, j) => {
        if (isObject(s)) readStatus(ctx, s, `${pointer}/statuses/${j}`, deployment);
        else
          ctx.problems.push({
            file: ctx.file,
            line: ctx.doc.lineOf(`${pointer}/statuses/${j}`),
            pointer: `${pointer}/statuses/${j}`,
            message: `expected a deployment status object, found ${describeValue(s)}`,
          });
      });
    else if (statuses != null)
      ctx.problems.push({
        file: ctx.file,
        line,
        pointer: `${pointer}/statuses`,
        message: `expected "statuses" to be the list GET …/deployments/:id/statuses returns, found ${describeValue(statuses)}`,
      });
    return;
  }
  const event =
    'release' in value
      ? 'a "release" webhook payload'
      : 'ref_type' in value
        ? 'a "create" webhook payload'
        : 'reviewers' in value
          ? 'a "deployment_review" webhook payload (it names no deployment)'
          : `an object with ${
              Object.keys(value)
                .slice(0, 8)
                .map((k) => JSON.stringify(k))
                .join(', ') || 'no properties'
            }`;
  ctx.problems.push({
    file: ctx.file,
    line,
    pointer,
    message: `expected a ${WHAT}, found ${event}; export deployments and their statuses, or collect deployment and deployment_status events`,
  });
}

interface DeploymentFacts {
  id: string;
  environment: string | null;
  actor: string | null;
  ref: RawDeployment['ref'];
}

/** The deployment itself: a `started` record at its creation. Returns what its statuses inherit. */
function readDeployment(ctx: Ctx, obj: Json, pointer: string): DeploymentFacts | null {
  const r = reader(ctx, obj, pointer);
  const id = r.string(['id'], { required: 'the deployment id', numbers: true });
  const environment = r.string(['environment'], { nonEmpty: true }) ?? ctx.defaultEnvironment ?? null;
  if (environment === null)
    r.problem(
      ['environment'],
      `expected "environment": the environment name, found ${describeValue(obj.environment)}`,
    );
  const shaText = r.string(['sha']);
  const sha = asSha(shaText);
  if (shaText !== null && sha === null)
    r.problem(['sha'], `expected "sha" to be a commit SHA, found ${describeValue(shaText)}`);
  const refName = r.string(['ref']);
  const at = r.dateTime(['created_at'], { required: true });
  const actor = r.string(['creator', 'login']);
  const description = r.string(['description']);
  let data: Json | null = null;
  const payload = obj.payload;
  if (isObject(payload)) data = payload;
  else if (typeof payload === 'string' && payload !== '') {
    // The API takes `payload` as an object or as a JSON string, and returns what it was given.
    try {
      const parsed: unknown = JSON.parse(payload);
      data = isObject(parsed) ? parsed : { payload };
    } catch {
      data = { payload };
    }
  }
  if (!r.ok || id === null || at === null || environment === null) {
    ctx.problems.push(...r.problems);
    return null;
  }
  const ref = {
    version: null,
    tag: null,
    sha,
    name: refName === null || refName === shaText ? null : refName,
    moreShas: [],
  };
  ctx.records.push({
    id: `github:${id}`,
    project: ctx.project,
    environment,
    status: 'started',
    at,
    startedAt: at,
    finishedAt: null,
    ref,
    actor,
    approvers: [],
    url: null,
    description: description || null,
    data,
    source: { format: 'github', file: ctx.file, line: r.line, pointer },
  });
  return { id, environment, actor, ref };
}

/** One status of a deployment (`deployment` is null for a status listed on its own). */
function readStatus(ctx: Ctx, obj: Json, pointer: string, deployment: DeploymentFacts | null): void {
  const r = reader(ctx, obj, pointer);
  const stateText = r.string(['state'], { required: 'the status state' });
  let id = deployment?.id ?? null;
  if (id === null) {
    const fromUrl = /\/deployments\/(\d+)(?:\/|$)/.exec(r.string(['deployment_url']) ?? '')?.[1];
    if (fromUrl) id = fromUrl;
    else
      r.problem(
        ['deployment_url'],
        `expected "deployment_url" to end in /deployments/<id>, found ${describeValue(obj.deployment_url)}`,
      );
  }
  if (stateText !== null && !(stateText in GITHUB_STATE)) {
    r.problem(
      ['state'],
      `expected "state" to be one of ${Object.keys(GITHUB_STATE)
        .map((s) => JSON.stringify(s))
        .join(', ')}, found ${describeValue(stateText)}`,
    );
  }
  const at = r.dateTime(['created_at'], { required: true });
  // A status may move the deployment to another environment (its `environment` parameter).
  const environment =
    r.string(['environment'], { nonEmpty: true }) ??
    deployment?.environment ??
    ctx.defaultEnvironment ??
    null;
  if (environment === null)
    r.problem(['environment'], 'expected "environment": the environment name, found nothing');
  const url = r.string(['log_url']) || r.string(['target_url']) || r.string(['environment_url']) || null;
  const description = r.string(['description']) || null;
  const creator = r.string(['creator', 'login']);
  if (!r.ok || id === null || at === null || environment === null || stateText === null) {
    ctx.problems.push(...r.problems);
    return;
  }
  const status = GITHUB_STATE[stateText];
  if (status === null) return; // inactive: see GITHUB_STATE.
  ctx.records.push({
    id: `github:${id}`,
    project: ctx.project,
    environment,
    status,
    at,
    startedAt: null,
    finishedAt: status === 'started' ? null : at,
    ref: deployment?.ref ?? { version: null, tag: null, sha: null, name: null, moreShas: [] },
    // Who deployed is the deployment's creator; a status is often written by a bot or an app.
    actor: deployment ? deployment.actor : creator,
    approvers: [],
    url,
    description,
    data: null,
    source: { format: 'github', file: ctx.file, line: r.line, pointer },
  });
}
