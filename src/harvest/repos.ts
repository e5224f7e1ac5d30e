// Where a project's repository is on disk: a local path as it is, a clone URL as a mirror in the
// cache folder, cloned on the first run and fetched on later ones.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GitError, InputError } from '../errors/index.ts';
import { isRepository, syncMirror, type Credentials } from './git.ts';
import { sha256Hex } from '../core/canonical.ts';

/** `https://…`, `ssh://…`, `file://…`, `git@host:owner/repo.git`. */
export function isCloneUrl(repo: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[\w.-]+@[\w.-]+:/.test(repo);
}

/** A clone URL without its user and password, for logs and for the data folder (which teams commit). */
export function displayRepo(repo: string): string {
  return isCloneUrl(repo) ? repo.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1') : repo;
}

/**
 * A clone URL split into the URL git may store (in the mirror's config) and the credentials it
 * must not: the user and password of an http(s) URL (`https://oauth2:TOKEN@forge/…`, or a token as
 * the user). An ssh URL keeps its user, which names the account rather than proving it; a password
 * there is dropped (ssh never takes one from the URL). docs/repositories.md.
 */
export function splitCredentials(repo: string): { url: string; credentials: Credentials | null } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/@]*)@(.*)$/i.exec(repo);
  if (!m) return { url: repo, credentials: null };
  const [, scheme, userinfo, rest] = m as unknown as [string, string, string, string];
  const colon = userinfo.indexOf(':');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? '' : decode(userinfo.slice(colon + 1));
  if (/^https?$/i.test(scheme)) return { url: `${scheme}://${rest}`, credentials: { username, password } };
  return { url: `${scheme}://${colon < 0 ? userinfo : userinfo.slice(0, colon)}@${rest}`, credentials: null };
}

/** The cache folder name for a URL: readable and unique. */
export function mirrorName(url: string): string {
  const base =
    url
      .replace(/\.git$/, '')
      .split(/[/:]/)
      .filter(Boolean)
      .pop() ?? 'repo';
  return `${base.replace(/[^A-Za-z0-9._-]/g, '_')}-${sha256Hex(url).slice(0, 12)}.git`;
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
    const { url, credentials } = splitCredentials(opts.repo);
    const dir = join(opts.cacheDir, mirrorName(url));
    // Earlier versions named the mirror after the whole URL and kept the credentials in its
    // config: such a mirror is removed, and cloned again under the name of the bare URL.
    const old = join(opts.cacheDir, mirrorName(opts.repo));
    if (old !== dir && existsSync(old)) rmSync(old, { recursive: true, force: true });
    const exists = existsSync(dir);
    mkdirSync(dirname(dir), { recursive: true });
    opts.log(`${opts.projectId}: ${exists ? 'fetching' : 'cloning'} ${displayRepo(opts.repo)}`);
    try {
      await syncMirror(url, dir, exists, credentials);
    } catch (e) {
      // git's own reason (its first line: "fatal: … does not appear to be a git repository").
      const text = e instanceof GitError && e.stderr.trim() ? e.stderr.trim() : (e as Error).message;
      const why = text.split('\n')[0]!.replaceAll(opts.repo, displayRepo(opts.repo));
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
