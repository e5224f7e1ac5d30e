// The evidence record of a release (src/schemas/evidence.ts), built from the release record, its
// tag signature, its SBOM and its deployments. Pure; the bytes are RFC 8785 canonical JSON.
import type { AcceptedSbom } from '../../schemas/sbom.ts';
import type { Deployment } from '../../schemas/deployment.ts';
import { EVIDENCE_FORMAT, type Evidence } from '../../schemas/evidence.ts';
import type { Release } from '../../schemas/release.ts';
import type { Signature } from '../../schemas/signature.ts';
import { canonicalJson, sha256Hex } from '../canonical.ts';
import { publishedNotes } from '../notes.ts';
import { NO_IDENTITIES, type IdentityMap } from '../identities.ts';
import { evaluateControls } from './controls.ts';
import { compareCodeUnits } from '../compare.ts';

export type EvidenceBase = Omit<Evidence, 'deployments' | 'findings'>;

const UNSIGNED: Signature = { status: 'unsigned', kind: null, signer: null, key: null };

/**
 * The part of the evidence that the release itself fixes: tag, commits, notes, SBOM digest, and
 * the digests of the release's files as written (`files`: the harvest hashes the bytes it wrote).
 */
export function evidenceBase(
  release: Release,
  sbom: Pick<AcceptedSbom, 'format' | 'specVersion' | 'sha256' | 'componentCount'> | null,
  files: NonNullable<Evidence['files']>,
): EvidenceBase {
  return {
    format: EVIDENCE_FORMAT,
    project: release.project,
    version: release.version,
    tag: {
      name: release.tag,
      object: release.tagObject,
      commit: release.commit,
      tagger: release.tagger,
      date: release.date,
      message: release.notes.tag,
      signature: release.signature ?? UNSIGNED,
    },
    previous:
      release.previous !== null && release.previousTag !== null
        ? { version: release.previous, tag: release.previousTag }
        : null,
    commitCount: release.commitCount,
    commits: release.changes.map((c) => ({
      hash: c.hash,
      author: c.author,
      committer: c.committer,
      date: c.date,
      subject: c.subject,
    })),
    reverted: release.reverted,
    notes: publishedNotes(release.notes),
    sbom: sbom
      ? {
          format: sbom.format,
          specVersion: sbom.specVersion,
          sha256: sbom.sha256,
          componentCount: sbom.componentCount,
        }
      : null,
    files,
  };
}

/**
 * The whole record: the base, the release's deployments (oldest first) and the controls they fail,
 * with the people of the config's `identities` (`map`) counted once under all their names.
 */
export function completeEvidence(
  base: EvidenceBase,
  deployments: Deployment[],
  map: IdentityMap = NO_IDENTITIES,
): Evidence {
  const own = deployments
    .filter((d) => d.project === base.project && d.version === base.version)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || compareCodeUnits(a.id, b.id));
  const authors = base.commits.flatMap((c) => [c.author]);
  return {
    ...base,
    deployments: own.map((d) => ({
      id: d.id,
      environment: d.environment,
      tier: d.tier,
      status: d.status,
      at: d.at,
      actor: d.actor,
      approvers: d.approvers,
      url: d.url,
      source: d.source,
      freeze: d.freeze,
    })),
    findings: evaluateControls(own, authors, map),
  };
}

/** The stored bytes of an evidence record, and their SHA-256. */
export function serializeEvidence(evidence: Evidence): { text: string; sha256: string } {
  const text = canonicalJson(evidence);
  return { text, sha256: sha256Hex(text) };
}
