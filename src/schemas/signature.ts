import { z } from 'astro/zod';

/**
 * What git said about a tag's signature. Never guessed (docs/audit.md, "Tag signatures"):
 * - `good`: verified against the configured GPG keyring or SSH allowed-signers file;
 * - `bad`: the signature does not match the tag, or its key is expired or revoked;
 * - `unknown-key`: signed, but by a key the configured keyring / allowed signers do not hold;
 * - `unsigned`: a lightweight tag, or an annotated tag without a signature;
 * - `unchecked`: signed, but no keyring or allowed-signers file for that kind of signature is configured.
 */
export const SignatureStatusSchema = z.enum(['good', 'bad', 'unknown-key', 'unsigned', 'unchecked']);
export type SignatureStatus = z.infer<typeof SignatureStatusSchema>;

export const SignatureSchema = z.object({
  status: SignatureStatusSchema,
  /** `gpg` or `ssh`; null when unsigned. */
  kind: z.enum(['gpg', 'ssh']).nullable(),
  /** Who signed, as the key material names them: the GPG user id, or the SSH principal; null when unknown. */
  signer: z.string().nullable(),
  /** The key: a GPG fingerprint or long key id, or an SSH key fingerprint (`SHA256:…`); null when unknown. */
  key: z.string().nullable(),
});
export type Signature = z.infer<typeof SignatureSchema>;
