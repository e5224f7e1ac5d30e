import { z } from 'astro/zod';
import { CHANGE_TYPES } from '../../core/conventions.ts';
import { TimeZoneSchema } from '../commit.ts';

const id = z
  .string()
  .regex(/^[a-z0-9-]+$/, 'an id of lower-case letters, digits and "-" (like "api" or "web-app")');

/**
 * How a project's release tags are named. `{version}` captures the version: a string that starts
 * with a digit and has no whitespace or "/".
 * @example "v{version}"
 * @example "@acme/api@{version}"
 * @example { "regex": "^release-(?<version>\\d.*)$" }
 */
export const TagPatternSchema = z.union([
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

export const ProjectConfigSchema = z
  .object({
    /** Used in URLs: `/projects/<id>/`. @example "api" */
    id: id.meta({
      description: 'Used in URLs: /projects/<id>/; lower-case letters, digits and "-".',
      examples: ['api'],
    }),
    /** Display name. @example "Acme API" */
    name: z
      .string()
      .min(1)
      .meta({ description: 'Display name.', examples: ['Acme API'] }),
    /** One line shown on the portfolio. */
    description: z.string().optional().meta({ description: 'One line shown on the portfolio.' }),
    /** A local path (relative to the config file) or a clone URL. @example "../api" */
    repo: z
      .string()
      .min(1)
      .meta({
        description: 'A local path (relative to the config file) or a clone URL.',
        examples: ['../api'],
      }),
    /** The branch whose unreleased commits form the advance notice; default: the repository's HEAD. */
    branch: z.string().optional().meta({
      description:
        "The branch whose unreleased commits form the advance notice; default: the repository's HEAD.",
    }),
    /** Tag naming. @default "v{version}" */
    tags: TagPatternSchema.default('v{version}').meta({
      description:
        'How release tags are named: "{version}" captures the version, or {"regex": "...(?<version>...)..."}.',
      examples: ['v{version}', '@acme/api@{version}'],
    }),
    /** Only commits touching this folder count (monorepos). @example "packages/api" */
    path: z
      .string()
      .refine(
        (p) => !/^\/|^[A-Za-z]:|(^|\/)\.\.(\/|$)|^:|[*?[\]\\]/.test(p) && p.trim() !== '',
        'a folder inside the repository, relative to its root, like "packages/api" (no "..", no leading "/", no wildcards)',
      )
      .optional()
      .meta({
        description: 'Only commits touching this folder count (monorepos).',
        examples: ['packages/api'],
      }),
    /** Notes from this file at each tag; relative to `path` when set, else to the repository root. @example "CHANGELOG.md" */
    changelog: z
      .string()
      .optional()
      .meta({
        description:
          'Notes from this file at each tag; relative to `path` when set, else to the repository root.',
        examples: ['CHANGELOG.md'],
      }),
    /** CycloneDX or SPDX JSON per version, `{version}` filled in. @example "sboms/api-{version}.cdx.json" */
    sboms: z
      .string()
      .optional()
      .meta({
        description: 'CycloneDX or SPDX JSON per version, `{version}` filled in.',
        examples: ['sboms/api-{version}.cdx.json'],
      }),
    links: z
      .object({
        /** @example "https://forge.example/acme/api/commit/{hash}" */
        commit: z
          .string()
          .optional()
          .meta({
            description: 'Link to a commit; {hash} is the full SHA.',
            examples: ['https://forge.example/acme/api/commit/{hash}'],
          }),
        /** @example "https://forge.example/acme/api/compare/{from}...{to}" */
        compare: z
          .string()
          .optional()
          .meta({
            description: 'Link comparing two tags; {from} and {to} are tag names.',
            examples: ['https://forge.example/acme/api/compare/{from}...{to}'],
          }),
        /** @example "https://forge.example/acme/api/issues/{id}" */
        issue: z
          .string()
          .optional()
          .meta({
            description: 'Link to an issue; {id} is its number.',
            examples: ['https://forge.example/acme/api/issues/{id}'],
          }),
        /** @example "https://gitlab.example/acme/api/-/merge_requests/{id}" */
        pull: z
          .string()
          .optional()
          .meta({
            description:
              'Link to a pull or merge request; {id} is its number. Without it, a "#123" pull request uses the issue link (GitHub and Gitea lead from one to the other); a GitLab "!42" merge request needs it.',
            examples: ['https://gitlab.example/acme/api/-/merge_requests/{id}'],
          }),
      })
      .strict()
      .default({}),
    support: z
      .object({
        /** Major lines with long-term support. @example ["2.x"] */
        lts: z
          .array(z.string())
          .default([])
          .meta({ description: 'Major lines with long-term support.', examples: [['2.x']] }),
        /** End-of-life date per major line. @example { "1.x": "2026-06-30" } */
        eol: z
          .record(z.string(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-06-30'))
          .default({})
          .meta({ description: 'End-of-life date per major line.', examples: [{ '1.x': '2026-06-30' }] }),
      })
      .strict()
      .default({ lts: [], eol: {} }),
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
      .meta({
        description:
          'The project\'s own commit prefixes and the change type each stands for, as in `"Enhancement": "feat"`: a commit "Enhancement: faster export" is then a feature. Keys are prefixes as written before ": " (matched exactly, then ignoring case); values are change types.',
        examples: [{ Enhancement: 'feat', Bugfix: 'fix', Breaking: 'breaking' }],
      }),
    /** Leave this project out of the public audience. */
    internal: z
      .boolean()
      .default(false)
      .meta({ description: 'Leave this project out of the public audience.' }),
  })
  .strict();
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

export const EnvironmentConfigSchema = z
  .object({
    id,
    name: z.string().optional(),
    tier: z.enum(['production', 'staging', 'testing', 'development', 'other']).default('other'),
  })
  .strict();

export const DeploymentSourceSchema = z
  .object({
    format: z.enum(['waybill', 'gitlab', 'github', 'argocd']),
    /** File or glob, relative to the config file. */
    path: z.string().min(1).meta({ description: 'File or glob, relative to the config file.' }),
    project: z.string().optional(),
    environment: z.string().optional(),
  })
  .strict();

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'a local date and time like 2026-12-19T18:00');
export const FreezeConfigSchema = z
  .object({
    name: z.string().min(1),
    start: localDateTime.optional(),
    end: localDateTime.optional(),
    cron: z.object({ start: z.string(), end: z.string() }).strict().optional(),
    timezone: z.string().optional(),
    environments: z.array(z.string()).optional(),
  })
  .strict()
  .refine((f) => (f.start && f.end) !== undefined || f.cron !== undefined, {
    message: 'either "start" and "end", or "cron": { "start", "end" }',
  });

export const GroupConfigSchema = z
  .object({
    id,
    name: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-11-20'),
    members: z.record(z.string(), z.string()),
  })
  .strict();

/** waybill.config.ts / .mjs / .json. Paths are relative to the config file. */
/**
 * One person under every name they go by: the git identity (after `.mailmap`) that authors their
 * commits, and the user names that forges and deployment logs record as the actor or an approver.
 * Matching ignores case. Used by contributors, the production change export and the audit controls
 * (docs/configuration.md, "identities").
 * @example { "name": "Erin Hoffmann", "emails": ["erin@example.com"], "aliases": ["erin", "ehoffmann"] }
 */
export const IdentityConfigSchema = z
  .object({
    /**
     * The person's display name, shown for every alias that maps to them. A commit whose author
     * name (after `.mailmap`) is this name belongs to the person.
     * @example "Erin Hoffmann"
     */
    name: z
      .string()
      .trim()
      .min(1, 'a display name, like "Erin Hoffmann"')
      .meta({
        description:
          "The person's display name, shown for every alias that maps to them; a commit whose author name (after .mailmap) is this name is theirs.",
        examples: ['Erin Hoffmann'],
      }),
    /**
     * The e-mail addresses of the person's commits, after `.mailmap`.
     * @example ["erin@example.com"]
     */
    emails: z
      .array(z.string().trim().min(1).regex(/@/, 'an e-mail address, like "erin@example.com"'))
      .default([])
      .meta({
        description: "The e-mail addresses of the person's commits, as git shows them after .mailmap.",
        examples: [['erin@example.com']],
      }),
    /**
     * Other names of the person: forge user names, deployment-log actors and approvers, other
     * author names or addresses.
     * @example ["erin", "ehoffmann"]
     */
    aliases: z
      .array(z.string().trim().min(1, 'a non-empty alias, like "erin"'))
      .default([])
      .meta({
        description:
          'Other names of the person: forge user names, deployment-log actors and approvers, other author names or e-mail addresses. Matched ignoring case.',
        examples: [['erin', 'ehoffmann']],
      }),
  })
  .strict()
  .meta({
    description:
      'One person under every name they go by: git author (after .mailmap) and forge or deployment-log user names.',
  });
export type IdentityConfig = z.infer<typeof IdentityConfigSchema>;

export const ConfigSchema = z
  .object({
    /** Editor hint for JSON configs. */
    $schema: z.string().optional().meta({ description: 'Editor hint for JSON configs.' }),
    /** @example "Acme releases" */
    title: z
      .string()
      .min(1)
      .default('Releases')
      .meta({ description: 'Title of the portal.', examples: ['Acme releases'] }),
    /** Accent colour of the portal (links, badges), a CSS hex colour. @example "#0b4a8b" */
    accent: z
      .string()
      .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'a hex colour like "#0b4a8b"')
      .optional()
      .meta({
        description: 'Accent colour of the portal (links, badges), a CSS hex colour.',
        examples: ['#0b4a8b'],
      }),
    /** Logo shown beside the title: an image file (relative to the config file; copied into the site) or an https URL. */
    logo: z
      .string()
      .optional()
      .meta({
        description:
          'Logo shown beside the title: an image file relative to the config file (copied into the site), or an https URL.',
        examples: ['assets/logo.svg'],
      }),
    /** Absolute URL of the published portal, used in feeds. @example "https://releases.acme.example" */
    site: z
      .url()
      .optional()
      .meta({
        description: 'Absolute URL of the published portal, used in feeds.',
        examples: ['https://releases.acme.example'],
      }),
    /** IANA time zone for calendars; never the machine's. @example "Europe/Berlin" */
    timezone: TimeZoneSchema.default('UTC').meta({
      description: "IANA time zone for dates and calendars; never the machine's.",
      examples: ['Europe/Berlin'],
    }),
    /** "public" or "internal"; `--audience` overrides. */
    audience: z
      .enum(['public', 'internal'])
      .default('public')
      .meta({ description: '"public" or "internal"; `--audience` overrides.' }),
    /** false: a bad SBOM or log line is reported on its page instead of failing the harvest. */
    strict: z.boolean().default(true).meta({
      description: 'false: a bad SBOM or log line is reported on its page instead of failing the harvest.',
    }),
    /** Folder of hand-written notes overlays, `<project>/<version>.md`. @default "content/notes" */
    notes: z
      .string()
      .default('content/notes')
      .meta({ description: 'Folder of hand-written notes overlays, `<project>/<version>.md`.' }),
    /** Folder of hand-written planned releases, `*.md` with project, version, date and status. @default "content/planned" */
    planned: z
      .string()
      .default('content/planned')
      .meta({
        description:
          'Folder of hand-written planned releases: `*.md` files with front matter project, version, date (YYYY-MM-DD) and status (tentative, confirmed or cancelled), and notes as the body.',
        examples: ['content/planned'],
      }),
    /** Where clone URLs are mirrored between runs. @default ".waybill-cache/repos" */
    cache: z
      .string()
      .default('.waybill-cache/repos')
      .meta({ description: 'Where clone URLs are mirrored between runs.' }),
    /** Keys that tag signatures are verified against; without them a signed tag is recorded as `unchecked`. */
    signatures: z
      .object({
        /** A GPG public keyring or exported public keys (binary or ASCII-armoured), relative to the config file. */
        gpgKeyring: z
          .string()
          .optional()
          .meta({
            description:
              'GPG public keys (a keyring, or `gpg --export [--armor]` output) that tag signatures are verified against, relative to the config file.',
            examples: ['keys/release-signers.asc'],
          }),
        /** An SSH allowed-signers file (`ssh-keygen(1)` ALLOWED SIGNERS), relative to the config file. */
        allowedSigners: z
          .string()
          .optional()
          .meta({
            description:
              'SSH allowed-signers file (see ssh-keygen(1), ALLOWED SIGNERS) that SSH tag signatures are verified against, relative to the config file.',
            examples: ['keys/allowed_signers'],
          }),
      })
      .strict()
      .default({})
      .meta({
        description:
          'Keys that tag signatures are verified against (git verify-tag). Without them, a signed tag is recorded as "unchecked"; never guessed.',
      }),
    /**
     * Automated accounts, listed apart from people on release pages: names or e-mail addresses,
     * `*` for any text. `[bot]` accounts, Dependabot and Renovate are known without it.
     * @example ["ci-release", "*@ci.acme.example"]
     */
    bots: z
      .array(z.string().min(1))
      .default([])
      .meta({
        description:
          'Automated accounts, listed apart from people among contributors: names or e-mail addresses, matched ignoring case, "*" for any text. Accounts whose name ends in "[bot]", Dependabot and Renovate are known without it.',
        examples: [['ci-release', '*@ci.acme.example']],
      }),
    /** The audit chain: the key that signs its head after every harvest (docs/audit.md). */
    audit: z
      .object({
        /** An SSH private key (relative to the config file) that signs the chain's head; `WAYBILL_AUDIT_SIGNING_KEY` wins. */
        signingKey: z
          .string()
          .optional()
          .meta({
            description:
              "An SSH private key file, relative to the config file, that signs the audit chain's head after every harvest (ssh-keygen -Y sign). The path in the environment variable WAYBILL_AUDIT_SIGNING_KEY wins, so CI can keep the key in a secret.",
            examples: ['keys/audit_ed25519'],
          }),
      })
      .strict()
      .default({})
      .meta({
        description:
          'The audit chain: the key that signs its head, so `waybill verify --allowed-signers` can prove it was not rewritten by someone without the key.',
      }),
    projects: z
      .array(ProjectConfigSchema)
      .min(1, 'at least one project')
      .meta({ description: 'The projects whose releases the portal shows.' }),
    environments: z.array(EnvironmentConfigSchema).default([]),
    deployments: z.array(DeploymentSourceSchema).default([]),
    freezes: z.array(FreezeConfigSchema).default([]),
    groups: z.array(GroupConfigSchema).default([]),
    identities: z.array(IdentityConfigSchema).default([]).meta({
      description:
        'People who appear under several names: a deployer "erin", an approver "ehoffmann" and the author "Erin Hoffmann" are one person to the contributors, the production change export and the audit controls (segregation of duties).',
    }),
  })
  // Cross-field rules (ids used once, groups and freezes naming what exists, …) are named
  // functions in ./rules.ts, run when the config is loaded.
  .strict();
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Typed helper for `waybill.config.ts`: `export default defineConfig({ ... })`. */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
