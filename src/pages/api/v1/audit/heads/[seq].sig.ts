// `/api/v1/audit/heads/<line>.sig` (internal audience only): the armoured SSH signature of the
// audit chain's head at that line, the file `ssh-keygen -Y verify -s` reads (docs/audit.md).
import type { APIContext } from 'astro';
import { getSignaturePaths } from '../../../../../lib/audit/audit-heads.ts';
import { getPortal } from '../../../../../lib/model/data.ts';

export async function getStaticPaths() {
  return getSignaturePaths(await getPortal());
}

export function GET({ props }: APIContext) {
  return new Response((props as { signature: string }).signature, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
