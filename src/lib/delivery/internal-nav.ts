// The navigation only the internal audience has: its pages about delivery and audit.
import { auditPaths } from '../audit/paths.ts';
import type { Portal } from '../model/portal.ts';
import type { LinkView } from '../layout/layout.ts';

/** The internal audience's extra navigation: Environments, Metrics and Audit. Nothing for the public. */
export function internalNav(
  audience: Portal['audience'],
  paths: Pick<Portal['paths'], 'environments' | 'metrics' | 'home'>,
): LinkView[] {
  if (audience !== 'internal') return [];
  return [
    { text: 'Environments', url: paths.environments },
    { text: 'Metrics', url: paths.metrics },
    { text: 'Audit', url: auditPaths(paths.home).audit },
  ];
}
