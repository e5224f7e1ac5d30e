// Atom feed of every release of every project (src/lib/feeds.ts).
import { getPortal } from '../lib/data.ts';
import { atomResponse, buildAtomFeed } from '../lib/feeds.ts';

export async function GET() {
  return atomResponse(buildAtomFeed(await getPortal()));
}
