// `/api/v1/audit/changes/<environment>/<period>.csv|json` (internal audience only): the complete
// list of production changes of one environment, for all time (`all`) or one quarter (`2026-Q3`),
// with links to each release's evidence. What an auditor samples from.
import type { APIContext } from 'astro';
import { exportFiles, toCsv, type ProductionChange } from '../../../../../../lib/audit/production-changes.ts';
import { serializeJson } from '../../../../../../lib/api/api.ts';
import { getPortal } from '../../../../../../lib/model/data.ts';

export async function getStaticPaths() {
  const portal = await getPortal();
  if (portal.audience !== 'internal') return [];
  return exportFiles(portal).flatMap((f) =>
    (['csv', 'json'] as const).map((ext) => ({
      params: { environment: f.environment, file: `${f.period}.${ext}` },
      props: { rows: f.rows, ext },
    })),
  );
}

export function GET({ props }: APIContext) {
  const { rows, ext } = props as { rows: ProductionChange[]; ext: 'csv' | 'json' };
  return ext === 'csv'
    ? new Response(toCsv(rows), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } })
    : new Response(serializeJson(rows), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}
