// iCalendar feed of every release of every project (src/lib/ics.ts).
import { getPortal } from '../lib/data.ts';
import { buildIcs, icsResponse } from '../lib/ics.ts';

export async function GET() {
  return icsResponse(buildIcs(await getPortal()));
}
