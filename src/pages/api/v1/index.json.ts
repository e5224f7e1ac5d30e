import { jsonResponse, toApiIndex } from '../../../lib/api.ts';
import { getPortal } from '../../../lib/data.ts';

export async function GET() {
  return jsonResponse(toApiIndex(await getPortal()));
}
