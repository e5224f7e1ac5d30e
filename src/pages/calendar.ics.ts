// iCalendar feed of every release of every project (src/lib/calendar/ics.ts).
import { getPortal } from '../lib/model/data.ts';
import { buildIcs, icsResponse } from '../lib/calendar/ics.ts';

export async function GET() {
  return icsResponse(buildIcs(await getPortal()));
}
