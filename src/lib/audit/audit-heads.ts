// View models of the audit chain's signed heads (internal audience only): what `/audit/` and a
// release's printable evidence page show of the signature that vouches for the chain, and the
// exact commands that check it offline with ssh-keygen alone (docs/audit.md, "Signed heads").
import { serializeHead } from '../../core/audit/heads.ts';
import { HEAD_NAMESPACE, type AuditHead } from '../../schemas/audit.ts';
import { formatDateTime, type DateView } from '../render/format.ts';
import type { Portal } from '../model/portal.ts';

export interface SignedHeadView {
  /** The line of `audit.jsonl` the head is. */
  seq: number;
  hash: string;
  at: DateView;
  /** The key's fingerprint, and its comment (often the signer's address) when it has one. */
  key: string;
  signer: string | null;
  signature: string;
  /** The signature as a file (`/api/v1/audit/heads/<seq>.sig`), and every head (`/api/v1/audit.heads.jsonl`). */
  signatureUrl: string;
  headsUrl: string;
  signatureFile: string;
  /** The chain's entries after this head: appended by a harvest without the signing key. */
  unsigned: number;
  /** The shell commands that check the signature with ssh-keygen alone, given an allowed-signers file. */
  commands: string[];
}

/** The commands of docs/audit.md: find the allowed signer the key belongs to, then check the signature of `<hash>\n`. */
export function verifyCommands(
  head: Pick<AuditHead, 'seq' | 'hash'>,
  allowedSigners = 'allowed_signers',
): string[] {
  const sig = `${head.seq}.sig`;
  return [
    `ssh-keygen -Y find-principals -f ${allowedSigners} -s ${sig}`,
    `echo ${head.hash} | ssh-keygen -Y verify -f ${allowedSigners} -I "$(ssh-keygen -Y find-principals -f ${allowedSigners} -s ${sig})" -n ${HEAD_NAMESPACE} -s ${sig}`,
  ];
}

function toView(portal: Portal, head: AuditHead): SignedHeadView {
  const home = portal.paths.home;
  const root = home.endsWith('/') ? home : `${home}/`;
  return {
    seq: head.seq,
    hash: head.hash,
    at: formatDateTime(head.at, portal.site.timezone),
    key: head.key,
    signer: head.signer,
    signature: head.signature,
    signatureUrl: `${root}api/v1/audit/heads/${head.seq}.sig`,
    headsUrl: `${root}api/v1/audit.heads.jsonl`,
    signatureFile: `${head.seq}.sig`,
    unsigned: portal.audit.length - head.seq,
    commands: verifyCommands(head),
  };
}

/** The newest signed head, for `/audit/`; null for the public, or when the chain was never signed. */
export function toLatestSignedHead(portal: Portal): SignedHeadView | null {
  if (portal.audience !== 'internal') return null;
  const head = portal.auditHeads.at(-1);
  return head ? toView(portal, head) : null;
}

/**
 * The first signed head at or after the line that recorded an evidence digest: the signature that
 * vouches for that record. Null when none does yet (or for the public).
 */
export function toSignedHeadOf(
  portal: Portal,
  record: { project: string; version: string; sha256: string },
): SignedHeadView | null {
  if (portal.audience !== 'internal') return null;
  let line = 0;
  for (const e of portal.audit) {
    if (e.project !== record.project || e.version !== record.version) continue;
    const digest = e.kind === 'evidence.updated' ? e.data.to : e.data.evidence;
    if (digest === record.sha256) line = e.seq;
  }
  if (line === 0) return null;
  const head = portal.auditHeads.find((h) => h.seq >= line);
  return head ? toView(portal, head) : null;
}

/** `/api/v1/audit.heads.jsonl`: the heads exactly as harvested, one canonical JSON line each. */
export function auditHeadsFile(portal: Portal): string {
  return portal.auditHeads.map((h) => serializeHead(h) + '\n').join('');
}

/** `/api/v1/audit/heads/<seq>.sig` of every signed head. */
export function getSignaturePaths(
  portal: Portal,
): { params: { seq: string }; props: { signature: string } }[] {
  if (portal.audience !== 'internal') return [];
  return portal.auditHeads.map((h) => ({
    params: { seq: String(h.seq) },
    props: { signature: h.signature },
  }));
}
