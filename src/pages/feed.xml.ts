// Atom feed of every release of every project (src/lib/feeds.ts).
import { getPortal } from '../lib/data.ts';
import { atomFeedResponse } from '../lib/feeds.ts';

export async function GET() {
  return atomFeedResponse(await getPortal());
}
