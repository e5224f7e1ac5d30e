// `/api/v1/audit.jsonl` (internal audience only): the audit chain exactly as harvested, one
// canonical JSON event a line, so `waybill verify --out` re-checks the published bytes.
import { serializeEvent } from '../../../core/audit/chain.ts';
import { getPortal } from '../../../lib/data.ts';

export async function getStaticPaths() {
  return (await getPortal()).audience === 'internal' ? [{ params: { audit: 'audit' } }] : [];
}

export async function GET() {
  const portal = await getPortal();
  if (portal.audience !== 'internal')
    throw new Error('waybill: /api/v1/audit.jsonl is for the internal audience only');
  return new Response(portal.audit.map((e) => serializeEvent(e) + '\n').join(''), {
    headers: { 'Content-Type': 'application/jsonl; charset=utf-8' },
  });
}
