import { z } from 'astro/zod';
import { DateTimeSchema } from './commit.ts';

/**
 * Kinds of audit event. docs/audit.md names release.published, tag.moved, tag.deleted, deploy.*,
 * freeze.violation and sod.violation; waybill adds approval.missing (a production deployment
 * without approval) and evidence.updated (a release's evidence changed: new deployment, edited
 * overlay, new SBOM), so every evidence digest is anchored in the chain.
 */
export const AuditKindSchema = z.enum([
  'release.published',
  'tag.moved',
  'tag.deleted',
  'deploy.started',
  'deploy.success',
  'deploy.failed',
  'deploy.rolled_back',
  'deploy.canceled',
  'freeze.violation',
  'sod.violation',
  'approval.missing',
  'evidence.updated',
]);
export type AuditKind = z.infer<typeof AuditKindSchema>;

/**
 * One line of `audit.jsonl`: an append-only chain. `hash` is the SHA-256 of the RFC 8785 canonical
 * JSON of the entry without `hash` (so it covers `prev`); `prev` is the previous line's `hash`, or
 * null on the first line.
 */
export const AuditEventSchema = z.object({
  seq: z.number().int().positive(),
  /** When it happened: the tag's date, the deployment's time, or the harvest that observed it. */
  at: DateTimeSchema,
  kind: AuditKindSchema,
  project: z.string(),
  version: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  prev: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** The `ssh-keygen -Y sign` namespace of a signed head: a signature made for anything else never verifies as one. */
export const HEAD_NAMESPACE = 'waybill-audit-head';

/**
 * One line of `audit.heads.jsonl`: the head of the chain (its last entry) after a harvest, signed
 * with the audit signing key. The signed message is the head's `hash` followed by a newline
 * (`echo <hash>`); the hash covers every entry up to it (docs/audit.md, "Signed heads").
 */
export const AuditHeadSchema = z.object({
  /** The line of `audit.jsonl` that was the head. */
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the harvest that signed it ran (its "now"). */
  at: DateTimeSchema,
  /** The signing key's fingerprint, as `ssh-keygen -l` prints it: `SHA256:…`. */
  key: z.string().regex(/^SHA256:[A-Za-z0-9+/]+$/),
  /** The key's comment (`ssh-keygen -C`), often the signer's address; null when it has none. */
  signer: z.string().nullable(),
  /** The armoured SSH signature (`-----BEGIN SSH SIGNATURE-----`). */
  signature: z.string().startsWith('-----BEGIN SSH SIGNATURE-----'),
});
export type AuditHead = z.infer<typeof AuditHeadSchema>;

/** The `audit` collection's one entry: every event of the chain, in order, and its signed heads. */
export const AuditLogSchema = z.object({
  events: z.array(AuditEventSchema),
  heads: z.array(AuditHeadSchema),
});
export type AuditLog = z.infer<typeof AuditLogSchema>;
