// iCalendar feed of one environment's deployments (src/lib/ics.ts). Internal audience only: the
// public build has no paths here, so no file.
import type { APIContext } from 'astro';
import { getPortal } from '../../../lib/data.ts';
import { buildEnvironmentIcs, getEnvironmentIcsPaths, icsResponse } from '../../../lib/ics.ts';

export async function getStaticPaths() {
  return getEnvironmentIcsPaths(await getPortal());
}

export async function GET({ params }: APIContext) {
  return icsResponse(buildEnvironmentIcs(await getPortal(), params.environment!));
}
