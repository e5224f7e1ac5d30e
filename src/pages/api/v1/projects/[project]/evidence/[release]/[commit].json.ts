// `/api/v1/projects/<id>/evidence/<version>/<commit>.json` (internal audience only): an evidence
// record kept when the version's tag moved away from <commit> or was deleted, byte for byte.
import type { APIContext } from 'astro';
import { canonicalJson } from '../../../../../../../core/canonical.ts';
import { getPortal } from '../../../../../../../lib/model/data.ts';

export async function getStaticPaths() {
  const portal = await getPortal();
  if (portal.audience !== 'internal') return [];
  return portal.projects.flatMap((entry) =>
    entry.releases.flatMap((r) =>
      entry.superseded(r.slug).map((s) => ({
        params: { project: entry.project.id, release: r.slug, commit: s.record.tag.commit },
        props: { text: canonicalJson(s.record) },
      })),
    ),
  );
}

export function GET({ props }: APIContext) {
  return new Response((props as { text: string }).text, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}
