// The portal's own settings: its title, look, time zone, audience and where its hand-written
// content and caches are (docs/configuration.md, "The portal").
import { z } from 'astro/zod';
import { TimeZoneSchema } from '../commit.ts';

export const portalSettings = {
  /** Editor hint for JSON configs. */
  $schema: z
    .string()
    .optional()
    .describe(
      'Editor hint for JSON configs: the JSON Schema that gives completion and checking, like "./node_modules/waybill/waybill.config.schema.json".',
    ),
  /** @example "Acme releases" */
  title: z
    .string()
    .min(1)
    .default('Releases')
    .describe("The portal's title.")
    .meta({ examples: ['Acme releases'] }),
  /** Accent colour of the portal (links, badges), a CSS hex colour. @example "#0b4a8b" */
  accent: z
    .string()
    .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'a hex colour like "#0b4a8b"')
    .optional()
    .describe(
      'Accent colour for links and badges, a CSS hex colour, darkened or lightened until it is readable in both themes; without it, a blue.',
    )
    .meta({ examples: ['#0b4a8b'] }),
  /** Logo shown beside the title: an image file (relative to the config file; copied into the site) or an https URL. */
  logo: z
    .string()
    .optional()
    .describe(
      'Logo shown beside the title: an image file relative to the config file (copied into the site), or an `https://` URL.',
    )
    .meta({ examples: ['assets/logo.svg'] }),
  /** Absolute URL of the published portal, used in feeds. @example "https://releases.acme.example" */
  site: z
    .url()
    .optional()
    .describe('Absolute URL of the published portal, used for absolute links in feeds.')
    .meta({ examples: ['https://releases.acme.example'] }),
  /** IANA time zone for calendars; never the machine's. @example "Europe/Berlin" */
  timezone: TimeZoneSchema.default('UTC')
    .describe("IANA time zone for dates and calendars; never the machine's.")
    .meta({ examples: ['Europe/Berlin'] }),
  /** "public" or "internal"; `--audience` overrides. */
  audience: z
    .enum(['public', 'internal'])
    .default('public')
    .describe('`"public"` or `"internal"`; `build --audience` overrides (see [site.md](site.md)).'),
  /** false: a bad SBOM or log line is reported on its page instead of failing the harvest. */
  strict: z
    .boolean()
    .default(true)
    .describe(
      '`false`: a bad SBOM or deployment record is reported on its page, and a setting that matches nothing is a warning, instead of failing the harvest.',
    ),
  /** Folder of hand-written notes overlays, `<project>/<version>.md`. @default "content/notes" */
  notes: z
    .string()
    .default('content/notes')
    .describe('Folder of hand-written notes overlays, `<project>/<version>.md`.'),
  /** Folder of hand-written planned releases, `*.md` with project, version, date and status. @default "content/planned" */
  planned: z
    .string()
    .default('content/planned')
    .describe(
      'Folder of hand-written planned releases: `*.md` files with front matter project, version, date (YYYY-MM-DD) and status (tentative, confirmed or cancelled), and notes as the body (see [calendar.md](calendar.md)).',
    )
    .meta({ examples: ['content/planned'] }),
  /** Where clone URLs are mirrored between runs. @default ".waybill-cache/repos" */
  cache: z.string().default('.waybill-cache/repos').describe('Where clone URLs are mirrored between runs.'),
  /** Keys that tag signatures are verified against; without them a signed tag is recorded as `unchecked`. */
  signatures: z
    .object({
      /** A GPG public keyring or exported public keys (binary or ASCII-armoured), relative to the config file. */
      gpgKeyring: z
        .string()
        .optional()
        .describe(
          'GPG public keys (a keyring, or `gpg --export [--armor]` output) that tag signatures are verified against, relative to the config file.',
        )
        .meta({ examples: ['keys/release-signers.asc'] }),
      /** An SSH allowed-signers file (`ssh-keygen(1)` ALLOWED SIGNERS), relative to the config file. */
      allowedSigners: z
        .string()
        .optional()
        .describe(
          'SSH allowed-signers file (see ssh-keygen(1), ALLOWED SIGNERS) that SSH tag signatures are verified against, relative to the config file.',
        )
        .meta({ examples: ['keys/allowed_signers'] }),
    })
    .strict()
    .default({})
    .describe(
      'Keys that tag signatures are verified against (`git verify-tag`). Without them, a signed tag is recorded as "unchecked", never guessed (see [audit.md](audit.md)).',
    ),
  /**
   * Automated accounts, listed apart from people on release pages: names or e-mail addresses,
   * `*` for any text. `[bot]` accounts, Dependabot and Renovate are known without it.
   * @example ["ci-release", "*@ci.acme.example"]
   */
  bots: z
    .array(z.string().min(1))
    .default([])
    .describe(
      'Automated accounts, listed apart from people among contributors: names or e-mail addresses, matched ignoring case, `*` for any text. Accounts whose name ends in `[bot]`, Dependabot and Renovate are known without it (see [releases-from-git.md](releases-from-git.md#people)).',
    )
    .meta({ examples: [['ci-release', '*@ci.acme.example']] }),
};
