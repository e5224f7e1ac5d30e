// What deployments and the calendar need of every release: kept in each project's state file, so
// a harvest that skips unchanged projects never reads their release records back.
import { z } from 'astro/zod';

export const ReleaseRefSchema = z.object({
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
