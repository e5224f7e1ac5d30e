// Where each record lives inside the data folder (`--data`, default `content/data`).
// The harvest writer and src/content.config.ts both read these, so they cannot drift apart.
import { sha256Hex } from '../core/canonical.ts';

export const DEFAULT_DATA_DIR = 'content/data';
/** Format 2 added evidence records, the audit chain and the archive of superseded releases. */
export const DATA_FORMAT = 2;

export const dataPaths = {
  site: 'site.json',
  project: (id: string) => `projects/${id}.json`,
  release: (project: string, slug: string) => `releases/${project}/${slug}.json`,
  releasesOf: (project: string) => `releases/${project}`,
  next: (project: string) => `next/${project}.json`,
  /** The normalized bill of materials of a release, and the original document beside it. */
  sbom: (project: string, slug: string) => `sboms/${project}/${slug}.json`,
  sbomOriginal: (project: string, slug: string) => `sboms/${project}/${slug}.original.json`,
  sbomsOf: (project: string) => `sboms/${project}`,
  /** Every deployment of every project (internal audience only). */
  deployments: 'deployments.json',
  /** Freeze windows, planned releases and group releases for the calendar. */
  freezes: 'freezes.json',
  planned: 'planned.json',
  groups: 'groups.json',
  /** A release's evidence record: RFC 8785 canonical JSON, hashed as stored (internal audience only). */
  evidence: (project: string, slug: string) => `evidence/${project}/${slug}.json`,
  evidenceOf: (project: string) => `evidence/${project}`,
  /** The append-only audit chain (internal audience only). */
  audit: 'audit.jsonl',
  /** Signed heads of the chain, one a line (internal audience only): docs/audit.md, "Signed heads". */
  auditHeads: 'audit.heads.jsonl',
  /**
   * Where a release record is kept when its tag moved or was deleted: never rewritten, only moved
   * here, with its evidence record beside it; the audit chain's tag.moved / tag.deleted event names it.
   */
  archivedRelease: (project: string, slug: string, commit: string) =>
    `archive/${project}/${slug}/${commit}.json`,
  archivedEvidence: (project: string, slug: string, commit: string) =>
    `archive/${project}/${slug}/${commit}.evidence.json`,
  /** What a sharded harvest (`harvest --project`) harvested, for `waybill merge`. */
  shard: 'shard.json',
  /** Incremental-harvest state per project: not content, never read by the site. */
  state: (project: string) => `.state/${project}.json`,
} as const;

/** The longest slug: a file name has at most 255 bytes, and a slug is part of several. */
export const MAX_SLUG_LENGTH = 100;

/**
 * A version as it appears in URLs and file names (docs/site.md, "URLs"): every
 * character outside `[A-Za-z0-9._-]` becomes `_`. A longer slug than MAX_SLUG_LENGTH keeps its
 * first characters and ends in `-` and 12 hex digits of the SHA-256 of the whole version, so it
 * stays bounded (no ENAMETOOLONG), unique and the same on every harvest (docs/site.md, "URLs").
 */
export function toSlug(version: string): string {
  const slug = version.replace(/[^A-Za-z0-9._-]/g, '_');
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const digest = sha256Hex(version).slice(0, 12);
  return `${slug.slice(0, MAX_SLUG_LENGTH - digest.length - 1)}-${digest}`;
}
