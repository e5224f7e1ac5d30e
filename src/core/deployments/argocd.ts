// Argo CD (docs/deployments.md): an Application as `kubectl get application -o yaml` or `argocd app get -o json`
// writes it (a `List` of them, or several YAML documents, also work). Each `status.history` entry
// (a RevisionHistory: id, revision or revisions, deployStartedAt, deployedAt, initiatedBy) is one
// successful sync; Argo CD records only syncs that succeeded there. A sync that failed or still runs
// is only in `status.operationState`, which is read too so that it is not lost. The waybill project
// and environment come from the source's config: an Application does not name them.
// Types: argoproj/argo-cd pkg/apis/application/v1alpha1/types.go (RevisionHistory, OperationState). Pure.
import { LineCounter, parseAllDocuments } from 'yaml';
import type { DeploymentProblem, DeploymentStatus } from '../../schemas/deployment.ts';
import { describeValue } from '../../errors/describe.ts';
import { RecordReader, asSha, isObject, type Json } from './fields.ts';
import { readJsonDocuments } from './json.ts';
import type { ParseOptions, ParseResult, RawDeployment } from './types.ts';

/** `status.operationState.phase` → ours; `Succeeded` is already a history entry. */
export const ARGOCD_PHASE: Readonly<Record<string, DeploymentStatus | null>> = {
  Running: 'started',
  Terminating: 'canceled',
  Failed: 'failed',
  Error: 'failed',
  Succeeded: null,
};

interface Doc {
  value: unknown;
  lineOf(pointer: string): number | null;
}

const WHAT = 'Argo CD Application (JSON or YAML, with status.history)';

function readYaml(text: string, file: string): { documents: Doc[]; problems: DeploymentProblem[] } {
  const lineCounter = new LineCounter();
  const problems: DeploymentProblem[] = [];
  const documents: Doc[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const line = e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line;
        problems.push({
          file,
          line,
          pointer: '',
          message: `not valid YAML: ${e.message.split('\n')[0]}; expected an ${WHAT}`,
        });
      }
      continue;
    }
    if (doc.contents === null) continue;
    documents.push({
      value: doc.toJS({ maxAliasCount: 100 }),
      lineOf(pointer: string) {
        // The nearest node that is there: a missing property is reported at its parent.
        let path =
          pointer === ''
            ? []
            : pointer
                .slice(1)
                .split('/')
                .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
        for (;;) {
          const node = path.length
            ? doc.getIn(
                path.map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
                true,
              )
            : doc.contents;
          const range = (node as { range?: [number, number, number] } | undefined)?.range;
          if (range) return lineCounter.linePos(range[0]).line;
          if (!path.length) return null;
          path = path.slice(0, -1);
        }
      },
    });
  }
  return { documents, problems };
}

export function parseArgocdApplication(text: string, file: string, opts: ParseOptions = {}): ParseResult {
  const body = text.replace(/^\uFEFF/, '');
  const problems: DeploymentProblem[] = [];
  const records: RawDeployment[] = [];
  const missing = [!opts.project && '"project"', !opts.environment && '"environment"'].filter(Boolean);
  if (missing.length) {
    return {
      records,
      problems: [
        {
          file,
          line: null,
          pointer: '',
          message: `an Argo CD Application does not name the waybill project and environment: add ${missing.join(' and ')} to this entry of "deployments" in the config`,
        },
      ],
    };
  }
  const json = /^\s*[[{]/.test(body);
  const read = json ? readJsonDocuments(body, file, WHAT) : readYaml(body, file);
  problems.push(...read.problems);
  if (!read.problems.length && read.documents.length === 0)
    problems.push({ file, line: null, pointer: '', message: `the file is empty: expected an ${WHAT}` });
  for (const doc of read.documents) {
    const apps: [unknown, string][] =
      isObject(doc.value) && doc.value.kind === 'List' && Array.isArray(doc.value.items)
        ? doc.value.items.map((item, i) => [item, `/items/${i}`])
        : [[doc.value, '']];
    for (const [app, pointer] of apps)
      readApplication(app, pointer, doc, file, opts.project!, opts.environment!, records, problems);
  }
  return { records, problems };
}

function readApplication(
  app: unknown,
  pointer: string,
  doc: Doc,
  file: string,
  project: string,
  environment: string,
  records: RawDeployment[],
  problems: DeploymentProblem[],
): void {
  const line = doc.lineOf(pointer);
  if (!isObject(app) || app.kind !== 'Application') {
    problems.push({
      file,
      line,
      pointer,
      message: `expected an ${WHAT}, found ${isObject(app) ? `kind ${describeValue(app.kind)}` : describeValue(app)}`,
    });
    return;
  }
  const r = new RecordReader(app, file, line, pointer, (p) => doc.lineOf(p));
  const name = r.string(['metadata', 'name'], { required: 'the application name', nonEmpty: true });
  const history = r.get(['status', 'history']);
  if (history != null && !Array.isArray(history))
    r.problem(
      ['status', 'history'],
      `expected "history" to be a list of sync records, found ${describeValue(history)}`,
    );
  if (!r.ok || name === null) {
    problems.push(...r.problems);
    return;
  }
  const base = { project, environment, approvers: [], url: null };
  const seen = new Set<string>();
  (Array.isArray(history) ? history : []).forEach((entry, i) => {
    const at = `${pointer}/status/history/${i}`;
    if (!isObject(entry)) {
      problems.push({
        file,
        line: doc.lineOf(at),
        pointer: at,
        message: `expected a history entry (id, revision, deployedAt), found ${describeValue(entry)}`,
      });
      return;
    }
    const e = new RecordReader(entry, file, doc.lineOf(at), at, (p) => doc.lineOf(p));
    const id = e.string(['id'], { required: 'the history id', numbers: true });
    const deployedAt = e.dateTime(['deployedAt'], { required: true });
    // Optional: a pointer field in the Go type, absent in entries older than Argo CD 2.2.
    const startedAt = e.dateTime(['deployStartedAt']);
    const ref = revisionRef(e);
    const actor = e.string(['initiatedBy', 'username']);
    if (id !== null && seen.has(id))
      e.problem(
        ['id'],
        `expected each history id once, found ${id} again; the file may join two applications named ${JSON.stringify(name)}`,
      );
    if (!e.ok || id === null || deployedAt === null) {
      problems.push(...e.problems);
      return;
    }
    seen.add(id);
    records.push({
      ...base,
      id: `argocd:${name}/${id}`,
      status: 'success',
      at: deployedAt,
      startedAt,
      finishedAt: deployedAt,
      ref,
      actor,
      description: null,
      data: {
        application: name,
        sources: sourcesOf(entry),
        automated:
          entry.initiatedBy && isObject(entry.initiatedBy) ? entry.initiatedBy.automated === true : null,
      },
      source: { format: 'argocd', file, line: e.line, pointer: at },
    });
  });

  // The current operation when it did not succeed (a success is the last history entry).
  const op = r.get(['status', 'operationState']);
  if (isObject(op) && typeof op.phase === 'string' && ARGOCD_PHASE[op.phase] !== null) {
    const at = `${pointer}/status/operationState`;
    const o = new RecordReader(op, file, doc.lineOf(at), at, (p) => doc.lineOf(p));
    const status = o.oneOf(['phase'], Object.keys(ARGOCD_PHASE));
    const startedAt = o.dateTime(['startedAt'], { required: true });
    const finishedAt = o.dateTime(['finishedAt']);
    const syncResult = isObject(op.syncResult) ? op.syncResult : {};
    const revision = new RecordReader(
      isObject(op.syncResult)
        ? syncResult
        : isObject(op.operation) && isObject(op.operation.sync)
          ? op.operation.sync
          : {},
      file,
      o.line,
      at,
    );
    const ref = revisionRef(revision);
    const actor = o.string(['operation', 'initiatedBy', 'username']);
    const message = o.string(['message']);
    if (!o.ok || !revision.ok || status === null || startedAt === null) {
      problems.push(...o.problems, ...revision.problems);
      return;
    }
    const ours = ARGOCD_PHASE[status]!;
    records.push({
      ...base,
      // An operation has no id of its own; its start time names it.
      id: `argocd:${name}/operation-${startedAt}`,
      status: ours,
      at: ours === 'started' ? startedAt : (finishedAt ?? startedAt),
      startedAt,
      finishedAt: ours === 'started' ? null : finishedAt,
      ref,
      actor,
      description: message,
      data: { application: name, phase: status, sources: sourcesOf(syncResult) },
      source: { format: 'argocd', file, line: o.line, pointer: at },
    });
  }
}

/** `revision` (one source) or `revisions` (several): SHAs for git sources, chart versions for Helm. */
function revisionRef(e: RecordReader): RawDeployment['ref'] {
  const list: string[] = [];
  if (typeof e.get(['revision']) === 'number') {
    // YAML reads an unquoted all-digit abbreviation (`revision: 1234567`) as a number, which may
    // already have lost leading zeros: say so rather than guess the digits.
    e.problem(
      ['revision'],
      `expected "revision" to be a string, found the number ${String(e.get(['revision']))}; quote it in the YAML ("revision": "…")`,
    );
    return { version: null, tag: null, sha: null, name: null, moreShas: [] };
  }
  const one = e.string(['revision']);
  if (one) list.push(one);
  const many = e.get(['revisions']);
  if (Array.isArray(many))
    many.forEach((v, i) => {
      if (typeof v === 'string') list.push(v);
      else e.problem(['revisions', i], `expected a revision string, found ${describeValue(v)}`);
    });
  const shas = list.map(asSha).filter((s): s is string => s !== null);
  const names = list.filter((v) => asSha(v) === null);
  return {
    version: null,
    tag: null,
    sha: shas[0] ?? null,
    name: names[0] ?? null,
    moreShas: [...new Set(shas.slice(1))],
  };
}

/**
 * Where each source came from (repoURL, path, chart, targetRevision), not the whole source: plugin
 * environment and Helm values may carry credentials.
 */
function sourcesOf(entry: Json): Json[] {
  const list = Array.isArray(entry.sources) ? entry.sources : isObject(entry.source) ? [entry.source] : [];
  return list.filter(isObject).map((s) => {
    const out: Json = {};
    for (const k of ['repoURL', 'path', 'chart', 'targetRevision'])
      if (typeof s[k] === 'string') out[k] = s[k];
    return out;
  });
}
