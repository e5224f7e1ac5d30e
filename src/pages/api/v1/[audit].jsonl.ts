// `/api/v1/audit.jsonl` and `/api/v1/audit.heads.jsonl` (internal audience only): the audit chain
// and its signed heads exactly as harvested, one canonical JSON line each, so `waybill verify
// --out` re-checks the published bytes.
import type { APIContext } from 'astro';
import { serializeEvent } from '../../../core/audit/chain.ts';
import { auditHeadsFile } from '../../../lib/audit/audit-heads.ts';
import { getPortal } from '../../../lib/model/data.ts';

export async function getStaticPaths() {
  const portal = await getPortal();
  if (portal.audience !== 'internal') return [];
  return [
    { params: { audit: 'audit' } },
    ...(portal.auditHeads.length ? [{ params: { audit: 'audit.heads' } }] : []),
  ];
}

export async function GET({ params }: APIContext) {
  const portal = await getPortal();
  if (portal.audience !== 'internal')
    throw new Error('waybill: /api/v1/audit.jsonl is for the internal audience only');
  const body =
    params.audit === 'audit.heads'
      ? auditHeadsFile(portal)
      : portal.audit.map((e) => serializeEvent(e) + '\n').join('');
  return new Response(body, { headers: { 'Content-Type': 'application/jsonl; charset=utf-8' } });
}
