// A project: the repository its releases come from, how its tags are named, where its notes,
// SBOMs and links are (docs/configuration.md, "Projects").
import { z } from 'astro/zod';
import { CHANGE_TYPES } from '../../core/conventions.ts';
import { IdSchema } from './id.ts';

/**
 * How a project's release tags are named. `{version}` captures the version: a string that starts
 * with a digit and has no whitespace or "/".
 * @example "v{version}"
 * @example "@acme/api@{version}"
 * @example { "regex": "^release-(?<version>\\d.*)$" }
 */
const TagPatternSchema = z.union([
  z.string().refine((s) => s.split('{version}').length === 2, {
    message: 'a tag pattern with exactly one "{version}", like "v{version}"',
  }),
  z
    .object({
      regex: z.string().refine((s) => {
        try {
          return /\(\?<version>/.test(s) && new RegExp(s) instanceof RegExp;
        } catch {
          return false;
        }
      }, 'a valid regular expression with a named group "(?<version>...)"'),
    })
    .strict(),
]);
export type TagPattern = z.infer<typeof TagPatternSchema>;

const ProjectConfigSchema = z
  .object({
    /** Used in URLs: `/projects/<id>/`. @example "api" */
    id: IdSchema.describe(
      'Used in URLs (`/projects/<id>/`): lower-case letters, digits and `-`, unique.',
    ).meta({
      examples: ['api'],
    }),
    /** Display name. @example "Acme API" */
    name: z
      .string()
      .min(1)
      .describe('Display name.')
      .meta({ examples: ['Acme API'] }),
    /** One line shown on the portfolio. */
    description: z.string().optional().describe('One line shown on the portfolio.'),
    /** A local path (relative to the config file) or a clone URL. @example "../api" */
    repo: z
      .string()
      .min(1)
      .describe(
        'A local repository (relative to the config file) or a clone URL (mirrored into `cache`, fetched on later runs).',
      )
      .meta({ examples: ['../api'] }),
    /** The branch whose unreleased commits form the advance notice; default: the repository's HEAD. */
    branch: z
      .string()
      .optional()
      .describe(
        "The branch whose unreleased commits form the advance notice; default: the repository's HEAD.",
      ),
    /** Tag naming. @default "v{version}" */
    tags: TagPatternSchema.default('v{version}')
      .describe(
        'How release tags are named: `"{version}"` captures the version (a text that starts with a digit and has no whitespace or "/"), as in `"v{version}"` or `"@acme/api@{version}"`; or `{ "regex": "..." }`, a regular expression with a named group `(?<version>...)`.',
      )
      .meta({ examples: ['v{version}', '@acme/api@{version}'] }),
    /** Only commits touching this folder count (monorepos). @example "packages/api" */
    path: z
      .string()
      .refine(
        (p) => !/^\/|^[A-Za-z]:|(^|\/)\.\.(\/|$)|^:|[*?[\]\\]/.test(p) && p.trim() !== '',
        'a folder inside the repository, relative to its root, like "packages/api" (no "..", no leading "/", no wildcards)',
      )
      .optional()
      .describe(
        'Only commits touching this folder count (monorepos): a folder relative to the repository root, taken literally, no wildcards.',
      )
      .meta({ examples: ['packages/api'] }),
    /** Notes from this file at each tag; relative to `path` when set, else to the repository root. @example "CHANGELOG.md" */
    changelog: z
      .string()
      .optional()
      .describe(
        'Notes from this file at each tag (Keep a Changelog or changesets style); relative to `path` when set, else to the repository root.',
      )
      .meta({ examples: ['CHANGELOG.md'] }),
    /** CycloneDX or SPDX JSON per version, `{version}` filled in. @example "sboms/api-{version}.cdx.json" */
    sboms: z
      .string()
      .optional()
      .describe('A CycloneDX or SPDX JSON file per version, `{version}` filled in (see [sbom.md](sbom.md)).')
      .meta({ examples: ['sboms/api-{version}.cdx.json'] }),
    links: z
      .object({
        /** @example "https://forge.example/acme/api/commit/{hash}" */
        commit: z
          .string()
          .optional()
          .describe('Link to a commit; `{hash}` is the full SHA.')
          .meta({ examples: ['https://forge.example/acme/api/commit/{hash}'] }),
        /** @example "https://forge.example/acme/api/compare/{from}...{to}" */
        compare: z
          .string()
          .optional()
          .describe('Link comparing two tags; `{from}` and `{to}` are tag names.')
          .meta({ examples: ['https://forge.example/acme/api/compare/{from}...{to}'] }),
        /** @example "https://forge.example/acme/api/issues/{id}" */
        issue: z
          .string()
          .optional()
          .describe('Link to an issue; `{id}` is its number.')
          .meta({ examples: ['https://forge.example/acme/api/issues/{id}'] }),
        /** @example "https://gitlab.example/acme/api/-/merge_requests/{id}" */
        pull: z
          .string()
          .optional()
          .describe(
            'Link to a pull or merge request; `{id}` is its number. Without it, a `#123` pull request uses the issue link (GitHub and Gitea lead from one to the other); a GitLab `!42` merge request has no link.',
          )
          .meta({ examples: ['https://gitlab.example/acme/api/-/merge_requests/{id}'] }),
      })
      .strict()
      .default({})
      .describe('URL templates of links into the forge.'),
    support: z
      .object({
        /** Major lines with long-term support. @example ["2.x"] */
        lts: z
          .array(z.string())
          .default([])
          .describe('Major lines with long-term support, like `["2.x"]`.')
          .meta({ examples: [['2.x']] }),
        /** End-of-life date per major line. @example { "1.x": "2026-06-30" } */
        eol: z
          .record(z.string(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-06-30'))
          .default({})
          .describe('End-of-life date per major line, like `{ "1.x": "2026-06-30" }`.')
          .meta({ examples: [{ '1.x': '2026-06-30' }] }),
      })
      .strict()
      .default({ lts: [], eol: {} })
      .describe('The supported-versions table: lines with long-term support and end-of-life dates.'),
    /**
     * The project's own commit prefixes and the change type each stands for, beyond Conventional
     * Commits, numpy-style categories and `component:` prefixes (docs/releases-from-git.md).
     * @example { "Enhancement": "feat", "Bugfix": "fix", "Breaking": "breaking" }
     */
    commitTypes: z
      .record(
        z
          .string()
          .regex(
            /^[A-Za-z_.*][\w.*+/{}@-]*$/,
            'a commit prefix without spaces or ":", as written before the colon (like "Enhancement" or "net/http")',
          ),
        z.enum(CHANGE_TYPES, {
          error: (issue) => `one of ${CHANGE_TYPES.join(', ')} (found ${JSON.stringify(issue.input)})`,
        }),
      )
      .optional()
      .describe(
        'The project\'s own commit prefixes and the change type each stands for, as in `"Enhancement": "feat"`: a commit "Enhancement: faster export" is then a feature. Keys are prefixes as written before ": " (matched exactly, then ignoring case); values are change types (see [releases-from-git.md](releases-from-git.md#kinds-of-change)). A prefix no commit uses is a harvest warning.',
      )
      .meta({ examples: [{ Enhancement: 'feat', Bugfix: 'fix', Breaking: 'breaking' }] }),
    /** Leave this project out of the public audience. */
    internal: z.boolean().default(false).describe('`true` leaves the project out of the public portal.'),
  })
  .strict();
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

export const projectSettings = {
  projects: z
    .array(ProjectConfigSchema)
    .min(1, 'at least one project')
    .describe('The projects whose releases the portal shows.'),
};
