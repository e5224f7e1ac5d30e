// Where the portal learns what was deployed: the environments and their tiers, and the
// deployment logs read for them (docs/deployments.md).
import { z } from 'astro/zod';
import { IdSchema } from './id.ts';

const EnvironmentConfigSchema = z
  .object({
    id: IdSchema.describe(
      'The id deployment records and freezes name the environment by: lower-case letters, digits and `-`, unique.',
    ),
    name: z.string().optional().describe('Display name.'),
    tier: z
      .enum(['production', 'staging', 'testing', 'development', 'other'])
      .default('other')
      .describe(
        'What the environment is: production-tier deployments are the ones the audit controls check and the four keys count as changes.',
      ),
  })
  .strict();

export const DeploymentSourceSchema = z
  .object({
    format: z
      .enum(['waybill', 'gitlab', 'github', 'argocd'])
      .describe(
        "How the log is written: `waybill` (waybill's own JSON Lines), `gitlab` (GitLab's deployments API), `github` (GitHub's deployments with their statuses, or webhook payloads) or `argocd` (an Argo CD Application with its `status.history`).",
      ),
    /** File or glob, relative to the config file. */
    path: z.string().min(1).describe('File or glob, relative to the config file.'),
    project: z
      .string()
      .optional()
      .describe(
        "The project of the source's records, for records that name none; `gitlab`, `github` and `argocd` sources need it.",
      ),
    environment: z
      .string()
      .optional()
      .describe(
        "The environment of the source's records, for records that name none; an `argocd` source needs it.",
      ),
  })
  .strict();

export const deploymentSettings = {
  environments: z
    .array(EnvironmentConfigSchema)
    .default([])
    .describe(
      'The environments deployments go to, each with its tier (see [deployments.md](deployments.md#environments)).',
    ),
  deployments: z
    .array(DeploymentSourceSchema)
    .default([])
    .describe('The deployment logs to read (see [deployments.md](deployments.md)).'),
};
