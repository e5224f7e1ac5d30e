import { z } from 'astro/zod';
import { DateTimeSchema } from './commit.ts';

export const DeploymentStatusSchema = z.enum(['started', 'success', 'failed', 'rolled_back', 'canceled']);
export type DeploymentStatus = z.infer<typeof DeploymentStatusSchema>;

/** Where a record came from: the file (relative to the config), the line (JSON Lines, YAML) or JSON pointer. */
export const DeploymentSourceRefSchema = z.object({
  format: z.enum(['waybill', 'gitlab', 'github', 'argocd']),
  file: z.string(),
  /** 1-based line of the record's first character, when the format has lines. */
  line: z.number().int().positive().nullable(),
  /** JSON pointer of the record inside the file (`/3`, `/status/history/2`), or "" for the whole file. */
  pointer: z.string(),
});
export type DeploymentSourceRef = z.infer<typeof DeploymentSourceRefSchema>;

/**
 * One deployment of one project to one environment, with its final status. Internal audience only.
 * Records from any format are normalized to this; several status records of one deployment (a
 * GitHub deployment and its statuses, `started` then `success` lines) become one record whose
 * `attempts` keep every step.
 */
export const DeploymentSchema = z.object({
  /** Stable id: the source's own id when it has one (`gitlab:42`, `github:1234`, `argocd:app/7`), else the waybill record's `id`. */
  id: z.string(),
  project: z.string(),
  /** The release it deployed (a version of `project`), or null when the record matches no release. */
  version: z.string().nullable(),
  /** What the record named, as written: a version, a tag, a commit SHA (any may be null). */
  ref: z.object({ version: z.string().nullable(), tag: z.string().nullable(), sha: z.string().nullable() }),
  environment: z.string(),
  /** The environment's tier from the config (`production`, `staging`, …), `other` when unlisted. */
  tier: z.string(),
  status: DeploymentStatusSchema,
  /** When it reached its final status (or started, when it never finished). */
  at: DateTimeSchema,
  startedAt: DateTimeSchema.nullable(),
  finishedAt: DateTimeSchema.nullable(),
  durationSeconds: z.number().nonnegative().nullable(),
  actor: z.string().nullable(),
  approvers: z.array(z.string()),
  url: z.string().nullable(),
  description: z.string().nullable(),
  /** True when it deployed an older version than the one running before it in this environment. */
  rollback: z.boolean(),
  /** Every status record of this deployment, oldest first. */
  attempts: z.array(
    z.object({ status: DeploymentStatusSchema, at: DateTimeSchema, source: DeploymentSourceRefSchema }),
  ),
  /** The record that set the final status. */
  source: DeploymentSourceRefSchema,
  /** Free data from the source (waybill `data`, GitHub `payload`), kept as is. */
  data: z.record(z.string(), z.unknown()).nullable(),
  /** The freeze window it finished in (docs/calendar.md), or null. */
  freeze: z.object({ name: z.string() }).nullable(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

/** A record that could not be read, with its file and line: never silently dropped. */
export const DeploymentProblemSchema = z.object({
  file: z.string(),
  line: z.number().int().positive().nullable(),
  pointer: z.string(),
  message: z.string(),
});
export type DeploymentProblem = z.infer<typeof DeploymentProblemSchema>;

/** `deployments.json` in the data folder: every deployment, sorted by `at`, then id. */
export const DeploymentsSchema = z.object({
  deployments: z.array(DeploymentSchema),
  /** Records skipped with `"strict": false` (a strict harvest fails on the first file with problems, listing all). */
  problems: z.array(DeploymentProblemSchema),
});
export type Deployments = z.infer<typeof DeploymentsSchema>;
