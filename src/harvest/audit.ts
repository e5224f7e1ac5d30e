// Evidence records and the audit chain: the last step of a harvest (and of `waybill merge`), once
// every release, SBOM and deployment is written. Builds each release's evidence record, writes it
// as canonical JSON, appends to `audit.jsonl` the events that bring the chain up to date, and signs
// the new head when a signing key is set (docs/audit.md). The chain is only ever appended to; a
// chain that does not verify stops the harvest (src/harvest/trust.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chainEvents, serializeEvent } from '../core/audit/chain.ts';
import {
  completeEvidence,
  evidenceBase,
  serializeEvidence,
  type EvidenceBase,
} from '../core/audit/evidence.ts';
import { buildIdentityMap } from '../core/identities.ts';
import type { IdentityConfig } from '../schemas/config/identities.ts';
import { evidenceKey, newEvents, releaseKey, type CurrentRelease } from '../core/audit/events.ts';
import { serializeHead } from '../core/audit/heads.ts';
import { canonicalJson, sha256Hex } from '../core/canonical.ts';
import type { AuditEvent } from '../schemas/audit.ts';
import type { Deployment } from '../schemas/deployment.ts';
import { EvidenceSchema, type Finding } from '../schemas/evidence.ts';
import { dataPaths, toSlug } from '../schemas/layout.ts';
import { SbomSchema } from '../schemas/sbom.ts';
import { ReleaseSchema, type Release } from '../schemas/release.ts';
import type { ReleaseRef } from '../schemas/state.ts';
import { readEvidenceState, writeEvidenceState, type EvidenceState } from './evidence-state.ts';
import { signHead, type SigningKey } from './ssh-keygen.ts';
import { readChain, type ChainRead } from './trust.ts';
import { removeOthers, writeFileAtomic, writeFilesAtomic } from './write.ts';

export interface AuditInput {
  dataDir: string;
  now: Date;
  /** Every release of every configured project. */
  releases: ReleaseRef[];
  /** Releases assembled in this run (the others are unchanged since the last harvest), by `project/slug`. */
  fresh: Map<string, Release>;
  deployments: Deployment[];
  projects: string[];
  /** The config's `identities`: one person under several names, for the controls. */
  identities?: readonly IdentityConfig[];
  /** The chain as the harvest read it before writing anything; read here when absent. */
  chain?: ChainRead;
  /** The key that signs the new head, or null for none. */
  signingKey?: SigningKey | null;
  /** `.state/evidence.json` as the harvest read it before writing anything; read here when absent. */
  evidenceState?: EvidenceState;
  warn?: (line: string) => void;
}

export interface AuditOutcome {
  appended: number;
  findings: number;
  /** The chain's head after this harvest, and whether it is signed. */
  head: { seq: number; hash: string; signed: boolean } | null;
}

export async function harvestAudit(input: AuditInput): Promise<AuditOutcome> {
  const { dataDir } = input;
  const warn = input.warn ?? (() => {});
  const chain = input.chain ?? readChain(dataDir);
  const state = chain.state;
  const previous = input.evidenceState ?? readEvidenceState(dataDir, warn);
  const nextState: EvidenceState = {};
  const current: CurrentRelease[] = [];
  const findings: (Finding & { project: string; version: string })[] = [];
  const writes: { file: string; content: string }[] = [];
  // Where the harvest kept a superseded record (src/harvest/archive.ts), asked only for the
  // releases whose tag the chain knew at another commit, not on every harvest for every release.
  const keptAt = (project: string, slug: string, commit: string): string | null => {
    const path = dataPaths.archivedRelease(project, slug, commit);
    return existsSync(join(dataDir, path)) ? path : null;
  };
  const movedFrom = (ref: ReleaseRef): string | null => {
    const known = state.releases.get(releaseKey(ref.project, ref.version));
    return known && known.commit !== ref.commit ? keptAt(ref.project, ref.slug, known.commit) : null;
  };
  const identities = input.identities ?? [];
  const identityMap = buildIdentityMap(identities);
  const byRelease = new Map<string, Deployment[]>();
  for (const d of input.deployments)
    if (d.version !== null) {
      const k = releaseKey(d.project, d.version);
      const list = byRelease.get(k);
      // Appended in place: copying the list for each deployment is quadratic in a release's deployments.
      if (list) list.push(d);
      else byRelease.set(k, [d]);
    }

  for (const ref of input.releases) {
    const id = `${ref.project}/${ref.slug}`;
    const own = byRelease.get(releaseKey(ref.project, ref.version)) ?? [];
    // The identities decide the findings too: a record is made again when they change. Without
    // any, the fingerprint is the deployments' alone, as it was before the setting existed.
    const deploymentsFp = sha256Hex(
      canonicalJson(identities.length ? { deployments: own, identities } : own),
    );
    const file = join(dataDir, dataPaths.evidence(ref.project, ref.slug));
    const recorded = state.evidence.get(evidenceKey(ref.project, ref.version, ref.commit));
    const before = previous[id];
    const fresh = input.fresh.get(id);
    let entry: EvidenceState[string];
    // Nothing that goes into it changed, and the chain holds the digest the state remembers (the
    // state is a cache: it never decides what the chain records).
    const unchanged =
      !fresh &&
      before !== undefined &&
      before.commit === ref.commit &&
      before.deployments === deploymentsFp &&
      before.sha256 === recorded &&
      existsSync(file);
    if (unchanged) {
      entry = before;
    } else {
      const base = fresh
        ? evidenceBase(fresh, readSbom(dataDir, ref), filesOf(dataDir, ref))
        : readTrustedBase(dataDir, ref, recorded, warn);
      const evidence = completeEvidence(base, own, identityMap);
      const out = serializeEvidence(evidence);
      writes.push({ file, content: out.text });
      entry = {
        commit: ref.commit,
        deployments: deploymentsFp,
        sha256: out.sha256,
        findings: evidence.findings,
        files: {
          release: evidence.files!.release,
          sbomBytes: sizeOf(join(dataDir, dataPaths.sbom(ref.project, ref.slug))),
          originalBytes: sizeOf(join(dataDir, dataPaths.sbomOriginal(ref.project, ref.slug))),
        },
      };
      // A record the chain already holds has its findings in the chain: they were appended with its digest.
      findings.push(...entry.findings.map((f) => ({ ...f, project: ref.project, version: ref.version })));
    }
    nextState[id] = entry;
    current.push({
      project: ref.project,
      version: ref.version,
      tag: ref.tag,
      commit: ref.commit,
      tagObject: ref.tagObject,
      date: ref.date,
      signature: ref.signature,
      evidence: entry.sha256,
      archived: movedFrom(ref),
    });
  }
  // Where the record of a tag that vanished was kept (only those: a stat per release would be on every harvest).
  const currentKeys = new Set(current.map((r) => releaseKey(r.project, r.version)));
  const archivedDeleted = new Map<string, string>();
  for (const [rk, known] of state.releases) {
    if (!known.live || currentKeys.has(rk)) continue;
    const [project, version] = rk.split('\0') as [string, string];
    const path = keptAt(project, toSlug(version), known.commit);
    if (path) archivedDeleted.set(rk, path);
  }
  const events = newEvents({
    state,
    now: input.now.toISOString(),
    releases: current,
    projects: input.projects,
    deployments: input.deployments,
    findings,
    archivedDeleted,
  });
  // The chain first, then the records it anchors: a harvest killed in between leaves records the
  // next harvest finds missing or unconfirmed (and writes again, to the same digests), never
  // evidence without a chain, which would look like a deleted chain.
  const chained = chainEvents(chain.events.at(-1) ?? null, events);
  if (chained.length)
    writeFileAtomic(chain.file, chain.text + chained.map((e) => serializeEvent(e) + '\n').join(''));
  await writeFilesAtomic(writes);
  for (const project of input.projects) {
    removeOthers(
      join(dataDir, dataPaths.evidenceOf(project)),
      new Set(input.releases.filter((r) => r.project === project).map((r) => `${r.slug}.json`)),
    );
  }
  removeOthers(join(dataDir, 'evidence'), new Set(input.projects));
  const head = chained.at(-1) ?? chain.events.at(-1) ?? null;
  const signed = await signNewHead(
    chain,
    head,
    input.signingKey ?? null,
    input.now,
    warn,
    chained.length > 0,
  );
  writeEvidenceState(dataDir, nextState);
  return {
    appended: chained.length,
    findings: findings.length,
    head: head ? { seq: head.seq, hash: head.hash, signed } : null,
  };
}

/**
 * Signs the chain's head unless its last signed head is already this one (a harvest with nothing
 * new, or one that finishes an interrupted harvest's signing), and appends the signature to
 * `audit.heads.jsonl`. Without a key, a chain that was signed before is warned about.
 */
async function signNewHead(
  chain: ChainRead,
  head: Pick<AuditEvent, 'seq' | 'hash'> | null,
  key: SigningKey | null,
  now: Date,
  warn: (line: string) => void,
  changed: boolean,
): Promise<boolean> {
  const last = chain.heads.at(-1);
  if (head === null) return false;
  if (last?.seq === head.seq) return true;
  if (!key) {
    if (changed && last)
      warn(
        `the audit chain's heads are signed, but this harvest has no signing key (audit.signingKey or WAYBILL_AUDIT_SIGNING_KEY): ${last.seq + 1 === head.seq ? `line ${head.seq} is` : `lines ${last.seq + 1}–${head.seq} are`} not signed, and \`waybill verify --allowed-signers\` will report ${last.seq + 1 === head.seq ? 'it' : 'them'}`,
      );
    return false;
  }
  const signature = await signHead(key, head.hash);
  const line = serializeHead({
    seq: head.seq,
    hash: head.hash,
    at: now.toISOString(),
    key: key.fingerprint,
    signer: key.comment,
    signature,
  });
  const text = existsSync(chain.headsFile) ? readFileSync(chain.headsFile, 'utf8') : '';
  writeFileAtomic(chain.headsFile, text + line + '\n');
  return true;
}

function readSbom(dataDir: string, ref: { project: string; slug: string }) {
  const file = join(dataDir, dataPaths.sbom(ref.project, ref.slug));
  if (!existsSync(file)) return null;
  const sbom = SbomSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return sbom.status === 'accepted' ? sbom : null;
}

const digestOf = (file: string) => (existsSync(file) ? sha256Hex(readFileSync(file)) : null);
const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : null);

/** The digests of a release's files as the data folder holds them now (just written). */
function filesOf(dataDir: string, ref: { project: string; slug: string }) {
  return {
    release: sha256Hex(readFileSync(join(dataDir, dataPaths.release(ref.project, ref.slug)))),
    sbom: digestOf(join(dataDir, dataPaths.sbom(ref.project, ref.slug))),
  };
}

/**
 * The release part of an unchanged release's evidence (its deployments changed): from its evidence
 * record when it is the one the chain recorded; else (the record was edited) from the release
 * record and SBOM, which the harvest checked against what it wrote before keeping them
 * (src/harvest/trust.ts), and the record is written again.
 */
function readTrustedBase(
  dir: string,
  ref: ReleaseRef,
  recorded: string | undefined,
  warn: (line: string) => void,
): EvidenceBase {
  const rel = dataPaths.evidence(ref.project, ref.slug);
  const file = join(dir, rel);
  const bytes = existsSync(file) ? readFileSync(file) : null;
  if (bytes !== null && sha256Hex(bytes) === recorded) {
    const parsed = EvidenceSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    if (parsed.success && parsed.data.files && parsed.data.tag.commit === ref.commit) {
      const { deployments: _d, findings: _f, ...base } = parsed.data;
      return base;
    }
  }
  warn(`${rel} is not the evidence record ${dataPaths.audit} recorded: it is written again from the release`);
  const release = ReleaseSchema.parse(
    JSON.parse(readFileSync(join(dir, dataPaths.release(ref.project, ref.slug)), 'utf8')),
  );
  return evidenceBase(release, readSbom(dir, ref), filesOf(dir, ref));
}
