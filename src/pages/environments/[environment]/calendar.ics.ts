// iCalendar feed of one environment's deployments (src/lib/calendar/ics.ts). Internal audience only: the
// public build has no paths here, so no file.
import type { APIContext } from 'astro';
import { getPortal } from '../../../lib/model/data.ts';
import { buildEnvironmentIcs, getEnvironmentIcsPaths, icsResponse } from '../../../lib/calendar/ics.ts';

export async function getStaticPaths() {
  return getEnvironmentIcsPaths(await getPortal());
}

export async function GET({ params }: APIContext) {
  return icsResponse(buildEnvironmentIcs(await getPortal(), params.environment!));
}
