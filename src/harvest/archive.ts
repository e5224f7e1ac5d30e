// A release record whose tag moved to another commit, or vanished, is kept: moved (never
// rewritten) to archive/<project>/<slug>/<commit>.json with its evidence record beside it, where
// the audit chain's tag.moved / tag.deleted event points.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataPaths } from '../schemas/layout.ts';

export interface RecordRef {
  slug: string;
  commit: string;
}

/**
 * The releases a project's folder holds now: from the state file when the last harvest left one,
 * else from the records themselves (a folder restored without `.state`).
 */
export function existingRecords(
  dataDir: string,
  project: string,
  fromState: RecordRef[] | null,
): RecordRef[] {
  if (fromState) return fromState;
  const dir = join(dataDir, dataPaths.releasesOf(project));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .flatMap((name) => {
      try {
        const { slug, commit } = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RecordRef;
        return typeof slug === 'string' && typeof commit === 'string' ? [{ slug, commit }] : [];
      } catch {
        return [];
      }
    });
}

/**
 * Moves the records in `before` that `after` no longer has at the same commit into the archive.
 * Returns the data-folder paths of the archived records.
 */
export function archiveSuperseded(
  dataDir: string,
  project: string,
  before: RecordRef[],
  after: RecordRef[],
): string[] {
  const now = new Map(after.map((r) => [r.slug, r.commit]));
  const archived: string[] = [];
  for (const old of before) {
    if (now.get(old.slug) === old.commit) continue;
    const moves: [string, string][] = [
      [dataPaths.release(project, old.slug), dataPaths.archivedRelease(project, old.slug, old.commit)],
      [dataPaths.evidence(project, old.slug), dataPaths.archivedEvidence(project, old.slug, old.commit)],
    ];
    for (const [from, to] of moves) {
      const src = join(dataDir, from);
      if (!existsSync(src)) continue;
      // The evidence file may belong to another commit if an earlier run was interrupted: keep only a matching one.
      if (from.startsWith('evidence/') && !readFileSync(src, 'utf8').includes(`"commit":"${old.commit}"`))
        continue;
      mkdirSync(dirname(join(dataDir, to)), { recursive: true });
      renameSync(src, join(dataDir, to));
      if (from.startsWith('releases/')) archived.push(to);
    }
  }
  return archived;
}
