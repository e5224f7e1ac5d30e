// A project's state file (`.state/<project>.json`, docs/data-folder.md): what the last harvest saw
// of the project and what it wrote, so the next one skips it when nothing changed, and what
// deployments and the calendar need of every release, so that harvest reads no release file back.
// Only the harvest (src/harvest/incremental.ts) and `waybill merge` read it; the site does not.
import { z } from 'astro/zod';

/** What deployments, the calendar and the audit need of a release. */
const ReleaseRefSchema = z.object({
  project: z.string(),
  slug: z.string(),
  version: z.string(),
  tag: z.string(),
  commit: z.string(),
  date: z.string(),
  /** For the audit chain's release.published event. */
  tagObject: z.string().nullable(),
  signature: z.string(),
});
export type ReleaseRef = z.infer<typeof ReleaseRefSchema>;

/**
 * What the last harvest saw of a project, to skip it when nothing changed, and what it wrote: its
 * releases (with `previous`), every contributor key, and the parts of its fingerprint that let a
 * harvest keep the releases already written when only new tags (or the branch head) arrived.
 */
export const StateSchema = z.object({
  fingerprint: z.string(),
  /** Everything but the tags, the branch head, the SBOM files and the overlays. */
  settings: z.string(),
  /** `<version>:<sha256>` of each release's SBOM file (`-` when none), and `<name>:<sha256>` of each overlay. */
  sboms: z.array(z.string()),
  overlays: z.array(z.string()),
  releases: z.array(ReleaseRefSchema.omit({ project: true }).extend({ previous: z.string().nullable() })),
  contributors: z.array(z.string()),
  /** `commitTypes` keys no commit of the project uses: warned about on every harvest until one does. */
  unusedCommitTypes: z.array(z.string()).default([]),
  /** Where `path` and the changelog were found (src/harvest/settings-check.ts); missing in older states. */
  seen: z.object({ path: z.string().nullable(), changelog: z.string().nullable() }).optional(),
});
export type State = z.infer<typeof StateSchema>;
/** A release as the state lists it. */
export type StateRelease = State['releases'][number];
