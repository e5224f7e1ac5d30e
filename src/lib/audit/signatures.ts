// A release tag's signature as the release page and the evidence say it (both audiences: a
// customer may check that a release was signed; who signed is internal only).
import type { Signature } from '../../schemas/index.ts';
import type { Portal } from '../model/portal.ts';

const SIGNATURE_TEXT: Record<Signature['status'], string> = {
  good: 'Signed, verified',
  bad: 'Signature does not verify',
  'unknown-key': 'Signed by an unknown key',
  unsigned: 'Not signed',
  unchecked: 'Signed, not checked',
};

export interface SignatureView {
  status: Signature['status'];
  text: string;
  /** Who signed and with which key: internal only (a principal is often an e-mail address). */
  detail: string | null;
}

export function toSignatureView(signature: Signature, audience: Portal['audience']): SignatureView {
  const kind = signature.kind === 'ssh' ? 'SSH' : signature.kind === 'gpg' ? 'GPG' : null;
  const parts = [kind, signature.signer, signature.key].filter((x): x is string => x !== null);
  return {
    status: signature.status,
    text:
      signature.status === 'unchecked'
        ? `${SIGNATURE_TEXT.unchecked} (no ${kind ?? ''} keys configured)`.replace('  ', ' ')
        : SIGNATURE_TEXT[signature.status],
    detail:
      audience === 'internal' && signature.status !== 'unsigned' && parts.length ? parts.join(' · ') : null,
  };
}
