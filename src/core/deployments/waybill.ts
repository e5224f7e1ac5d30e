// waybill's own deployment log (docs/deployments.md): JSON Lines, one status
// record a line. Lines of one deployment share its `id` (a `started` line, then `success`).
//
//   {"at":"2026-11-20T14:03:00Z","project":"api","version":"2.3.0","environment":"production",
//    "status":"success","actor":"ana","approvers":["ben"],"url":"https://ci/1","id":"deploy-1",
//    "description":"…","data":{…}}
//
// `tag` and `sha` may name what was deployed instead of (or beside) `version`. Pure.
import {
  DeploymentStatusSchema,
  type DeploymentProblem,
  type DeploymentStatus,
} from '../../schemas/deployment.ts';
import { describeValue } from '../../errors/describe.ts';
import { jsonLineFault } from './json.ts';
import { RecordReader, asSha, isObject } from './fields.ts';
import type { ParseOptions, ParseResult, RawDeployment } from './types.ts';

const STATUSES = DeploymentStatusSchema.options as readonly DeploymentStatus[];
const KEYS = [
  'at',
  'project',
  'version',
  'tag',
  'sha',
  'environment',
  'status',
  'actor',
  'approvers',
  'url',
  'id',
  'description',
  'data',
];
const KEY_SET = new Set(KEYS);
const EXAMPLE =
  '{"at":"2026-11-20T14:03:00Z","project":"api","version":"2.3.0","environment":"production","status":"success","actor":"ana","approvers":[],"url":null,"id":"deploy-1"}';

/** Each non-blank line → one record, or the problems that keep it out (each with its line). */
export function parseWaybillDeployments(text: string, file: string, opts: ParseOptions = {}): ParseResult {
  const records: RawDeployment[] = [];
  const problems: DeploymentProblem[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    const r = parseLine(line, file, lineNo, opts);
    if ('problems' in r) problems.push(...r.problems);
    else records.push(r);
  }
  return { records, problems };
}

function parseLine(
  line: string,
  file: string,
  lineNo: number,
  opts: ParseOptions,
): RawDeployment | { problems: DeploymentProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return {
      problems: [
        {
          file,
          line: lineNo,
          pointer: '',
          message: `${jsonLineFault(line)}; expected one deployment record per line, like ${EXAMPLE}`,
        },
      ],
    };
  }
  if (!isObject(value)) {
    return {
      problems: [
        {
          file,
          line: lineNo,
          pointer: '',
          message: `expected a JSON object per line, like ${EXAMPLE}, found ${describeValue(value)}`,
        },
      ],
    };
  }
  const r = new RecordReader(value, file, lineNo, '');
  for (const k of Object.keys(value)) {
    if (!KEY_SET.has(k))
      r.problem(
        [k],
        `unexpected property ${JSON.stringify(k)}: a waybill record has ${KEYS.join(', ')}; put anything else under "data"`,
      );
  }
  const at = r.dateTime(['at'], { required: true });
  const project =
    r.string(['project'], {
      nonEmpty: true,
      required: opts.project === undefined ? 'the id of a project in the config' : undefined,
    }) ??
    opts.project ??
    null;
  const environment =
    r.string(['environment'], {
      nonEmpty: true,
      required: opts.environment === undefined ? 'the id of an environment, like "production"' : undefined,
    }) ??
    opts.environment ??
    null;
  const status = r.oneOf(['status'], STATUSES, { required: true });
  const id = r.string(['id'], {
    required: 'a string naming the deployment (the lines of one deployment share it)',
    nonEmpty: true,
  });
  const version = r.string(['version'], { nonEmpty: true });
  const tag = r.string(['tag'], { nonEmpty: true });
  const shaText = r.string(['sha'], { nonEmpty: true });
  const sha = asSha(shaText);
  if (shaText !== null && sha === null)
    r.problem(
      ['sha'],
      `expected "sha" to be a commit SHA of 7 to 64 hex digits, found ${describeValue(shaText)}`,
    );
  if (r.get(['version']) == null && r.get(['tag']) == null && r.get(['sha']) == null) {
    r.problem([], 'expected "version", "tag" or "sha" to say what was deployed, found none of them');
  }
  const actor = r.string(['actor']);
  const url = r.string(['url']);
  const description = r.string(['description']);
  const approversValue = r.get(['approvers']);
  let approvers: string[] = [];
  if (Array.isArray(approversValue)) {
    approvers = approversValue.filter((a, i) => {
      if (typeof a === 'string') return true;
      r.problem(
        ['approvers', i],
        `expected each approver to be a string (a name), found ${describeValue(a)}`,
      );
      return false;
    }) as string[];
  } else if (approversValue != null) {
    r.problem(
      ['approvers'],
      `expected "approvers" to be an array of names, found ${describeValue(approversValue)}`,
    );
  }
  const data = r.get(['data']);
  if (data != null && !isObject(data))
    r.problem(['data'], `expected "data" to be an object, found ${describeValue(data)}`);
  if (!r.ok || at === null || project === null || environment === null || status === null || id === null)
    return { problems: r.problems };
  return {
    id,
    project,
    environment,
    status,
    at,
    startedAt: null,
    finishedAt: null,
    ref: { version, tag, sha, name: null, moreShas: [] },
    actor,
    approvers,
    url,
    description,
    data: isObject(data) ? data : null,
    source: { format: 'waybill', file, line: lineNo, pointer: '' },
  };
}
