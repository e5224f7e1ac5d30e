// Where a project's repository is on disk: a local path as it is, a clone URL as a mirror in the
// cache folder, cloned on the first run and fetched on later ones.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import { isRepository, syncMirror } from './git.ts';

/** `https://…`, `ssh://…`, `file://…`, `git@host:owner/repo.git`. */
export function isCloneUrl(repo: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[\w.-]+@[\w.-]+:/.test(repo);
}

/** A clone URL without its user and password, for logs and for the data folder (which teams commit). */
export function displayRepo(repo: string): string {
  return isCloneUrl(repo) ? repo.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1') : repo;
}

/** The cache folder name for a URL: readable and unique. */
export function mirrorName(url: string): string {
  const base =
    url
      .replace(/\.git$/, '')
      .split(/[/:]/)
      .filter(Boolean)
      .pop() ?? 'repo';
  return `${base.replace(/[^A-Za-z0-9._-]/g, '_')}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}.git`;
}

export async function resolveRepository(opts: {
  projectId: string;
  index: number;
  repo: string;
  configDir: string;
  cacheDir: string;
  log: (s: string) => void;
}): Promise<string> {
  const where = `project "${opts.projectId}" (projects[${opts.index}].repo)`;
  if (isCloneUrl(opts.repo)) {
    const dir = join(opts.cacheDir, mirrorName(opts.repo));
    const exists = existsSync(dir);
    mkdirSync(dirname(dir), { recursive: true });
    opts.log(`${opts.projectId}: ${exists ? 'fetching' : 'cloning'} ${displayRepo(opts.repo)}`);
    try {
      await syncMirror(opts.repo, dir, exists);
    } catch (e) {
      const why = (e as Error).message.split('\n')[0].replaceAll(opts.repo, displayRepo(opts.repo));
      throw new InputError(`could not ${exists ? 'fetch' : 'clone'} ${displayRepo(opts.repo)}: ${why}`, {
        where,
        fix: 'check the URL and that this machine can reach it (credentials, network)',
      });
    }
    return dir;
  }
  const dir = resolve(opts.configDir, opts.repo);
  if (!existsSync(dir))
    throw new InputError(`the folder ${dir} does not exist`, {
      where,
      fix: 'set "repo" to a git repository, relative to the config file, or to a clone URL',
    });
  if (!(await isRepository(dir)))
    throw new InputError(`${dir} is not a git repository`, {
      where,
      fix: 'point "repo" at the folder that holds .git, or at a clone URL',
    });
  return dir;
}
