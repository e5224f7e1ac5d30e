// What the audit chain already knows (a fold over its events), and which events a harvest must
// append so that the chain matches what the data folder now says. Pure: the harvest passes in the
// chain, the current releases, deployments and findings, and "now".
import type { AuditEvent } from '../../schemas/audit.ts';
import type { Deployment } from '../../schemas/deployment.ts';
import type { Finding } from '../../schemas/evidence.ts';
import type { NewAuditEvent } from './chain.ts';

export interface KnownRelease {
  tag: string;
  commit: string;
  /** False once a `tag.deleted` event removed it. */
  live: boolean;
}

export interface ChainState {
  /** `project\0version` → the release as the chain last recorded it. */
  releases: Map<string, KnownRelease>;
  /** `project\0version\0commit` → the evidence digest the chain last recorded for that record. */
  evidence: Map<string, string>;
  /** Same keys: the `seq` (line) of the event that recorded that digest. */
  evidenceSeq: Map<string, number>;
  /**
   * Same keys: every digest the chain ever recorded for the record, with its line. A record kept
   * in the archive is one of them: a tag moved away and back has two superseded states of one commit.
   */
  recorded: Map<string, Map<string, number>>;
  /** Deployment id → the last status recorded. */
  deployments: Map<string, string>;
  /** `kind\0deployment` of every control finding recorded. */
  findings: Set<string>;
}

export const releaseKey = (project: string, version: string) => `${project}\0${version}`;
export const evidenceKey = (project: string, version: string, commit: string) =>
  `${project}\0${version}\0${commit}`;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Folds the chain into what it says is true now. */
export function foldChain(events: AuditEvent[]): ChainState {
  const state: ChainState = {
    releases: new Map(),
    evidence: new Map(),
    evidenceSeq: new Map(),
    recorded: new Map(),
    deployments: new Map(),
    findings: new Set(),
  };
  const record = (key: string, digest: string | null, seq: number) => {
    if (digest === null) return;
    state.evidence.set(key, digest);
    state.evidenceSeq.set(key, seq);
    let all = state.recorded.get(key);
    if (!all) state.recorded.set(key, (all = new Map()));
    all.set(digest, seq);
  };
  for (const e of events) {
    const d = e.data;
    const version = e.version ?? '';
    const rk = releaseKey(e.project, version);
    switch (e.kind) {
      case 'release.published':
        state.releases.set(rk, { tag: str(d.tag) ?? '', commit: str(d.commit) ?? '', live: true });
        record(evidenceKey(e.project, version, str(d.commit) ?? ''), str(d.evidence), e.seq);
        break;
      case 'tag.moved':
        state.releases.set(rk, { tag: str(d.tag) ?? '', commit: str(d.to) ?? '', live: true });
        record(evidenceKey(e.project, version, str(d.to) ?? ''), str(d.evidence), e.seq);
        break;
      case 'tag.deleted': {
        const known = state.releases.get(rk);
        if (known) known.live = false;
        break;
      }
      case 'evidence.updated':
        record(evidenceKey(e.project, version, str(d.commit) ?? ''), str(d.to), e.seq);
        break;
      case 'freeze.violation':
      case 'sod.violation':
      case 'approval.missing':
        state.findings.add(`${e.kind}\0${str(d.deployment) ?? ''}`);
        break;
      default:
        if (e.kind.startsWith('deploy.') && str(d.deployment))
          state.deployments.set(str(d.deployment)!, e.kind.slice('deploy.'.length));
    }
  }
  return state;
}

/** A release as it is now, with the digest of the evidence document just written for it. */
export interface CurrentRelease {
  project: string;
  version: string;
  tag: string;
  commit: string;
  tagObject: string | null;
  date: string;
  signature: string;
  evidence: string;
  /** Where the superseded record of a moved tag was kept (data-folder path), when it was. */
  archived?: string | null;
}

export const FINDING_KIND = {
  sod: 'sod.violation',
  approval: 'approval.missing',
  freeze: 'freeze.violation',
} as const;

export interface EventInput {
  state: ChainState;
  /** ISO time of this harvest: when moved and deleted tags and changed evidence were observed. */
  now: string;
  releases: CurrentRelease[];
  /** Projects harvested now: only their missing releases count as deleted tags. */
  projects: string[];
  deployments: Deployment[];
  findings: (Finding & { project: string; version: string })[];
  /** Data-folder path where a deleted tag's record was kept, by release key. */
  archivedDeleted?: Map<string, string>;
}

/** The events that bring the chain up to date, unsorted (chainEvents sorts them). */
export function newEvents(input: EventInput): NewAuditEvent[] {
  const { state, now } = input;
  const out: NewAuditEvent[] = [];
  const current = new Set<string>();
  for (const r of input.releases) {
    const rk = releaseKey(r.project, r.version);
    current.add(rk);
    const known = state.releases.get(rk);
    if (!known || !known.live) {
      out.push({
        at: r.date,
        kind: 'release.published',
        project: r.project,
        version: r.version,
        data: {
          tag: r.tag,
          commit: r.commit,
          tagObject: r.tagObject,
          signature: r.signature,
          evidence: r.evidence,
        },
      });
    } else if (known.commit !== r.commit) {
      out.push({
        at: now,
        kind: 'tag.moved',
        project: r.project,
        version: r.version,
        data: {
          tag: r.tag,
          from: known.commit,
          to: r.commit,
          tagObject: r.tagObject,
          signature: r.signature,
          evidence: r.evidence,
          archived: r.archived ?? null,
        },
      });
    } else {
      const before = state.evidence.get(evidenceKey(r.project, r.version, r.commit)) ?? null;
      if (before !== r.evidence)
        out.push({
          at: now,
          kind: 'evidence.updated',
          project: r.project,
          version: r.version,
          data: { commit: r.commit, from: before, to: r.evidence },
        });
    }
  }
  const projects = new Set(input.projects);
  for (const [rk, known] of state.releases) {
    const [project, version] = rk.split('\0') as [string, string];
    if (!known.live || current.has(rk) || !projects.has(project)) continue;
    out.push({
      at: now,
      kind: 'tag.deleted',
      project,
      version,
      data: { tag: known.tag, commit: known.commit, archived: input.archivedDeleted?.get(rk) ?? null },
    });
  }
  for (const d of input.deployments) {
    if (state.deployments.get(d.id) === d.status) continue;
    out.push({
      at: d.at,
      kind: `deploy.${d.status}`,
      project: d.project,
      version: d.version,
      data: {
        deployment: d.id,
        environment: d.environment,
        tier: d.tier,
        status: d.status,
        actor: d.actor,
        approvers: d.approvers,
        url: d.url,
        source: d.source,
        freeze: d.freeze?.name ?? null,
      },
    });
  }
  for (const f of input.findings) {
    const kind = FINDING_KIND[f.control];
    if (state.findings.has(`${kind}\0${f.deployment}`)) continue;
    out.push({
      at: f.at,
      kind,
      project: f.project,
      version: f.version,
      data: { deployment: f.deployment, environment: f.environment, message: f.message },
    });
  }
  return out;
}

/**
 * Whether an evidence record's digest is the one the chain last recorded for it (for a record kept
 * in the archive: one the chain recorded for it at some time): null when it is, else why not (one
 * sentence). `verify` and the internal site's loader both ask this, so they cannot disagree about
 * what holds. `log` names the chain file in the message.
 */
export function evidenceMismatch(
  state: ChainState,
  record: { project: string; version: string; commit: string },
  sha256: string,
  log: string,
  archived = false,
): string | null {
  const key = evidenceKey(record.project, record.version, record.commit);
  const recorded = state.evidence.get(key);
  if (recorded === undefined)
    return `the audit chain (${log}) has no digest for this evidence record (added outside a harvest?)`;
  if (archived) {
    if (state.recorded.get(key)?.has(sha256)) return null;
    return `SHA-256 ${sha256.slice(0, 12)}… is none of the digests ${log} recorded for ${record.project} ${record.version} at ${record.commit.slice(0, 12)}: the kept record was changed`;
  }
  if (recorded !== sha256)
    return `SHA-256 ${sha256.slice(0, 12)}… does not match ${recorded.slice(0, 12)}… recorded at ${log}:${state.evidenceSeq.get(key)}: the record was changed after the harvest`;
  return null;
}
