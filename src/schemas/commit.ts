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
 * The pull request that merged a change (docs/releases-from-git.md, "Pull requests"): from the
 * merge commit that brought it in, or from a squash merge's subject (`… (#123)`).
 */
export const PullSchema = z.object({
  /** The number: `123`. */
  id: z.string().regex(/^\d+$/),
  /** As the forge writes it: `#123` (GitHub, Gitea, Bitbucket) or `!42` (GitLab, Azure DevOps). */
  raw: z.string(),
});
export type Pull = z.infer<typeof PullSchema>;

/**
 * One commit of a release, parsed as a Conventional Commit.
 * A commit that is not conventional has `type: null` and is shown under "Other changes".
 */
export const ChangeSchema = z.object({
  /** Full SHA. */
  hash: z.string().regex(/^[0-9a-f]{40,64}$/),
  /**
   * The change type, lower-cased: a Conventional Commits type (`feat`, `fix`, …), a numpy-style
   * category mapped to one (`BUG:` is `fix`), or the project's `commitTypes`; null for a commit
   * that fits no convention (docs/releases-from-git.md, "Kinds of change").
   */
  type: z.string().nullable(),
  /** The Conventional Commits scope, or the component of a `component: subject` header (`net/http`). */
  scope: z.string().nullable(),
  /** The header without its type or component prefix (the whole first line for a plain commit). */
  subject: z.string(),
  /** Body text without the trailers (Markdown, untrusted). */
  body: z.string(),
  /**
   * True for `type!:` headers, `breaking:` types, `BREAKING CHANGE:` notes, and a change a
   * changesets "Major Changes" entry of the release names.
   */
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
  /** The pull request that merged the change, or null when none is known. */
  pull: PullSchema.nullable().default(null),
});
export type Change = z.infer<typeof ChangeSchema>;

/**
 * A contributor to a release: an author or a `Co-authored-by` person, one per `.mailmap` identity,
 * then one per name and e-mail address (docs/releases-from-git.md, "People").
 */
export const ContributorSchema = z.object({
  /** The name used on most of the person's commits. */
  name: z.string(),
  /** The address used on most of the person's commits. */
  email: z.string(),
  commits: z.number().int().nonnegative(),
  /**
   * True when no release that came out before this one (earlier release date; on the same date, a
   * lower version) has this person.
   */
  firstTime: z.boolean(),
  /** An automated account (`dependabot[bot]`, Renovate, or the config's `bots`): listed apart. */
  bot: z.boolean().default(false),
});
export type Contributor = z.infer<typeof ContributorSchema>;
