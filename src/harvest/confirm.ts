// Nothing read from a cache may reach the audit chain unless git confirms it (docs/audit.md,
// "What a harvest trusts"). The commit graph and the path history cached beside the mirrors make
// a harvest fast; a damaged or poisoned cache would make a release lose or gain commits, and the
// chain would record that as `evidence.updated`. So before a release the chain already holds is
// written again with another list of commits, git lists its range itself; if git disagrees with
// what the cache gave, the cache is thrown away and the harvest reads the repository afresh.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceKey, releaseKey, type ChainState } from '../core/audit/events.ts';
import { sha256Hex } from '../core/canonical.ts';
import type { PlannedRelease } from '../core/releases.ts';
import { CacheDisagrees } from '../errors/index.ts';
import { dataPaths } from '../schemas/layout.ts';
import { readRange } from './git.ts';

interface RecordedEvidence {
  previous: { version: string } | null;
  commitCount: number;
  commits: { hash: string }[];
  reverted: { hash: string; revertedBy: string }[];
}

/**
 * Checks the releases about to be assembled against the evidence the chain recorded for the same
 * tag and commit: where the commits differ, git's own `rev-list` of the range decides. Throws
 * CacheDisagrees when git does not list what the plan (built from the caches) says.
 */
export async function confirmRanges(
  repoDir: string,
  dataDir: string,
  chain: ChainState,
  jobs: { project: string; path: string | null; releases: PlannedRelease[] }[],
): Promise<void> {
  for (const { project, path, releases } of jobs) {
    for (const r of releases) {
      const known = chain.releases.get(releaseKey(project, r.version));
      if (!known?.live || known.commit !== r.tag.peeled) continue;
      const recorded = chain.evidence.get(evidenceKey(project, r.version, r.tag.peeled));
      const file = join(dataDir, dataPaths.evidence(project, r.slug));
      if (recorded === undefined || !existsSync(file)) continue;
      const bytes = readFileSync(file);
      if (sha256Hex(bytes) !== recorded) continue; // not what the chain holds: nothing to compare with
      const ev = JSON.parse(bytes.toString('utf8')) as RecordedEvidence;
      if ((ev.previous?.version ?? null) !== (r.previous?.version ?? null)) continue; // another range
      const planned = new Set(r.commits);
      const listed = [
        ...ev.commits.map((c) => c.hash),
        ...ev.reverted.flatMap((c) => [c.hash, c.revertedBy]),
      ];
      if (planned.size === ev.commitCount && listed.every((h) => planned.has(h))) continue;
      const git = await readRange(repoDir, r.tag.peeled, r.previous?.tag.peeled ?? null, path);
      if (git.length === planned.size && git.every((h) => planned.has(h))) continue; // a real change
      throw new CacheDisagrees(
        repoDir,
        `the cached history of ${repoDir} gives ${project} ${r.version} (${r.tag.name}) ${planned.size} commit${planned.size === 1 ? '' : 's'}, but git lists ${git.length}`,
      );
    }
  }
}
