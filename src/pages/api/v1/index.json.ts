import { jsonResponse, toApiIndex } from '../../../lib/api/api.ts';
import { getPortal } from '../../../lib/model/data.ts';

export async function GET() {
  return jsonResponse(toApiIndex(await getPortal()));
}
