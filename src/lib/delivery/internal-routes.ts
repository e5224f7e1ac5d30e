// Routes of the internal audience's pages: each is a rest route whose only path is the index, so
// that for the public audience getStaticPaths returns nothing and the build writes no file at all (a
// plain `environments.astro` would always be written).
import type { Portal } from '../model/portal.ts';

/** `/environments/`, `/metrics/`: one index page for the internal audience, none for the public. */
export function getInternalIndexPaths(portal: Pick<Portal, 'audience'>): { params: { path: undefined } }[] {
  return portal.audience === 'internal' ? [{ params: { path: undefined } }] : [];
}

/** `/api/v1/deployments.json`: the file for the internal audience, none for the public. */
export function getApiDeploymentsPaths(
  portal: Pick<Portal, 'audience'>,
): { params: { deployments: 'deployments' } }[] {
  return portal.audience === 'internal' ? [{ params: { deployments: 'deployments' } }] : [];
}
