import { z } from 'astro/zod';

/** A person as git records them. `email` is internal data: the public audience never shows it. */
export const PersonSchema = z.object({
  name: z.string(),
  email: z.string(),
});
export type Person = z.infer<typeof PersonSchema>;

/** ISO 8601 date and time with its UTC offset (`2026-03-02T10:15:00+01:00`): never a machine's local time. */
export const DateTimeSchema = z.iso.datetime({ offset: true });

/** An IANA time zone name that this runtime knows (`Europe/Berlin`, `UTC`). */
export const TimeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone like "Europe/Berlin" or "UTC"');

/** An issue or pull-request reference found in a commit message (`Closes #12`, `acme/api#7`). */
export const RefSchema = z.object({
  /** The issue id without its prefix: `12` for `#12`. */
  issue: z.string(),
  /** The keyword before it, lower-cased (`closes`, `fixes`), or null. */
  action: z.string().nullable(),
  /** `owner/repo` when the reference names another repository, else null. */
  repository: z.string().nullable(),
  /** The reference in canonical form: `#12`, or `owner/repo#12`. */
  raw: z.string(),
});
export type Ref = z.infer<typeof RefSchema>;

/**
 * One commit of a release, parsed as a Conventional Commit.
 * A commit that is not conventional has `type: null` and is shown under "Other changes".
 */
export const ChangeSchema = z.object({
  /** Full SHA. */
  hash: z.string().regex(/^[0-9a-f]{40,64}$/),
  /** Conventional type, lower-cased (`feat`, `fix`, …), or null for a plain commit. */
  type: z.string().nullable(),
  scope: z.string().nullable(),
  /** The header's description (the whole first line for a plain commit). */
  subject: z.string(),
  /** Body text without the trailers (Markdown, untrusted). */
  body: z.string(),
  /** True for `type!:` headers and for `BREAKING CHANGE:` notes. */
  breaking: z.boolean(),
  /** Texts of `BREAKING CHANGE:` / `BREAKING-CHANGE:` notes: the migration notes (Markdown, untrusted). */
  breakingNotes: z.array(z.string()),
  author: PersonSchema,
  committer: PersonSchema,
  /** Author date, ISO 8601 with offset, as the author's clock said it. */
  date: DateTimeSchema,
  refs: z.array(RefSchema),
  /** Git trailers, keys as written (`Co-authored-by`, `Signed-off-by`, `Refs`, `Changelog`), values in order. */
  trailers: z.record(z.string(), z.array(z.string())),
  /** Number of parents above one: merges are counted in `commitCount` but not grouped as changes. */
  merge: z.boolean(),
});
export type Change = z.infer<typeof ChangeSchema>;

/** A contributor to a release: author or `Co-authored-by`. */
export const ContributorSchema = z.object({
  name: z.string(),
  email: z.string(),
  commits: z.number().int().nonnegative(),
  /** True when no earlier release of the project (by version order) has this contributor. */
  firstTime: z.boolean(),
});
export type Contributor = z.infer<typeof ContributorSchema>;
