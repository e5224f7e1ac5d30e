/**
 * The demo's audit history before "today": a moved tag needs two harvests, so a demo data folder
 * without an audit chain first gets one harvest of how the repositories looked earlier, when the
 * api's `v1.3.0` was a lightweight tag on the merge commit below the release commit (as if pushed
 * too early), then the tag is where it is now. The harvest that follows records
 * `tag.moved` with both commits and keeps the earlier record, as it would for a real team.
 *
 * Deterministic: the earlier harvest runs at a fixed time, and the tag ref is restored exactly.
 *
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { harvest } from '../harvest/harvest.ts';
import { dataPaths } from '../schemas/layout.ts';
import { runGit } from './git-builder.ts';

/** The tag the demo moves, and when the earlier harvest saw it in its first place. */
export const DEMO_MOVED_TAG = {
  project: 'api',
  repo: 'acme-api',
  tag: 'v1.3.0',
  harvestedAt: '2026-04-01T06:00:00Z',
} as const;

/**
 * Writes the earlier harvest into `dataDir` unless it already has an audit chain. The demo's
 * repositories are shared by every build of the demo, so the tag is moved in a private clone.
 */
export async function prepareDemoHistory(
  loaded: LoadedConfig,
  dataDir: string,
  log: (line: string) => void,
): Promise<boolean> {
  if (existsSync(join(dataDir, dataPaths.audit))) return false;
  const tmp = mkdtempSync(join(tmpdir(), 'waybill-demo-history-'));
  try {
    const clone = join(tmp, DEMO_MOVED_TAG.repo);
    await runGit(tmp, ['clone', '--quiet', '--no-checkout', join(loaded.dir, DEMO_MOVED_TAG.repo), clone]);
    const earlier = (await runGit(clone, ['rev-parse', `${DEMO_MOVED_TAG.tag}^{commit}^1`])).trim();
    log(
      `demo: an earlier harvest, when ${DEMO_MOVED_TAG.project} ${DEMO_MOVED_TAG.tag} pointed at ${earlier.slice(0, 7)}`,
    );
    await runGit(clone, ['update-ref', `refs/tags/${DEMO_MOVED_TAG.tag}`, earlier]);
    const config = {
      ...loaded.config,
      projects: loaded.config.projects.map((p) =>
        p.id === DEMO_MOVED_TAG.project ? { ...p, repo: clone } : p,
      ),
    };
    await harvest(
      { ...loaded, config },
      { now: new Date(DEMO_MOVED_TAG.harvestedAt), dataDir, log: () => {} },
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return true;
}
