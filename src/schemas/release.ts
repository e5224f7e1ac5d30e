import { z } from 'astro/zod';
import { SignatureSchema } from './signature.ts';
import { ChangeSchema, ContributorSchema, DateTimeSchema, PersonSchema } from './commit.ts';

/** Where a release's notes come from, best first. */
export const NotesSourceSchema = z.enum(['overlay', 'changelog', 'tag', 'commits']);
export type NotesSource = z.infer<typeof NotesSourceSchema>;

/** Every notes source found for a release (Markdown, untrusted); `best` is the one the page shows. */
export const NotesSchema = z.object({
  best: NotesSourceSchema,
  /** Hand-written overlay from `content/notes/<project>/<version>.md`, without its front matter. */
  overlay: z.string().nullable(),
  /** Highlights from the overlay's front matter (`highlights: [...]`). */
  highlights: z.array(z.string()),
  /** The CHANGELOG section for this version, as it read at the tag. */
  changelog: z.string().nullable(),
  /** The annotated tag's message (signature removed). */
  tag: z.string().nullable(),
  /** The grouped commits, rendered as Markdown. Always present. */
  commits: z.string(),
});
export type Notes = z.infer<typeof NotesSchema>;

/** A version with the facts that order it. */
export const VersionSchema = z
  .string()
  .min(1)
  .regex(/^[0-9][^\s/]*$/);

/** One release of one project: `releases/<project>/<slug>.json` in the data folder. */
export const ReleaseSchema = z.object({
  project: z.string(),
  /** What `{version}` captured: `2.40.0`, not `v2.40.0`. */
  version: VersionSchema,
  /** The version as it appears in URLs: every character outside `[A-Za-z0-9._-]` becomes `_`. */
  slug: z.string().regex(/^[A-Za-z0-9._-]+$/),
  tag: z.string(),
  /** Tagger date of an annotated tag, else the commit date; ISO 8601 with offset. */
  date: DateTimeSchema,
  /** Full SHA of the tagged commit (the tag peeled). */
  commit: z.string().regex(/^[0-9a-f]{40,64}$/),
  /** The tag object's SHA for an annotated tag, null for a lightweight one. */
  tagObject: z.string().nullable(),
  tagger: PersonSchema.nullable(),
  /** The tag's signature as git verified it (good, bad, unknown-key, unsigned, unchecked). */
  signature: SignatureSchema,
  /** The previous release's version, or null for the first. */
  previous: z.string().nullable(),
  previousTag: z.string().nullable(),
  /**
   * The nearest releases this one contains (docs/data-folder.md, "What a release contains"): the versions of the
   * other releases whose release date is not later than this one's and whose tagged commit is an
   * ancestor of this one's, leaving out any that another of them contains; ascending by version.
   * Following it gives every release a user of this one already has. Null in a record written
   * before waybill recorded it (the upgrade page then orders by version).
   * @example ["1.4.0"] for 1.5.0; ["1.4.1", "1.5.0"] for a release that merged a 1.4.x branch
   */
  contains: z.array(VersionSchema).nullable().default(null),
  /**
   * Full SHAs of the commits this release's history holds that neither `changes` nor a release in
   * `contains` (followed all the way) lists: commits a release on another line shipped first,
   * listed there, when `previous` is not in this release's history (docs/data-folder.md, "What a
   * release contains"). Empty otherwise, and in a record written before waybill recorded it.
   * @example [] for a release whose previous release is its ancestor
   */
  received: z.array(z.string().regex(/^[0-9a-f]{40,64}$/)).default([]),
  prerelease: z.boolean(),
  /** True when the version is valid SemVer 2.0. */
  semver: z.boolean(),
  /** The major version line (`2` for 2.3.0, `0.4` for 0.4.1 as SemVer reads it); null when there is none. */
  major: z.string().nullable(),
  /** Every commit of `git log previous..tag [-- path]`, merges included. */
  commitCount: z.number().int().nonnegative(),
  breakingCount: z.number().int().nonnegative(),
  /** Non-merge commits, reverted pairs removed, in `git log` order (newest first). */
  changes: z.array(ChangeSchema),
  /** Commits that cancelled out inside this release: a commit and the revert of it. */
  reverted: z.array(z.object({ hash: z.string(), subject: z.string(), revertedBy: z.string() })),
  contributors: z.array(ContributorSchema),
  notes: NotesSchema,
});
export type Release = z.infer<typeof ReleaseSchema>;

/**
 * What the `releases` collection keeps of a release: every fact but the bulky texts (the changes
 * with their commit bodies, the reverted pairs, the contributors and the notes sources). Lists,
 * calendars, feeds' order and every link need only this; a page that shows a release's body reads
 * the full record from its file when it renders (src/lib/model/data-folder.ts `readRelease`), so a build of 50,000 releases
 * never holds every body at once (Astro keeps a collection in memory several times over).
 */
export const ReleaseSummarySchema = ReleaseSchema.omit({
  changes: true,
  reverted: true,
  contributors: true,
  notes: true,
});
export type ReleaseSummary = z.infer<typeof ReleaseSummarySchema>;

/** A release record without its bulky fields (same key order as the file). */
export function toReleaseSummary(release: Release): ReleaseSummary {
  const {
    changes: _changes,
    reverted: _reverted,
    contributors: _contributors,
    notes: _notes,
    ...summary
  } = release;
  return summary;
}
