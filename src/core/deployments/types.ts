// What every deployment-log parser returns (docs/deployments.md): one `RawDeployment` per status record as
// the source wrote it, before records are tied to releases and merged by `buildDeployments`.
import type { DeploymentProblem, DeploymentSourceRef, DeploymentStatus } from '../../schemas/deployment.ts';

export type DeploymentFormat = DeploymentSourceRef['format'];

/**
 * One status record of one deployment, as read: a waybill line, a GitLab deployment, a GitHub
 * deployment or one of its statuses, an Argo CD history entry. Several records with the same
 * `project` and `id` are one deployment (`started` then `success`).
 */
export interface RawDeployment {
  /** `gitlab:42`, `github:145988746`, `argocd:<app>/<history id>`, or the waybill line's `id`. */
  id: string;
  project: string;
  environment: string;
  status: DeploymentStatus;
  /** When this record's status was reached: ISO 8601 with the offset the source wrote. */
  at: string;
  /** When the source says the deployment started / finished, beside `at` (GitLab jobs, Argo CD). */
  startedAt: string | null;
  finishedAt: string | null;
  /** What the record names to deploy, as written; any may be null. */
  ref: {
    version: string | null;
    tag: string | null;
    /** Full or abbreviated commit SHA, lower-cased. */
    sha: string | null;
    /** A git ref or revision that may be a branch, a tag or a version (GitLab and GitHub `ref`, an Argo CD Helm revision). */
    name: string | null;
    /** More candidate SHAs (a multi-source Argo CD application's `revisions`). */
    moreShas: string[];
  };
  actor: string | null;
  approvers: string[];
  url: string | null;
  description: string | null;
  data: Record<string, unknown> | null;
  source: DeploymentSourceRef;
}

/** What the source config adds: defaults for records that do not say (Argo CD never does). */
export interface ParseOptions {
  project?: string;
  environment?: string;
}

export interface ParseResult {
  records: RawDeployment[];
  problems: DeploymentProblem[];
}

export type DeploymentParser = (text: string, file: string, opts: ParseOptions) => ParseResult;
