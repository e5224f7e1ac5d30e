import { z } from 'astro/zod';
import { ChangeSchema, ContributorSchema, DateTimeSchema, TimeZoneSchema } from './commit.ts';
import { DATA_FORMAT } from './layout.ts';

/** Links into the project's forge; `{hash}`, `{from}`, `{to}`, `{id}` are filled in. */
export const LinksSchema = z.object({
  commit: z.string().optional(),
  compare: z.string().optional(),
  issue: z.string().optional(),
  pull: z.string().optional(),
});

/** One project as harvested: `projects/<id>.json` in the data folder. */
export const ProjectSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  description: z.string().nullable(),
  /** The repository as configured (a clone URL, or the path relative to the config file). */
  repo: z.string(),
  path: z.string().nullable(),
  /** Left out of the public audience entirely (config `internal: true`). */
  internal: z.boolean(),
  links: LinksSchema,
  support: z.object({
    lts: z.array(z.string()),
    eol: z.record(z.string(), z.string()),
  }),
  /** Newest final release by version order, or the newest prerelease when there is no final one. */
  latest: z.string().nullable(),
  releaseCount: z.number().int().nonnegative(),
  /** Tags that matched the pattern but were not releases, each reported once. */
  skipped: z.array(z.object({ tag: z.string(), reason: z.string() })),
});
export type Project = z.infer<typeof ProjectSchema>;

/** The advance shipping notice: commits after the newest release, `next/<id>.json`. */
export const NextSchema = z.object({
  project: z.string(),
  /** The release these commits follow (highest version reachable from the branch head), or null. */
  base: z.string().nullable(),
  baseTag: z.string().nullable(),
  /** Branch head the notice was read from. */
  head: z.string(),
  commitCount: z.number().int().nonnegative(),
  breakingCount: z.number().int().nonnegative(),
  /**
   * Predicted SemVer bump from the commits: breaking → major (minor before 1.0.0), feat → minor,
   * else patch; null with no changes. From a prerelease base, what the predicted release is to the
   * last final release (`bumpFrom`): 6.0.0 after 5.5.7 is major, whatever the commits since
   * 6.0.0-next.8 ask for.
   */
  bump: z.enum(['major', 'minor', 'patch']).nullable(),
  /** The version the bump predicts, or null when the base is not SemVer or nothing changed. */
  predicted: z.string().nullable(),
  /**
   * The final release the bump is measured from: the base itself when it is final; for a
   * prerelease base, the newest final release lower than it that existed when it came out.
   */
  bumpFrom: z.string().nullable().default(null),
  /** From a SemVer prerelease base, the next prerelease of its line (6.0.0-next.9), else null. */
  nextPrerelease: z.string().nullable().default(null),
  changes: z.array(ChangeSchema),
  contributors: z.array(ContributorSchema),
});
export type Next = z.infer<typeof NextSchema>;

/** The portal as a whole: `site.json` in the data folder. */
export const SiteSchema = z.object({
  /** Data-folder format; a folder written by a newer format is refused. */
  format: z.literal(DATA_FORMAT),
  generator: z.string(),
  title: z.string(),
  site: z.string().nullable(),
  /** Accent colour (CSS hex), or null for the default. */
  accent: z
    .string()
    .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/)
    .nullable(),
  /** The logo: a file inside the data folder (`assets/logo.svg`, which the site serves at `/assets/logo.svg`) or an https URL; null for none. */
  logo: z
    .string()
    .regex(/^(?:assets\/logo\.[a-z]+|https:\/\/\S+)$/)
    .nullable(),
  timezone: TimeZoneSchema,
  /** "Now" of the harvest (SOURCE_DATE_EPOCH when set), ISO 8601 UTC. */
  harvestedAt: DateTimeSchema,
  projects: z.array(z.string()),
  /**
   * The config's `identities` (one person under several names), for showing deployers and
   * approvers by their display name; absent when the config lists none.
   */
  identities: z
    .array(z.object({ name: z.string(), emails: z.array(z.string()), aliases: z.array(z.string()) }))
    .optional(),
});
export type Site = z.infer<typeof SiteSchema>;
