// People under every name they go by, for contributors, the production change export and the
// audit controls (docs/configuration.md, "Identities").
import { z } from 'astro/zod';

/**
 * One person under every name they go by: the git identity (after `.mailmap`) that authors their
 * commits, and the user names that forges and deployment logs record as the actor or an approver.
 * Matching ignores case. Used by contributors, the production change export and the audit controls
 * (docs/configuration.md, "identities").
 * @example { "name": "Erin Hoffmann", "emails": ["erin@example.com"], "aliases": ["erin", "ehoffmann"] }
 */
const IdentityConfigSchema = z
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
      .describe(
        "The person's display name: contributors and the export show it, and a deployer or approver it maps is shown as `Erin Hoffmann (erin)`; a commit whose author name (after `.mailmap`) is this name is theirs.",
      )
      .meta({ examples: ['Erin Hoffmann'] }),
    /**
     * The e-mail addresses of the person's commits, after `.mailmap`.
     * @example ["erin@example.com"]
     */
    emails: z
      .array(z.string().trim().min(1).regex(/@/, 'an e-mail address, like "erin@example.com"'))
      .default([])
      .describe("The e-mail addresses of the person's commits, as git shows them after `.mailmap`.")
      .meta({ examples: [['erin@example.com']] }),
    /**
     * Other names of the person: forge user names, deployment-log actors and approvers, other
     * author names or addresses.
     * @example ["erin", "ehoffmann"]
     */
    aliases: z
      .array(z.string().trim().min(1, 'a non-empty alias, like "erin"'))
      .default([])
      .describe(
        'Other names of the person: forge user names, deployment-log actors and approvers, other author names or e-mail addresses. Matched ignoring case.',
      )
      .meta({ examples: [['erin', 'ehoffmann']] }),
  })
  .strict();
export type IdentityConfig = z.infer<typeof IdentityConfigSchema>;

export const identitySettings = {
  identities: z
    .array(IdentityConfigSchema)
    .default([])
    .describe(
      'People who appear under several names: a deployer "erin", an approver "ehoffmann" and the author "Erin Hoffmann" are one person to the contributors, the production change export and the audit controls (segregation of duties).',
    ),
};
