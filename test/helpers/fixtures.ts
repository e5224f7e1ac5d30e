// Fixture repositories (test/fixtures/repos/) built and harvested into a folder the caller owns.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { buildRepo } from '../../src/demo/git-builder.ts';
import { harvest } from '../../src/harvest/harvest.ts';
import { fixtures } from '../fixtures/repos/index.ts';

/** "Now" for every fixture harvest: the dates in the records never depend on the clock. */
export const FIXTURE_NOW = new Date('2026-11-20T12:00:00Z');

/**
 * Builds fixture `name`'s repositories under `root/<name>` (once) and harvests them into `dataDir`
 * (default `root/<name>/data`): the folder, the data folder, the harvest's log lines and summaries.
 */
export async function harvestFixture(root: string, name: string, dataDir?: string) {
  const fx = fixtures[name];
  if (!fx) throw new Error(`no fixture "${name}" in test/fixtures/repos/index.ts`);
  const dir = join(root, name);
  if (!existsSync(dir)) {
    for (const [repo, steps] of Object.entries(fx.repos)) await buildRepo(join(dir, repo), steps);
    for (const [rel, text] of Object.entries(fx.overlays ?? {})) {
      mkdirSync(dirname(join(dir, 'content/notes', rel)), { recursive: true });
      writeFileSync(join(dir, 'content/notes', rel), text);
    }
  }
  const data = dataDir ?? join(dir, 'data');
  const log: string[] = [];
  const summaries = await harvest(
    { config: ConfigSchema.parse(fx.config), file: join(dir, 'waybill.config.json'), dir },
    { now: FIXTURE_NOW, dataDir: data, log: (l) => log.push(l) },
  );
  return { dir, data, log, summaries };
}
