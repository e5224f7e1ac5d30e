import { z } from 'astro/zod';
import { DateTimeSchema, PersonSchema } from './commit.ts';
import { DeploymentSourceRefSchema, DeploymentStatusSchema } from './deployment.ts';
import { NotesSourceSchema } from './release.ts';
import { SignatureSchema } from './signature.ts';

/**
 * Format 2 added `files`: the digests of the release's files as the data folder publishes them.
 * Format 1 records (without it) are still read: records kept in the archive stay as they were
 * written, and a harvest rewrites current ones as format 2 (an `evidence.updated` event each).
 */
export const EVIDENCE_FORMAT = 'waybill.evidence/2';
export const EVIDENCE_FORMATS = ['waybill.evidence/1', EVIDENCE_FORMAT] as const;

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A control that a production change failed (internal audience):
 * - `sod`: segregation of duties: no approver independent of the deployer and of the release's authors;
 * - `approval`: deployed to production without any approval;
 * - `freeze`: deployed inside a freeze window.
 */
export const FindingSchema = z.object({
  control: z.enum(['sod', 'approval', 'freeze']),
  /** The deployment that failed the control. */
  deployment: z.string(),
  environment: z.string(),
  at: DateTimeSchema,
  /** One sentence an auditor can read on its own. */
  message: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

/**
 * The evidence record of one release: what changed, who wrote it, who approved and deployed it,
 * when. Stored as RFC 8785 canonical JSON (`evidence/<project>/<slug>.json`): its SHA-256 over
 * exactly those bytes is `evidence.sha256` in the release's JSON and in the audit chain.
 */
export const EvidenceSchema = z.object({
  format: z.enum(EVIDENCE_FORMATS),
  project: z.string(),
  version: z.string(),
  tag: z.object({
    name: z.string(),
    /** The tag object's SHA (annotated), null for a lightweight tag. */
    object: z.string().nullable(),
    /** The tagged commit. */
    commit: z.string(),
    tagger: PersonSchema.nullable(),
    date: DateTimeSchema,
    message: z.string().nullable(),
    signature: SignatureSchema,
  }),
  previous: z.object({ version: z.string(), tag: z.string() }).nullable(),
  /** Every commit of the range, merges included (`git log previous..tag [-- path]`). */
  commitCount: z.number().int().nonnegative(),
  /** The non-merge commits, newest first; reverted pairs are listed in `reverted`. */
  commits: z.array(
    z.object({
      hash: z.string(),
      author: PersonSchema,
      committer: PersonSchema,
      date: DateTimeSchema,
      subject: z.string(),
    }),
  ),
  reverted: z.array(z.object({ hash: z.string(), subject: z.string(), revertedBy: z.string() })),
  /** The notes as the release page publishes them (Markdown, before rendering) and where they come from. */
  notes: z.object({ source: NotesSourceSchema, markdown: z.string() }),
  /** The bill of materials' digest (of the original document), or null when the release has none. */
  sbom: z
    .object({
      format: z.string(),
      specVersion: z.string(),
      sha256: z.string(),
      componentCount: z.number().int().nonnegative(),
    })
    .nullable(),
  deployments: z.array(
    z.object({
      id: z.string(),
      environment: z.string(),
      tier: z.string(),
      status: DeploymentStatusSchema,
      at: DateTimeSchema,
      actor: z.string().nullable(),
      approvers: z.array(z.string()),
      url: z.string().nullable(),
      source: DeploymentSourceRefSchema,
      freeze: z.object({ name: z.string() }).nullable(),
    }),
  ),
  findings: z.array(FindingSchema),
  /**
   * SHA-256 of the exact bytes of what the data folder publishes for the release: its record
   * (`releases/<project>/<slug>.json`, with the notes as published) and its normalized bill of
   * materials (`sboms/<project>/<slug>.json`, null when there is none; the original document's
   * digest is `sbom.sha256`). Format 2 and later.
   */
  files: z.object({ release: Sha256Schema, sbom: Sha256Schema.nullable() }).optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** An entry of the `evidence` collection: the record, the SHA-256 of its bytes, and whether it was superseded. */
export const EvidenceEntrySchema = z.object({
  record: EvidenceSchema,
  sha256: z.string(),
  archived: z.boolean(),
});
export type EvidenceEntry = z.infer<typeof EvidenceEntrySchema>;
