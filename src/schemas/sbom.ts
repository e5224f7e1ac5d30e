import { z } from 'astro/zod';

/** One component of a bill of materials, normalized from CycloneDX or SPDX. */
export const ComponentSchema = z.object({
  /** Stable key within the document: the purl as written when there is one, else `type:group/name@version` (group and version left out when absent). */
  key: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  purl: z.string().nullable(),
  /** CycloneDX `type` (library, application, framework, …); SPDX packages are "library" unless their purpose says otherwise. */
  type: z.string(),
  /** CycloneDX `scope` (required, optional, excluded); null when the document does not say. */
  scope: z.string().nullable(),
  /**
   * Licenses as declared: each an SPDX expression normalized (`MIT OR Apache-2.0`), a license id,
   * or a free-text name kept as written (`kind: "name"`).
   */
  licenses: z.array(z.object({ kind: z.enum(['expression', 'id', 'name']), value: z.string() })),
  hashes: z.array(z.object({ alg: z.string(), content: z.string() })),
  /** The key of the component this one is nested in (CycloneDX `components[].components`), or null. */
  parent: z.string().nullable(),
  /** Anything marked internal in the source (CycloneDX property `waybill:internal`); left out of the public site. */
  internal: z.boolean(),
});
export type Component = z.infer<typeof ComponentSchema>;

export const VulnerabilitySchema = z.object({
  /** `CVE-2021-44228`, `GHSA-…` */
  id: z.string(),
  /** Highest severity among its ratings, lower-case (critical, high, medium, low, info, none, unknown). */
  severity: z.string(),
  /** VEX analysis state (resolved, exploitable, in_triage, false_positive, not_affected, …) or null. */
  state: z.string().nullable(),
  /** Keys of the affected components; a reference that matches no listed component (VEX documents often name metadata.component) is kept as written. */
  affects: z.array(z.string()),
  description: z.string().nullable(),
});
export type Vulnerability = z.infer<typeof VulnerabilitySchema>;

/** `key` here is the diff identity: the purl without its version (and without qualifiers other than arch, classifier, type), else type and name. */
const Change = z.object({ key: z.string(), name: z.string() });

/** What changed since the previous release's SBOM, keyed by purl (name and type without one). */
export const SbomDiffSchema = z.object({
  /** The previous release's version whose SBOM this is compared with; null for the first SBOM. */
  against: z.string().nullable(),
  added: z.array(Change.extend({ version: z.string().nullable() })),
  removed: z.array(Change.extend({ version: z.string().nullable() })),
  upgraded: z.array(Change.extend({ from: z.string().nullable(), to: z.string().nullable() })),
  downgraded: z.array(Change.extend({ from: z.string().nullable(), to: z.string().nullable() })),
  licenseChanged: z.array(Change.extend({ from: z.array(z.string()), to: z.array(z.string()) })),
  vulnerabilitiesIntroduced: z.array(z.string()),
  vulnerabilitiesFixed: z.array(z.string()),
});
export type SbomDiff = z.infer<typeof SbomDiffSchema>;

/** A problem with an SBOM file: where (JSON pointer) and what. */
export const SbomProblemSchema = z.object({
  pointer: z.string(),
  message: z.string(),
});

/**
 * The bill of materials of one release: `sboms/<project>/<slug>.json` in the data folder. Either
 * accepted (normalized) or, with `"strict": false`, rejected with every problem listed.
 */
export const SbomSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('accepted'),
    project: z.string(),
    version: z.string(),
    /** The file as configured, relative to the config file. */
    source: z.string(),
    /** The original document, copied next to this record: `sboms/<project>/<slug>.original.json`. */
    original: z.string(),
    format: z.enum(['CycloneDX', 'SPDX']),
    /** The bare version number: `1.6`, `2.3`. */
    specVersion: z.string(),
    /** SHA-256 of the original file's bytes. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** Every entry of every CycloneDX `components` array, nested included (not metadata.component); every SPDX package. */
    componentCount: z.number().int().nonnegative(),
    /** Sorted by name, then version, then key. */
    components: z.array(ComponentSchema),
    /** License (expression, id or name) → number of components declaring it, sorted by count then name. */
    licenseSummary: z.array(z.object({ license: z.string(), count: z.number().int().positive() })),
    vulnerabilities: z.array(VulnerabilitySchema),
    diff: SbomDiffSchema,
  }),
  z.object({
    status: z.literal('rejected'),
    project: z.string(),
    version: z.string(),
    source: z.string(),
    problems: z.array(SbomProblemSchema).min(1),
  }),
]);
export type Sbom = z.infer<typeof SbomSchema>;
export type AcceptedSbom = Extract<Sbom, { status: 'accepted' }>;
