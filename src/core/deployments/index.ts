// Deployment logs (docs/deployments.md), the pure part: one parser per format, each
// `(text, file, { project?, environment? }) => { records, problems }`, and the model that turns
// the records into deployments. src/harvest/deployments.ts reads the files.
import type { DeploymentProblem } from '../../schemas/deployment.ts';
import { parseArgocdApplication } from './argocd.ts';
import { parseGithubDeployments } from './github.ts';
import { parseGitlabDeployments } from './gitlab.ts';
import type { DeploymentFormat, DeploymentParser } from './types.ts';
import { parseWaybillDeployments } from './waybill.ts';

export type {
  DeploymentFormat,
  DeploymentParser,
  ParseOptions,
  ParseResult,
  RawDeployment,
} from './types.ts';
export { parseArgocdApplication, ARGOCD_PHASE } from './argocd.ts';
export { parseGithubDeployments, GITHUB_STATE } from './github.ts';
export { parseGitlabDeployments, GITLAB_STATUS } from './gitlab.ts';
export { parseWaybillDeployments } from './waybill.ts';
export { toIsoDateTime } from './dates.ts';
export {
  buildDeployments,
  compareDeployments,
  environmentIntervals,
  intervalsAt,
  liveAt,
  unknownProjectProblems,
  wentLive,
  type EnvironmentInterval,
  type EnvironmentRef,
  type DeployableRelease,
} from './model.ts';

export const DEPLOYMENT_PARSERS: Readonly<Record<DeploymentFormat, DeploymentParser>> = {
  waybill: parseWaybillDeployments,
  gitlab: parseGitlabDeployments,
  github: parseGithubDeployments,
  argocd: parseArgocdApplication,
};

/** `deploys/a.jsonl:7 (/status): expected …` — how the CLI and the page show a problem. */
export function formatDeploymentProblem(p: DeploymentProblem): string {
  return `${p.file}${p.line !== null ? `:${p.line}` : ''}${p.pointer ? ` (${p.pointer})` : ''}: ${p.message}`;
}
